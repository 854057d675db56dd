// The AMM: tokens, pairs, PEPER-denominated pricing and the hourly/daily aggregates.
//
// Pricing needs no contract call and no token decimals: `Token.derivedPeper` is a ratio of raw
// units (PEPER wei per base unit of the token), read from the deepest pair that links the token to
// PEPER, directly or through one priced token (Uniswap's derivedETH, with PEPER as the numeraire).
import { BigDecimal, BigInt, Bytes, ethereum } from "@graphprotocol/graph-ts";

import { Pair, PairDayData, PairHourData, PairScratch, Protocol, Token } from "../../generated/schema";
import { ONE_BD, PEPER_UNIT, SECONDS_PER_DAY, SECONDS_PER_HOUR, ZERO_BD, ZERO_BI } from "./constants";
import { dayIndex, hourIndex } from "./ids";
import { isZeroBD } from "./protocol";

export function getOrCreateToken(address: Bytes, protocol: Protocol): Token {
  let token = Token.load(address);
  if (token == null) {
    token = new Token(address);
    const peper = protocol.peperToken;
    token.isPeper = peper !== null && peper.equals(address);
    token.pairCount = 0;
    token.tradeVolume = ZERO_BI;
    token.totalLiquidity = ZERO_BI;
    token.txCount = ZERO_BI;
    token.derivedPeper = token.isPeper ? ONE_BD : ZERO_BD;
    token.pricingDepth = ZERO_BD;
  }
  return token;
}

export function createPairScratch(pair: Bytes): void {
  const scratch = new PairScratch(pair);
  scratch.save();
}

/** The pair's scratch for this transaction: cleared when the transaction changes. */
export function scratchFor(pair: Bytes, event: ethereum.Event): PairScratch {
  let scratch = PairScratch.load(pair);
  if (scratch == null) scratch = new PairScratch(pair);
  const txHash = scratch.txHash;
  if (txHash === null || !txHash.equals(event.transaction.hash)) {
    scratch.txHash = event.transaction.hash;
    clearMints(scratch);
    clearBurn(scratch);
  }
  return scratch;
}

export function clearMints(scratch: PairScratch): void {
  scratch.lastMintTo = null;
  scratch.lastMintLiquidity = null;
  scratch.prevMintTo = null;
  scratch.prevMintLiquidity = null;
}

export function clearBurn(scratch: PairScratch): void {
  scratch.burnLiquidity = null;
  scratch.burnProvider = null;
}

/** raw * derivedPeper / 10^18: a raw amount of a token in whole PEPER. */
export function toPeper(amount: BigInt, token: Token): BigDecimal {
  if (amount.isZero() || isZeroBD(token.derivedPeper)) return ZERO_BD;
  if (token.isPeper) return amount.toBigDecimal().div(PEPER_UNIT);
  return amount.toBigDecimal().times(token.derivedPeper).div(PEPER_UNIT);
}

/** A raw BigDecimal amount (fees) of a token in whole PEPER. */
export function decimalToPeper(amount: BigDecimal, token: Token): BigDecimal {
  if (isZeroBD(amount) || isZeroBD(token.derivedPeper)) return ZERO_BD;
  return amount.times(token.derivedPeper).div(PEPER_UNIT);
}

/** The value of a swap in whole PEPER: the mean of both sides' values when both are priced. */
export function swapValuePeper(amount0: BigInt, token0: Token, amount1: BigInt, token1: Token): BigDecimal {
  const value0 = toPeper(amount0, token0);
  const value1 = toPeper(amount1, token1);
  if (isZeroBD(value0)) return value1;
  if (isZeroBD(value1)) return value0;
  return value0.plus(value1).div(new BigDecimal(BigInt.fromI32(2)));
}

/**
 * Prices `token` from this pair when the other side is PEPER or a token priced elsewhere, and the
 * pair is the token's pricing pair already or deeper than it (depth = PEPER value of the other side).
 */
