// Entity ids. Every id is Bytes:
// - address-keyed entities: the 20-byte address;
// - event entities: transaction hash ++ log index (4 bytes little-endian, graph-ts `concatI32`);
// - uint256 keys (proposal, token, listing, offer, round, pid): their 32-byte big-endian ABI word;
// - day, hour and version numbers: `concatI32` (4 bytes little-endian).
import { BigInt, Bytes, ethereum } from "@graphprotocol/graph-ts";

import { SECONDS_PER_DAY, SECONDS_PER_HOUR } from "./constants";

/** transaction hash ++ log index: the id of an event entity. */
export function eventId(event: ethereum.Event): Bytes {
  return event.transaction.hash.concatI32(event.logIndex.toI32());
}

/** The 32-byte big-endian word of a non-negative integer below 2^256 (its ABI encoding). */
export function u256(value: BigInt): Bytes {
  const out = new Bytes(32);
  // graph-ts BigInt: little-endian two's complement; a trailing 0x00 sign byte may follow.
  const n = value.length < 32 ? value.length : 32;
  for (let i = 0; i < n; i++) {
    out[31 - i] = value[i];
  }
  return out;
}

/** floor(timestamp / 86400). */
export function dayIndex(timestamp: BigInt): i32 {
  return (timestamp.toI64() / SECONDS_PER_DAY) as i32;
}

/** floor(timestamp / 3600). */
export function hourIndex(timestamp: BigInt): i32 {
  return (timestamp.toI64() / SECONDS_PER_HOUR) as i32;
}
