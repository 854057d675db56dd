// PeperPair (template, one per pair): LP balances, reserves and prices, swaps, mints, burns and the
// hourly and daily aggregates, in the style of the Uniswap V2 subgraph.
import { BigInt, Bytes, ethereum, log } from "@graphprotocol/graph-ts";

import { Burn, LiquidityPosition, Mint, Pair, Protocol, Swap, Token } from "../../generated/schema";
import {
  Burn as BurnEvent,
  Mint as MintEvent,
  Swap as SwapEvent,
  Sync as SyncEvent,
  Transfer as TransferEvent,
} from "../../generated/templates/PeperPair/PeperPair";
import {
  clearBurn,
  clearMints,
  decimalToPeper,
  scratchFor,
  swapValuePeper,
  toPeper,
  updatePairDayData,
  updatePairHourData,
  updatePricing,
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
    position.balance = ZERO_BI;
  }
  const before = position.balance;
  position.balance = before.plus(delta);
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
    pair.totalSupply = pair.totalSupply.plus(value);
    scratch.prevMintTo = scratch.lastMintTo;
    scratch.prevMintLiquidity = scratch.lastMintLiquidity;
    scratch.lastMintTo = to;
    scratch.lastMintLiquidity = value;
  }
  if (to.equals(ADDRESS_ZERO)) {
    pair.totalSupply = pair.totalSupply.minus(value);
    scratch.burnLiquidity = value;
  }
  if (to.equals(pair.id) && !from.equals(ADDRESS_ZERO)) scratch.burnProvider = from;
  scratch.save();

  // LP positions (the pair itself only holds LP tokens in transit to a burn).
  if (!from.equals(ADDRESS_ZERO) && !from.equals(pair.id)) moveLiquidity(pair, from, value.neg(), event);
  if (!to.equals(ADDRESS_ZERO) && !to.equals(pair.id)) moveLiquidity(pair, to, value, event);
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
  token0.totalLiquidity = token0.totalLiquidity.minus(pair.reserve0).plus(reserve0);
  token1.totalLiquidity = token1.totalLiquidity.minus(pair.reserve1).plus(reserve1);

  pair.reserve0 = reserve0;
  pair.reserve1 = reserve1;
  pair.token0Price = reserve0.isZero() ? ZERO_BD : reserve1.toBigDecimal().div(reserve0.toBigDecimal());
  pair.token1Price = reserve1.isZero() ? ZERO_BD : reserve0.toBigDecimal().div(reserve1.toBigDecimal());
  updatePricing(pair, token0, token1);

  pair.reservePeper = toPeper(reserve0, token0).plus(toPeper(reserve1, token1));
  pair.reserveUSD = peperToUSD(protocol, pair.reservePeper);
  protocol.totalLiquidityPeper = protocol.totalLiquidityPeper.plus(pair.reservePeper);
  protocol.totalLiquidityUSD = peperToUSD(protocol, protocol.totalLiquidityPeper);

  token0.save();
  token1.save();
  pair.save();
  protocol.save();
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
  mint.pair = pair.id;
  mint.sender = event.params.sender;
  mint.to = scratch.lastMintTo;
  mint.liquidity = scratch.lastMintLiquidity;
  const prevTo = scratch.prevMintTo;
  if (prevTo !== null && !prevTo.equals(DEAD_ADDRESS)) {
    mint.feeTo = prevTo;
    mint.feeLiquidity = scratch.prevMintLiquidity;
  }
  mint.amount0 = event.params.amount0;
  mint.amount1 = event.params.amount1;
  mint.amountPeper = toPeper(mint.amount0, token0).plus(toPeper(mint.amount1, token1));
  mint.amountUSD = peperToUSD(protocol, mint.amountPeper);
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
  burn.pair = pair.id;
  burn.sender = event.params.sender;
  burn.to = event.params.to;
  burn.provider = scratch.burnProvider;
  burn.liquidity = scratch.burnLiquidity;
  burn.feeTo = scratch.lastMintTo; // the only LP mint inside burn() is the protocol fee's
  burn.feeLiquidity = scratch.lastMintLiquidity;
  burn.amount0 = event.params.amount0;
  burn.amount1 = event.params.amount1;
  burn.amountPeper = toPeper(burn.amount0, token0).plus(toPeper(burn.amount1, token1));
  burn.amountUSD = peperToUSD(protocol, burn.amountPeper);
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
  swap.pair = pair.id;
  swap.sender = p.sender;
  swap.to = p.to;
  swap.from = event.transaction.from;
  swap.amount0In = p.amount0In;
  swap.amount1In = p.amount1In;
  swap.amount0Out = p.amount0Out;
  swap.amount1Out = p.amount1Out;
  swap.amountPeper = volumePeper;
  swap.amountUSD = volumeUSD;
  swap.feePeper = feesPeper;
  swap.blockNumber = event.block.number;
  swap.timestamp = event.block.timestamp;
  swap.transactionHash = event.transaction.hash;
  swap.save();

  pair.volumeToken0 = pair.volumeToken0.plus(amount0);
  pair.volumeToken1 = pair.volumeToken1.plus(amount1);
  pair.volumePeper = pair.volumePeper.plus(volumePeper);
  pair.volumeUSD = pair.volumeUSD.plus(volumeUSD);
  pair.feesToken0 = pair.feesToken0.plus(fee0);
  pair.feesToken1 = pair.feesToken1.plus(fee1);
  pair.feesPeper = pair.feesPeper.plus(feesPeper);
  pair.feesUSD = pair.feesUSD.plus(feesUSD);
  pair.swapCount = pair.swapCount.plus(ONE_BI);
  token0.tradeVolume = token0.tradeVolume.plus(amount0);
  token1.tradeVolume = token1.tradeVolume.plus(amount1);
  protocol.swapCount = protocol.swapCount.plus(ONE_BI);
  protocol.totalVolumePeper = protocol.totalVolumePeper.plus(volumePeper);
  protocol.totalVolumeUSD = protocol.totalVolumeUSD.plus(volumeUSD);
  protocol.totalFeesPeper = protocol.totalFeesPeper.plus(feesPeper);
  protocol.totalFeesUSD = protocol.totalFeesUSD.plus(feesUSD);
  countTransaction(pair, token0, token1, protocol);

  const hour = updatePairHourData(pair, event);
  hour.hourlyVolumeToken0 = hour.hourlyVolumeToken0.plus(amount0);
  hour.hourlyVolumeToken1 = hour.hourlyVolumeToken1.plus(amount1);
  hour.hourlyVolumePeper = hour.hourlyVolumePeper.plus(volumePeper);
  hour.hourlyVolumeUSD = hour.hourlyVolumeUSD.plus(volumeUSD);
  hour.hourlyFeesPeper = hour.hourlyFeesPeper.plus(feesPeper);
  hour.hourlyFeesUSD = hour.hourlyFeesUSD.plus(feesUSD);
  hour.save();
  const day = updatePairDayData(pair, event);
  day.dailyVolumeToken0 = day.dailyVolumeToken0.plus(amount0);
  day.dailyVolumeToken1 = day.dailyVolumeToken1.plus(amount1);
  day.dailyVolumePeper = day.dailyVolumePeper.plus(volumePeper);
  day.dailyVolumeUSD = day.dailyVolumeUSD.plus(volumeUSD);
  day.dailyFeesPeper = day.dailyFeesPeper.plus(feesPeper);
  day.dailyFeesUSD = day.dailyFeesUSD.plus(feesUSD);
  day.save();
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
}

/** Saves a mint's or burn's entities and counts it in the hour, day and protocol day data. */
function saveMintOrBurn(pair: Pair, token0: Token, token1: Token, protocol: Protocol, event: ethereum.Event): void {
  updatePairHourData(pair, event).save();
  updatePairDayData(pair, event).save();
  const protocolDay = getOrCreatePeperDayData(protocol, event.block.timestamp);
  protocolDay.txCount = protocolDay.txCount.plus(ONE_BI);
  protocolDay.save();
  token0.save();
  token1.save();
  pair.save();
  protocol.save();
}
