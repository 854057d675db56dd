// PeperPair (template, one per pair): LP balances, reserves and prices, swaps, mints, burns and the
// hourly and daily aggregates, in the style of the Uniswap V2 subgraph.
import { BigDecimal, BigInt, Bytes, ethereum, log } from "@graphprotocol/graph-ts";

import { Burn, LiquidityPosition, Mint, Pair, Protocol, Swap, Token } from "../../generated/schema";
import {
  Burn as BurnEvent,
  Mint as MintEvent,
  Swap as SwapEvent,
  Sync as SyncEvent,
  Transfer as TransferEvent,
} from "../../generated/templates/PeperPair/PeperPair";
import {
  LP_DECIMALS,
  clearBurn,
  clearMints,
  decimalToPeper,
  saveFactoryTotals,
  saveTransaction,
  scratchFor,
  swapValuePeper,
  toPeper,
  toWhole,
  updatePairDayData,
  updatePairHourData,
  updatePricing,
  updateTokenDayData,
  usdPending,
} from "../helpers/amm";
import { ADDRESS_ZERO, DEAD_ADDRESS, ONE_BI, ZERO_BD, ZERO_BI, swapFeeRate } from "../helpers/constants";
import { eventId } from "../helpers/ids";
import { getOrCreateAccount, getOrCreatePeperDayData, getOrCreateProtocol, peperToUSD } from "../helpers/protocol";

function loadPair(event: ethereum.Event): Pair | null {
  const pair = Pair.load(event.address);
  if (pair == null) log.warning("PeperPair: event from unknown pair {}", [event.address.toHexString()]);
  return pair;
}

/** Moves an account's LP balance and keeps the pair's provider count. */
function moveLiquidity(pair: Pair, account: Bytes, delta: BigInt, event: ethereum.Event): void {
  const id = pair.id.concat(account);
  let position = LiquidityPosition.load(id);
  if (position == null) {
    position = new LiquidityPosition(id);
    position.pair = pair.id;
    position.account = getOrCreateAccount(account, event).id;
    position.user = position.account;
    position.balance = ZERO_BI;
  }
  const before = position.balance;
  position.balance = before.plus(delta);
  position.liquidityTokenBalance = toWhole(position.balance, LP_DECIMALS);
  if (before.isZero() && position.balance.gt(ZERO_BI)) pair.liquidityProviderCount = pair.liquidityProviderCount + 1;
  if (before.gt(ZERO_BI) && position.balance.isZero()) pair.liquidityProviderCount = pair.liquidityProviderCount - 1;
  position.save();
}

export function handleTransfer(event: TransferEvent): void {
  const pair = loadPair(event);
  if (pair == null) return;
  const from = event.params.from;
  const to = event.params.to;
  const value = event.params.value;
  const scratch = scratchFor(pair.id, event);

  if (from.equals(ADDRESS_ZERO)) {
    // An LP mint: to the provider, to 0xdEaD (first mint) or to feeTo (protocol fee).
    pair.totalSupplyRaw = pair.totalSupplyRaw.plus(value);
    scratch.prevMintTo = scratch.lastMintTo;
    scratch.prevMintLiquidity = scratch.lastMintLiquidity;
    scratch.lastMintTo = to;
    scratch.lastMintLiquidity = value;
  }
  if (to.equals(ADDRESS_ZERO)) {
    pair.totalSupplyRaw = pair.totalSupplyRaw.minus(value);
    scratch.burnLiquidity = value;
  }
  if (to.equals(pair.id) && !from.equals(ADDRESS_ZERO)) scratch.burnProvider = from;
  scratch.save();

  // LP positions (the pair itself only holds LP tokens in transit to a burn).
  if (!from.equals(ADDRESS_ZERO) && !from.equals(pair.id)) moveLiquidity(pair, from, value.neg(), event);
  if (!to.equals(ADDRESS_ZERO) && !to.equals(pair.id)) moveLiquidity(pair, to, value, event);
  pair.totalSupply = toWhole(pair.totalSupplyRaw, LP_DECIMALS);
  pair.save();
}

