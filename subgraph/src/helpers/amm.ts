// The AMM: tokens, pairs, PEPER-denominated pricing, the Uniswap-style factory totals and the
// hourly/daily aggregates.
//
// Pricing needs no token decimals: `Token.derivedPeper` is a ratio of raw units (PEPER wei per base
// unit of the token), read from the deepest pair that links the token to PEPER, directly or through
// one priced token (Uniswap's derivedETH, with PEPER as the numeraire). The Uniswap-named fields are
// in whole tokens, converted with the decimals read when the token was first seen (factory.ts).
//
// USD: PEPER values times the PEPER/USD price in force; while there is none yet (before the oracle's
// first answer) an entity with USD fields points to the Protocol with `usdPending`, and the first
// answer values it (revaluePending, price-feed.ts).
import { BigDecimal, BigInt, Bytes, ethereum } from "@graphprotocol/graph-ts";

import {
  Pair,
  PairDayData,
  PairHourData,
  PairScratch,
  Protocol,
  Token,
  TokenDayData,
  Transaction,
  UniswapFactory,
} from "../../generated/schema";
import { ONE_BD, ONE_BI, SECONDS_PER_DAY, SECONDS_PER_HOUR, ZERO_BD, ZERO_BI } from "./constants";
import { dayIndex, hourIndex } from "./ids";
import { isZeroBD, peperToUSD } from "./protocol";

/** LP tokens have 18 decimals (PeperPair's ERC-20). */
export const LP_DECIMALS = BigInt.fromI32(18);

/** `digits × 10^exp` without a host call (graph-node normalizes it when it reaches the store or the host). */
export function scaled(digits: BigInt, exp: i32): BigDecimal {
  const d = new BigDecimal(digits);
  d.exp = BigInt.fromI32(exp);
  return d;
}

/** A raw amount in whole tokens of `decimals` decimals (exact: a shift of the decimal point). */
export function toWhole(raw: BigInt, decimals: BigInt): BigDecimal {
  if (raw.isZero()) return ZERO_BD;
  return scaled(raw, -decimals.toI32());
}

/** Whether USD values cannot be computed yet (no PEPER/USD answer so far). */
export function usdPending(protocol: Protocol): boolean {
  return isZeroBD(protocol.peperPriceUSD);
}

/** A new token (not saved): symbol, name, decimals and supply come from its contract (factory.ts). */
export function newToken(
  address: Bytes,
  protocol: Protocol,
  symbol: string,
  name: string,
  decimals: BigInt,
  totalSupply: BigInt,
): Token {
  const token = new Token(address);
  const peper = protocol.peperToken;
  token.symbol = symbol;
  token.name = name;
  token.decimals = decimals;
  token.totalSupply = totalSupply;
  token.isPeper = peper !== null && peper.equals(address);
  token.pairCount = 0;
  token.tradeVolume = ZERO_BD;
  token.tradeVolumeRaw = ZERO_BI;
  token.tradeVolumePeper = ZERO_BD;
  token.tradeVolumeUSD = ZERO_BD;
  token.untrackedVolumeUSD = ZERO_BD;
  token.totalLiquidity = ZERO_BD;
  token.totalLiquidityRaw = ZERO_BI;
  token.txCount = ZERO_BI;
  token.pricingDepth = ZERO_BD;
  setDerivedPeper(token, token.isPeper ? ONE_BD : ZERO_BD);
  return token;
}

/** Sets the raw price and its Uniswap form, whole PEPER per whole token. */
export function setDerivedPeper(token: Token, derivedPeper: BigDecimal): void {
  token.derivedPeper = derivedPeper;
  if (isZeroBD(derivedPeper)) {
    token.derivedETH = ZERO_BD;
  } else if (token.isPeper) {
    token.derivedETH = ONE_BD;
  } else {
    // × 10^(decimals - 18): PEPER has 18 decimals.
    token.derivedETH = scaled(derivedPeper.digits, derivedPeper.exp.toI32() + token.decimals.toI32() - 18);
  }
}

