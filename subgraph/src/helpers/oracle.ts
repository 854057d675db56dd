// The oracle: hub, operators, feeds, and the link from a feed contract's events to the hub's report.
import { BigInt, Bytes } from "@graphprotocol/graph-ts";

import { OracleFeed, OracleFeedBinding, OracleHub, OracleOperator } from "../../generated/schema";
import { ADDRESS_ZERO, ZERO_BI } from "./constants";
import { u256 } from "./ids";

export function getOrCreateHub(address: Bytes): OracleHub {
  let hub = OracleHub.load(address);
  if (hub == null) {
    hub = new OracleHub(address);
    hub.configVersion = ZERO_BI;
    hub.threshold = 0;
    hub.maxReportAge = ZERO_BI;
    hub.reportCount = ZERO_BI;
  }
  return hub;
}

export function getOrCreateOperator(address: Bytes): OracleOperator {
  let operator = OracleOperator.load(address);
  if (operator == null) {
    operator = new OracleOperator(address);
    operator.active = false;
    operator.index = -1;
    operator.lastConfigVersion = ZERO_BI;
    operator.reportsSigned = ZERO_BI;
    operator.reportsTransmitted = ZERO_BI;
  }
  return operator;
}

export function getOrCreateFeed(feedId: Bytes): OracleFeed {
  let feed = OracleFeed.load(feedId);
  if (feed == null) {
    feed = new OracleFeed(feedId);
    feed.address = ADDRESS_ZERO;
    feed.reportCount = ZERO_BI;
    feed.lastRound = ZERO_BI;
    feed.lastObservedAt = ZERO_BI;
  }
  return feed;
}

/** hub address ++ i32le(version): the id of an OracleConfig. */
export function configId(hub: Bytes, version: BigInt): Bytes {
  return hub.concatI32(version.toI32());
}

/** feedId ++ u256(round): the id of an OracleReport. */
export function reportId(feedId: Bytes, round: BigInt): Bytes {
  return feedId.concat(u256(round));
}

/** The feed served by a feed contract, or null if the hub never registered it. */
export function feedOfContract(address: Bytes): OracleFeed | null {
  const binding = OracleFeedBinding.load(address);
  if (binding == null) return null;
  return OracleFeed.load(binding.feed);
}

/** The hub's report that delivered round `round` to the feed contract at `address`, if known. */
export function reportOfContract(address: Bytes, round: BigInt): Bytes | null {
  const binding = OracleFeedBinding.load(address);
  if (binding == null) return null;
  return reportId(binding.feed, round);
}

/** Whether bit `i` of a non-negative BigInt is set (graph-ts BigInt bytes are little-endian). */
export function testBit(bitmap: BigInt, i: i32): boolean {
  const byte = i >> 3;
  if (byte >= bitmap.length) return false;
  const value: i32 = bitmap[byte] as i32;
  return ((value >> (i & 7)) & 1) == 1;
}