export function handleSync(event: SyncEvent): void {
  const pair = loadPair(event);
  if (pair == null) return;
  const protocol = getOrCreateProtocol();
  const token0 = Token.load(pair.token0)!;
  const token1 = Token.load(pair.token1)!;
  const reserve0 = event.params.reserve0;
  const reserve1 = event.params.reserve1;

  protocol.totalLiquidityPeper = protocol.totalLiquidityPeper.minus(pair.reservePeper);
  token0.totalLiquidityRaw = token0.totalLiquidityRaw.minus(pair.reserve0Raw).plus(reserve0);
  token1.totalLiquidityRaw = token1.totalLiquidityRaw.minus(pair.reserve1Raw).plus(reserve1);
  token0.totalLiquidity = toWhole(token0.totalLiquidityRaw, token0.decimals);
  token1.totalLiquidity = toWhole(token1.totalLiquidityRaw, token1.decimals);

  pair.reserve0Raw = reserve0;
  pair.reserve1Raw = reserve1;
  pair.reserve0 = toWhole(reserve0, token0.decimals);
  pair.reserve1 = toWhole(reserve1, token1.decimals);
  // Uniswap's orientation: token0Price is token0 per token1.
  const whole = reserve0.isZero() || reserve1.isZero();
  pair.token0Price = whole ? ZERO_BD : pair.reserve0.div(pair.reserve1);
  pair.token1Price = whole ? ZERO_BD : pair.reserve1.div(pair.reserve0);
  updatePricing(pair, token0, token1);

  pair.reservePeper = toPeper(reserve0, token0).plus(toPeper(reserve1, token1));
  pair.reserveETH = pair.reservePeper;
  pair.trackedReserveETH = pair.reservePeper;
  pair.reserveUSD = peperToUSD(protocol, pair.reservePeper);
  if (usdPending(protocol)) pair.usdPending = protocol.id;
  protocol.totalLiquidityPeper = protocol.totalLiquidityPeper.plus(pair.reservePeper);
  protocol.totalLiquidityUSD = peperToUSD(protocol, protocol.totalLiquidityPeper);

  token0.save();
  token1.save();
  pair.save();
  protocol.save();
  saveFactoryTotals(protocol);
}

/** Counts one AMM transaction (swap, mint or burn) on the pair, its tokens and the protocol. */
function countTransaction(pair: Pair, token0: Token, token1: Token, protocol: Protocol): void {
  pair.txCount = pair.txCount.plus(ONE_BI);
  token0.txCount = token0.txCount.plus(ONE_BI);
  token1.txCount = token1.txCount.plus(ONE_BI);
  protocol.txCount = protocol.txCount.plus(ONE_BI);
}

export function handleMint(event: MintEvent): void {
  const pair = loadPair(event);
  if (pair == null) return;
  const protocol = getOrCreateProtocol();
  const token0 = Token.load(pair.token0)!;
  const token1 = Token.load(pair.token1)!;
  const scratch = scratchFor(pair.id, event);

  const mint = new Mint(eventId(event));
  mint.transaction = saveTransaction(event);
  mint.pair = pair.id;
  mint.sender = event.params.sender;
  mint.to = scratch.lastMintTo;
  mint.liquidityRaw = scratch.lastMintLiquidity;
  mint.liquidity = lpWhole(scratch.lastMintLiquidity);
  const prevTo = scratch.prevMintTo;
  if (prevTo !== null && !prevTo.equals(DEAD_ADDRESS)) {
    mint.feeTo = prevTo;
    mint.feeLiquidityRaw = scratch.prevMintLiquidity;
    mint.feeLiquidity = lpWhole(scratch.prevMintLiquidity);
  }
  mint.amount0Raw = event.params.amount0;
  mint.amount1Raw = event.params.amount1;
  mint.amount0 = toWhole(mint.amount0Raw, token0.decimals);
  mint.amount1 = toWhole(mint.amount1Raw, token1.decimals);
  mint.amountPeper = toPeper(mint.amount0Raw, token0).plus(toPeper(mint.amount1Raw, token1));
  mint.amountUSD = peperToUSD(protocol, mint.amountPeper);
  if (usdPending(protocol)) mint.usdPending = protocol.id;
  mint.logIndex = event.logIndex;
  mint.blockNumber = event.block.number;
  mint.timestamp = event.block.timestamp;
  mint.transactionHash = event.transaction.hash;
  mint.save();
  clearMints(scratch);
  scratch.save();

  countTransaction(pair, token0, token1, protocol);
  saveMintOrBurn(pair, token0, token1, protocol, event);
}