/** The factory's totals (Uniswap's UniswapFactory), created with the first pair. */
export function getOrCreateFactory(address: Bytes, protocol: Protocol): UniswapFactory {
  let factory = UniswapFactory.load(address);
  if (factory == null) {
    factory = new UniswapFactory(address);
    factory.pairCount = 0;
    factory.totalVolumeUSD = ZERO_BD;
    factory.totalVolumeETH = ZERO_BD;
    factory.untrackedVolumeUSD = ZERO_BD;
    factory.totalLiquidityUSD = ZERO_BD;
    factory.totalLiquidityETH = ZERO_BD;
    factory.txCount = ZERO_BI;
    protocol.factory = address;
  }
  return factory;
}

/** Copies the Protocol's AMM totals into the factory entity (saved). */
export function saveFactoryTotals(protocol: Protocol): void {
  const id = protocol.factory;
  if (id === null) return;
  const factory = UniswapFactory.load(id);
  if (factory == null) return;
  factory.pairCount = protocol.pairCount;
  factory.totalVolumeETH = protocol.totalVolumePeper;
  factory.totalVolumeUSD = protocol.totalVolumeUSD;
  factory.untrackedVolumeUSD = protocol.totalVolumeUSD;
  factory.totalLiquidityETH = protocol.totalLiquidityPeper;
  factory.totalLiquidityUSD = protocol.totalLiquidityUSD;
  factory.txCount = protocol.txCount;
  factory.usdPending = usdPending(protocol) ? protocol.id : null;
  factory.save();
}

/** The transaction of an AMM event (saved). */
export function saveTransaction(event: ethereum.Event): Bytes {
  const id = event.transaction.hash;
  if (Transaction.load(id) == null) {
    const tx = new Transaction(id);
    tx.blockNumber = event.block.number;
    tx.timestamp = event.block.timestamp;
    tx.save();
  }
  return id;
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
  if (token.isPeper) return scaled(amount, -18);
  const value = amount.toBigDecimal().times(token.derivedPeper);
  return scaled(value.digits, value.exp.toI32() - 18);
}

/** A raw BigDecimal amount (fees) of a token in whole PEPER. */
export function decimalToPeper(amount: BigDecimal, token: Token): BigDecimal {
  if (isZeroBD(amount) || isZeroBD(token.derivedPeper)) return ZERO_BD;
  const value = amount.times(token.derivedPeper);
  return scaled(value.digits, value.exp.toI32() - 18);
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
    setDerivedPeper(token, depth.div(reserve.toBigDecimal()));
    token.pricingPair = pairId;
    token.pricingDepth = depth;
  }
}

/** Re-prices both tokens of a pair after its reserves changed. */
export function updatePricing(pair: Pair, token0: Token, token1: Token): void {
  priceFrom(pair.id, token0, pair.reserve0Raw, token1, pair.reserve1Raw);
  priceFrom(pair.id, token1, pair.reserve1Raw, token0, pair.reserve0Raw);
}

