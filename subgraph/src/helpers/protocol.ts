// The Protocol singleton, accounts and the protocol's daily data.
import { BigDecimal, BigInt, Bytes, ethereum } from "@graphprotocol/graph-ts";

import { Account, PeperDayData, Protocol } from "../../generated/schema";
import { PROTOCOL_ID, SECONDS_PER_DAY, ZERO_BD, ZERO_BI } from "./constants";
import { dayIndex } from "./ids";

export function getOrCreateProtocol(): Protocol {
  let protocol = Protocol.load(PROTOCOL_ID);
  if (protocol == null) {
    protocol = new Protocol(PROTOCOL_ID);
    protocol.peperTotalSupply = ZERO_BI;
    protocol.peperPriceUSD = ZERO_BD;
    protocol.peperPriceUpdatedAt = ZERO_BI;
    protocol.holderCount = 0;
    protocol.delegateCount = 0;
    protocol.proposalCount = 0;
    protocol.voteCount = 0;
    protocol.pairCount = 0;
    protocol.txCount = ZERO_BI;
    protocol.swapCount = ZERO_BI;
    protocol.totalVolumePeper = ZERO_BD;
    protocol.totalVolumeUSD = ZERO_BD;
    protocol.totalFeesPeper = ZERO_BD;
    protocol.totalFeesUSD = ZERO_BD;
    protocol.totalLiquidityPeper = ZERO_BD;
    protocol.totalLiquidityUSD = ZERO_BD;
    protocol.totalStaked = ZERO_BI;
    protocol.totalStakingRewardsPaid = ZERO_BI;
    protocol.totalFarmRewardsHarvested = ZERO_BI;
    protocol.vaultCount = 0;
    protocol.nftCount = 0;
    protocol.listingCount = 0;
    protocol.offerCount = 0;
    protocol.saleCount = 0;
    protocol.certificatesIssued = 0;
    protocol.certificatesRevoked = 0;
    protocol.oracleReportCount = ZERO_BI;
  }
  return protocol;
}

/**
 * The account of an address, created on first sight. Helpers never load and save the Protocol
 * behind a caller's back: a handler loads it once, passes it down and saves it once, so that no
 * stale copy overwrites a counter.
 */
export function getOrCreateAccount(address: Bytes, event: ethereum.Event): Account {
  let account = Account.load(address);
  if (account == null) {
    account = new Account(address);
    account.firstSeenAt = event.block.timestamp;
    account.firstSeenBlock = event.block.number;
    account.save();
  }
  return account;
}

/** Whether a BigDecimal is zero (without a host call). */
export function isZeroBD(value: BigDecimal): boolean {
  return value.digits.isZero();
}

/** An amount in whole PEPER, in USD at the oracle's latest PEPER/USD price (0 before the first answer). */
export function peperToUSD(protocol: Protocol, amountPeper: BigDecimal): BigDecimal {
  if (isZeroBD(protocol.peperPriceUSD) || isZeroBD(amountPeper)) return ZERO_BD;
  return amountPeper.times(protocol.peperPriceUSD);
}

/** The day's protocol data, created with the running totals on first use. */
export function getOrCreatePeperDayData(protocol: Protocol, timestamp: BigInt): PeperDayData {
  const day = dayIndex(timestamp);
  const id = Bytes.fromI32(day);
  let data = PeperDayData.load(id);
  if (data == null) {
    data = new PeperDayData(id);
    data.date = day * SECONDS_PER_DAY;
    data.dailyVolumePeper = ZERO_BD;
    data.dailyVolumeUSD = ZERO_BD;
    data.dailyFeesPeper = ZERO_BD;
    data.dailyFeesUSD = ZERO_BD;
    data.txCount = ZERO_BI;
    data.swapCount = ZERO_BI;
  }
  data.totalLiquidityPeper = protocol.totalLiquidityPeper;
  data.totalLiquidityUSD = protocol.totalLiquidityUSD;
  data.totalVolumePeper = protocol.totalVolumePeper;
  data.peperPriceUSD = protocol.peperPriceUSD;
  if (isZeroBD(protocol.peperPriceUSD)) data.usdPending = protocol.id;
  return data;
}