export function handleBurn(event: BurnEvent): void {
  const pair = loadPair(event);
  if (pair == null) return;
  const protocol = getOrCreateProtocol();
  const token0 = Token.load(pair.token0)!;
  const token1 = Token.load(pair.token1)!;
  const scratch = scratchFor(pair.id, event);

  const burn = new Burn(eventId(event));
  burn.transaction = saveTransaction(event);
  burn.pair = pair.id;
  burn.sender = event.params.sender;
  burn.to = event.params.to;
  burn.provider = scratch.burnProvider;
  burn.liquidityRaw = scratch.burnLiquidity;
  burn.liquidity = lpWhole(scratch.burnLiquidity);
  burn.feeTo = scratch.lastMintTo; // the only LP mint inside burn() is the protocol fee's
  burn.feeLiquidityRaw = scratch.lastMintLiquidity;
  burn.feeLiquidity = lpWhole(scratch.lastMintLiquidity);
  burn.amount0Raw = event.params.amount0;
  burn.amount1Raw = event.params.amount1;
  burn.amount0 = toWhole(burn.amount0Raw, token0.decimals);
  burn.amount1 = toWhole(burn.amount1Raw, token1.decimals);
  burn.amountPeper = toPeper(burn.amount0Raw, token0).plus(toPeper(burn.amount1Raw, token1));
  burn.amountUSD = peperToUSD(protocol, burn.amountPeper);
  if (usdPending(protocol)) burn.usdPending = protocol.id;
  burn.logIndex = event.logIndex;
  burn.blockNumber = event.block.number;
  burn.timestamp = event.block.timestamp;
  burn.transactionHash = event.transaction.hash;
  burn.save();
  clearMints(scratch);
  clearBurn(scratch);
  scratch.save();

  countTransaction(pair, token0, token1, protocol);
  saveMintOrBurn(pair, token0, token1, protocol, event);
}

