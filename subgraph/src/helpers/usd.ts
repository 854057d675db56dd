// USD values that waited for the oracle's first PEPER/USD answer. Before it, AMM entities are
// recorded with their PEPER values and USD 0, and point to the Protocol (`usdPending`); the first
// answer values each of them at that price — every USD field is its PEPER counterpart times the
// price — and clears the pointer. After it, USD values are computed as events arrive. This happens
// once: PriceFeed refuses answers ≤ 0, so the price never returns to 0 (which is also why the
// wholesale PEPER × price of the Protocol's and a pending pair's totals is right: all of it came
// before the first answer).
import { BigDecimal, Bytes } from "@graphprotocol/graph-ts";

import { Bundle, PeperDayData, Protocol } from "../../generated/schema";
import { saveFactoryTotals } from "./amm";
import { SECONDS_PER_DAY } from "./constants";

/** Uniswap's Bundle id. */
export const BUNDLE_ID = "1";

/** Values every pending entity at `price` (the first answer); the Protocol's totals too (not saved). */
export function revaluePending(protocol: Protocol, price: BigDecimal): void {
  protocol.totalVolumeUSD = protocol.totalVolumePeper.times(price);
  protocol.totalFeesUSD = protocol.totalFeesPeper.times(price);

  const days = protocol.usdPendingDays.load();
  for (let i = 0; i < days.length; i++) {
    const d = days[i];
    d.dailyVolumeUSD = d.dailyVolumePeper.times(price);
    d.dailyFeesUSD = d.dailyFeesPeper.times(price);
    d.totalLiquidityUSD = d.totalLiquidityPeper.times(price);
    d.peperPriceUSD = price;
    d.usdPending = null;
    d.save();
  }
  const pairs = protocol.usdPendingPairs.load();
  for (let i = 0; i < pairs.length; i++) {
    const p = pairs[i];
    p.reserveUSD = p.reservePeper.times(price);
    p.volumeUSD = p.volumePeper.times(price);
    p.untrackedVolumeUSD = p.volumeUSD;
    p.feesUSD = p.feesPeper.times(price);
    p.usdPending = null;
    p.save();
  }
  const hours = protocol.usdPendingPairHours.load();
  for (let i = 0; i < hours.length; i++) {
    const h = hours[i];
    h.reserveUSD = h.reservePeper.times(price);
    h.hourlyVolumeUSD = h.hourlyVolumePeper.times(price);
    h.hourlyFeesUSD = h.hourlyFeesPeper.times(price);
    h.usdPending = null;
    h.save();
  }
  const pairDays = protocol.usdPendingPairDays.load();
  for (let i = 0; i < pairDays.length; i++) {
    const d = pairDays[i];
    d.reserveUSD = d.reservePeper.times(price);
    d.dailyVolumeUSD = d.dailyVolumePeper.times(price);
    d.dailyFeesUSD = d.dailyFeesPeper.times(price);
    d.usdPending = null;
    d.save();
  }
  const tokens = protocol.usdPendingTokens.load();
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    t.tradeVolumeUSD = t.tradeVolumePeper.times(price);
    t.untrackedVolumeUSD = t.tradeVolumeUSD;
    t.usdPending = null;
    t.save();
  }
  const tokenDays = protocol.usdPendingTokenDays.load();
  for (let i = 0; i < tokenDays.length; i++) {
    const d = tokenDays[i];
    d.dailyVolumeUSD = d.dailyVolumeETH.times(price);
    d.totalLiquidityUSD = d.totalLiquidityETH.times(price);
    d.priceUSD = d.priceETH.times(price);
    d.usdPending = null;
    d.save();
  }
  const swaps = protocol.usdPendingSwaps.load();
  for (let i = 0; i < swaps.length; i++) {
    const s = swaps[i];
    s.amountUSD = s.amountPeper.times(price);
    s.usdPending = null;
    s.save();
  }
  const mints = protocol.usdPendingMints.load();
  for (let i = 0; i < mints.length; i++) {
    const m = mints[i];
    m.amountUSD = m.amountPeper.times(price);
    m.usdPending = null;
    m.save();
  }
  const burns = protocol.usdPendingBurns.load();
  for (let i = 0; i < burns.length; i++) {
    const b = burns[i];
    b.amountUSD = b.amountPeper.times(price);
    b.usdPending = null;
    b.save();
  }
}

/**
 * A new PEPER/USD answer (already on the Protocol): the values that follow the current price — the
 * Protocol's and the factory's TVL, the Bundle, and today's protocol day (TVL and price, once the
 * AMM exists) — are brought to it.
 */
export function applyPrice(protocol: Protocol, price: BigDecimal, timestamp: i64): void {
  protocol.totalLiquidityUSD = protocol.totalLiquidityPeper.times(price);
  let bundle = Bundle.load(BUNDLE_ID);
  if (bundle == null) bundle = new Bundle(BUNDLE_ID);
  bundle.ethPrice = price;
  bundle.save();
  if (protocol.pairCount > 0) {
    const day = (timestamp / SECONDS_PER_DAY) as i32;
    const data = PeperDayData.load(Bytes.fromI32(day));
    if (data != null) {
      data.totalLiquidityPeper = protocol.totalLiquidityPeper;
      data.totalLiquidityUSD = protocol.totalLiquidityUSD;
      data.peperPriceUSD = price;
      data.save();
    }
  }
  saveFactoryTotals(protocol);
}