/** The pair's hourly data, with this moment's reserves and prices, and one more transaction. */
export function updatePairHourData(pair: Pair, protocol: Protocol, event: ethereum.Event): PairHourData {
  const hour = hourIndex(event.block.timestamp);
  const id = pair.id.concatI32(hour);
  let data = PairHourData.load(id);
  if (data == null) {
    data = new PairHourData(id);
    data.hourStartUnix = hour * SECONDS_PER_HOUR;
    data.pair = pair.id;
    data.hourlyVolumeToken0 = ZERO_BD;
    data.hourlyVolumeToken1 = ZERO_BD;
    data.hourlyVolumeToken0Raw = ZERO_BI;
    data.hourlyVolumeToken1Raw = ZERO_BI;
    data.hourlyVolumePeper = ZERO_BD;
    data.hourlyVolumeUSD = ZERO_BD;
    data.hourlyFeesPeper = ZERO_BD;
    data.hourlyFeesUSD = ZERO_BD;
    data.hourlyTxns = ZERO_BI;
  }
  data.reserve0 = pair.reserve0;
  data.reserve1 = pair.reserve1;
  data.reserve0Raw = pair.reserve0Raw;
  data.reserve1Raw = pair.reserve1Raw;
  data.totalSupply = pair.totalSupply;
  data.totalSupplyRaw = pair.totalSupplyRaw;
  data.reservePeper = pair.reservePeper;
  data.reserveUSD = pair.reserveUSD;
  data.token0Price = pair.token0Price;
  data.token1Price = pair.token1Price;
  data.hourlyTxns = data.hourlyTxns.plus(ONE_BI);
  if (usdPending(protocol)) data.usdPending = protocol.id;
  return data;
}

/** The pair's daily data, with this moment's reserves and prices, and one more transaction. */
export function updatePairDayData(pair: Pair, protocol: Protocol, event: ethereum.Event): PairDayData {
  const day = dayIndex(event.block.timestamp);
  const id = pair.id.concatI32(day);
  let data = PairDayData.load(id);
  if (data == null) {
    data = new PairDayData(id);
    data.date = day * SECONDS_PER_DAY;
    data.pair = pair.id;
    data.pairAddress = pair.id;
    data.token0 = pair.token0;
    data.token1 = pair.token1;
    data.dailyVolumeToken0 = ZERO_BD;
    data.dailyVolumeToken1 = ZERO_BD;
    data.dailyVolumeToken0Raw = ZERO_BI;
    data.dailyVolumeToken1Raw = ZERO_BI;
    data.dailyVolumePeper = ZERO_BD;
    data.dailyVolumeUSD = ZERO_BD;
    data.dailyFeesPeper = ZERO_BD;
    data.dailyFeesUSD = ZERO_BD;
    data.dailyTxns = ZERO_BI;
  }
  data.reserve0 = pair.reserve0;
  data.reserve1 = pair.reserve1;
  data.reserve0Raw = pair.reserve0Raw;
  data.reserve1Raw = pair.reserve1Raw;
  data.totalSupply = pair.totalSupply;
  data.totalSupplyRaw = pair.totalSupplyRaw;
  data.reservePeper = pair.reservePeper;
  data.reserveUSD = pair.reserveUSD;
  data.token0Price = pair.token0Price;
  data.token1Price = pair.token1Price;
  data.dailyTxns = data.dailyTxns.plus(ONE_BI);
  if (usdPending(protocol)) data.usdPending = protocol.id;
  return data;
}

/** The token's daily data, with this moment's liquidity and price, and one more transaction. */
export function updateTokenDayData(token: Token, protocol: Protocol, event: ethereum.Event): TokenDayData {
  const day = dayIndex(event.block.timestamp);
  const id = token.id.concatI32(day);
  let data = TokenDayData.load(id);
  if (data == null) {
    data = new TokenDayData(id);
    data.date = day * SECONDS_PER_DAY;
    data.token = token.id;
    data.dailyVolumeToken = ZERO_BD;
    data.dailyVolumeETH = ZERO_BD;
    data.dailyVolumeUSD = ZERO_BD;
    data.dailyTxns = ZERO_BI;
  }
  data.totalLiquidityToken = token.totalLiquidity;
  data.totalLiquidityETH = toPeper(token.totalLiquidityRaw, token);
  data.totalLiquidityUSD = peperToUSD(protocol, data.totalLiquidityETH);
  data.priceETH = token.derivedETH;
  data.priceUSD = peperToUSD(protocol, token.derivedETH);
  data.dailyTxns = data.dailyTxns.plus(ONE_BI);
  if (usdPending(protocol)) data.usdPending = protocol.id;
  return data;
}