export function handleSwap(event: SwapEvent): void {
  const pair = loadPair(event);
  if (pair == null) return;
  const protocol = getOrCreateProtocol();
  const token0 = Token.load(pair.token0)!;
  const token1 = Token.load(pair.token1)!;
  const p = event.params;

  const amount0 = p.amount0In.plus(p.amount0Out);
  const amount1 = p.amount1In.plus(p.amount1Out);
  const volumePeper = swapValuePeper(amount0, token0, amount1, token1);
  const volumeUSD = peperToUSD(protocol, volumePeper);
  const rate = swapFeeRate();
  const fee0 = p.amount0In.isZero() ? ZERO_BD : p.amount0In.toBigDecimal().times(rate);
  const fee1 = p.amount1In.isZero() ? ZERO_BD : p.amount1In.toBigDecimal().times(rate);
  const feesPeper = decimalToPeper(fee0, token0).plus(decimalToPeper(fee1, token1));
  const feesUSD = peperToUSD(protocol, feesPeper);

  const swap = new Swap(eventId(event));
  swap.transaction = saveTransaction(event);
  swap.pair = pair.id;
  swap.sender = p.sender;
  swap.to = p.to;
  swap.from = event.transaction.from;
  swap.amount0InRaw = p.amount0In;
  swap.amount1InRaw = p.amount1In;
  swap.amount0OutRaw = p.amount0Out;
  swap.amount1OutRaw = p.amount1Out;
  swap.amount0In = toWhole(p.amount0In, token0.decimals);
  swap.amount1In = toWhole(p.amount1In, token1.decimals);
  swap.amount0Out = toWhole(p.amount0Out, token0.decimals);
  swap.amount1Out = toWhole(p.amount1Out, token1.decimals);
  swap.amountPeper = volumePeper;
  swap.amountUSD = volumeUSD;
  swap.feePeper = feesPeper;
  swap.logIndex = event.logIndex;
  swap.blockNumber = event.block.number;
  swap.timestamp = event.block.timestamp;
  swap.transactionHash = event.transaction.hash;
  const pending = usdPending(protocol);
  if (pending) swap.usdPending = protocol.id;
  swap.save();

  const whole0 = toWhole(amount0, token0.decimals);
  const whole1 = toWhole(amount1, token1.decimals);
  pair.volumeToken0Raw = pair.volumeToken0Raw.plus(amount0);
  pair.volumeToken1Raw = pair.volumeToken1Raw.plus(amount1);
  pair.volumeToken0 = toWhole(pair.volumeToken0Raw, token0.decimals);
  pair.volumeToken1 = toWhole(pair.volumeToken1Raw, token1.decimals);
  pair.volumePeper = pair.volumePeper.plus(volumePeper);
  pair.volumeUSD = pair.volumeUSD.plus(volumeUSD);
  pair.untrackedVolumeUSD = pair.volumeUSD;
  pair.feesToken0 = pair.feesToken0.plus(fee0);
  pair.feesToken1 = pair.feesToken1.plus(fee1);
  pair.feesPeper = pair.feesPeper.plus(feesPeper);
  pair.feesUSD = pair.feesUSD.plus(feesUSD);
  pair.swapCount = pair.swapCount.plus(ONE_BI);
  if (pending) pair.usdPending = protocol.id;
  // Each token's volume valued at its own price (Uniswap values a token's volume with its derivedETH).
  const value0 = toPeper(amount0, token0);
  const value1 = toPeper(amount1, token1);
  token0.tradeVolumeRaw = token0.tradeVolumeRaw.plus(amount0);
  token1.tradeVolumeRaw = token1.tradeVolumeRaw.plus(amount1);
  token0.tradeVolume = toWhole(token0.tradeVolumeRaw, token0.decimals);
  token1.tradeVolume = toWhole(token1.tradeVolumeRaw, token1.decimals);
  token0.tradeVolumePeper = token0.tradeVolumePeper.plus(value0);
  token1.tradeVolumePeper = token1.tradeVolumePeper.plus(value1);
  token0.tradeVolumeUSD = token0.tradeVolumeUSD.plus(peperToUSD(protocol, value0));
  token1.tradeVolumeUSD = token1.tradeVolumeUSD.plus(peperToUSD(protocol, value1));
  token0.untrackedVolumeUSD = token0.tradeVolumeUSD;
  token1.untrackedVolumeUSD = token1.tradeVolumeUSD;
  if (pending) {
    token0.usdPending = protocol.id;
    token1.usdPending = protocol.id;
  }
  protocol.swapCount = protocol.swapCount.plus(ONE_BI);
  protocol.totalVolumePeper = protocol.totalVolumePeper.plus(volumePeper);
  protocol.totalVolumeUSD = protocol.totalVolumeUSD.plus(volumeUSD);
  protocol.totalFeesPeper = protocol.totalFeesPeper.plus(feesPeper);
  protocol.totalFeesUSD = protocol.totalFeesUSD.plus(feesUSD);
  countTransaction(pair, token0, token1, protocol);

  const hour = updatePairHourData(pair, protocol, event);
  hour.hourlyVolumeToken0Raw = hour.hourlyVolumeToken0Raw.plus(amount0);
  hour.hourlyVolumeToken1Raw = hour.hourlyVolumeToken1Raw.plus(amount1);
  hour.hourlyVolumeToken0 = toWhole(hour.hourlyVolumeToken0Raw, token0.decimals);
  hour.hourlyVolumeToken1 = toWhole(hour.hourlyVolumeToken1Raw, token1.decimals);
  hour.hourlyVolumePeper = hour.hourlyVolumePeper.plus(volumePeper);
  hour.hourlyVolumeUSD = hour.hourlyVolumeUSD.plus(volumeUSD);
  hour.hourlyFeesPeper = hour.hourlyFeesPeper.plus(feesPeper);
  hour.hourlyFeesUSD = hour.hourlyFeesUSD.plus(feesUSD);
  hour.save();
  const day = updatePairDayData(pair, protocol, event);
  day.dailyVolumeToken0Raw = day.dailyVolumeToken0Raw.plus(amount0);
  day.dailyVolumeToken1Raw = day.dailyVolumeToken1Raw.plus(amount1);
  day.dailyVolumeToken0 = toWhole(day.dailyVolumeToken0Raw, token0.decimals);
  day.dailyVolumeToken1 = toWhole(day.dailyVolumeToken1Raw, token1.decimals);
  day.dailyVolumePeper = day.dailyVolumePeper.plus(volumePeper);
  day.dailyVolumeUSD = day.dailyVolumeUSD.plus(volumeUSD);
  day.dailyFeesPeper = day.dailyFeesPeper.plus(feesPeper);
  day.dailyFeesUSD = day.dailyFeesUSD.plus(feesUSD);
  day.save();
  const tokenDay0 = updateTokenDayData(token0, protocol, event);
  tokenDay0.dailyVolumeToken = tokenDay0.dailyVolumeToken.plus(whole0);
  tokenDay0.dailyVolumeETH = tokenDay0.dailyVolumeETH.plus(value0);
  tokenDay0.dailyVolumeUSD = tokenDay0.dailyVolumeUSD.plus(peperToUSD(protocol, value0));
  tokenDay0.save();
  const tokenDay1 = updateTokenDayData(token1, protocol, event);
  tokenDay1.dailyVolumeToken = tokenDay1.dailyVolumeToken.plus(whole1);
  tokenDay1.dailyVolumeETH = tokenDay1.dailyVolumeETH.plus(value1);
  tokenDay1.dailyVolumeUSD = tokenDay1.dailyVolumeUSD.plus(peperToUSD(protocol, value1));
  tokenDay1.save();
  const protocolDay = getOrCreatePeperDayData(protocol, event.block.timestamp);
  protocolDay.dailyVolumePeper = protocolDay.dailyVolumePeper.plus(volumePeper);
  protocolDay.dailyVolumeUSD = protocolDay.dailyVolumeUSD.plus(volumeUSD);
  protocolDay.dailyFeesPeper = protocolDay.dailyFeesPeper.plus(feesPeper);
  protocolDay.dailyFeesUSD = protocolDay.dailyFeesUSD.plus(feesUSD);
  protocolDay.swapCount = protocolDay.swapCount.plus(ONE_BI);
  protocolDay.txCount = protocolDay.txCount.plus(ONE_BI);
  protocolDay.save();

  token0.save();
  token1.save();
  pair.save();
  protocol.save();
  saveFactoryTotals(protocol);
}

/** LP tokens in whole units, or null when unknown. */
function lpWhole(raw: BigInt | null): BigDecimal | null {
  return raw === null ? null : toWhole(raw, LP_DECIMALS);
}

/** Saves a mint's or burn's entities and counts it in the hour, day and protocol day data. */
function saveMintOrBurn(pair: Pair, token0: Token, token1: Token, protocol: Protocol, event: ethereum.Event): void {
  updatePairHourData(pair, protocol, event).save();
  updatePairDayData(pair, protocol, event).save();
  updateTokenDayData(token0, protocol, event).save();
  updateTokenDayData(token1, protocol, event).save();
  const protocolDay = getOrCreatePeperDayData(protocol, event.block.timestamp);
  protocolDay.txCount = protocolDay.txCount.plus(ONE_BI);
  protocolDay.save();
  token0.save();
  token1.save();
  pair.save();
  protocol.save();
  saveFactoryTotals(protocol);
}