function priceFrom(pairId: Bytes, token: Token, reserve: BigInt, other: Token, otherReserve: BigInt): void {
  if (token.isPeper || reserve.isZero() || otherReserve.isZero()) return;
  let depth: BigDecimal;
  if (other.isPeper) {
    depth = otherReserve.toBigDecimal();
  } else {
    if (isZeroBD(other.derivedPeper)) return;
    const otherPricing = other.pricingPair;
    if (otherPricing !== null && otherPricing.equals(pairId)) return; // no cycle through this pair
    depth = otherReserve.toBigDecimal().times(other.derivedPeper);
  }
  const current = token.pricingPair;
  const isCurrent = current !== null && current.equals(pairId);
  if (isCurrent || depth.gt(token.pricingDepth)) {
    token.derivedPeper = depth.div(reserve.toBigDecimal());
    token.pricingPair = pairId;
    token.pricingDepth = depth;
  }
}

/** Re-prices both tokens of a pair after its reserves changed. */
export function updatePricing(pair: Pair, token0: Token, token1: Token): void {
  priceFrom(pair.id, token0, pair.reserve0, token1, pair.reserve1);
  priceFrom(pair.id, token1, pair.reserve1, token0, pair.reserve0);
}

/** The pair's hourly data, with this moment's reserves and prices, and one more transaction. */
export function updatePairHourData(pair: Pair, event: ethereum.Event): PairHourData {
  const hour = hourIndex(event.block.timestamp);
  const id = pair.id.concatI32(hour);
  let data = PairHourData.load(id);
  if (data == null) {
    data = new PairHourData(id);
    data.hourStartUnix = hour * SECONDS_PER_HOUR;
    data.pair = pair.id;
    data.hourlyVolumeToken0 = ZERO_BI;
    data.hourlyVolumeToken1 = ZERO_BI;
    data.hourlyVolumePeper = ZERO_BD;
    data.hourlyVolumeUSD = ZERO_BD;
    data.hourlyFeesPeper = ZERO_BD;
    data.hourlyFeesUSD = ZERO_BD;
    data.hourlyTxns = ZERO_BI;
  }
  data.reserve0 = pair.reserve0;
  data.reserve1 = pair.reserve1;
  data.totalSupply = pair.totalSupply;
  data.reservePeper = pair.reservePeper;
  data.reserveUSD = pair.reserveUSD;
  data.token0Price = pair.token0Price;
  data.token1Price = pair.token1Price;
  data.hourlyTxns = data.hourlyTxns.plus(BigInt.fromI32(1));
  return data;
}

/** The pair's daily data, with this moment's reserves and prices, and one more transaction. */
export function updatePairDayData(pair: Pair, event: ethereum.Event): PairDayData {
  const day = dayIndex(event.block.timestamp);
  const id = pair.id.concatI32(day);
  let data = PairDayData.load(id);
  if (data == null) {
    data = new PairDayData(id);
    data.date = day * SECONDS_PER_DAY;
    data.pair = pair.id;
    data.token0 = pair.token0;
    data.token1 = pair.token1;
    data.dailyVolumeToken0 = ZERO_BI;
    data.dailyVolumeToken1 = ZERO_BI;
    data.dailyVolumePeper = ZERO_BD;
    data.dailyVolumeUSD = ZERO_BD;
    data.dailyFeesPeper = ZERO_BD;
    data.dailyFeesUSD = ZERO_BD;
    data.dailyTxns = ZERO_BI;
  }
  data.reserve0 = pair.reserve0;
  data.reserve1 = pair.reserve1;
  data.totalSupply = pair.totalSupply;
  data.reservePeper = pair.reservePeper;
  data.reserveUSD = pair.reserveUSD;
  data.token0Price = pair.token0Price;
  data.token1Price = pair.token1Price;
  data.dailyTxns = data.dailyTxns.plus(BigInt.fromI32(1));
  return data;
}
