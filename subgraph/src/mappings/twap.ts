// TwapOracle: time-weighted average prices of pairs.
import { Pair, TwapUpdate } from "../../generated/schema";
import { TwapUpdated } from "../../generated/TwapOracle/TwapOracle";
import { q112 } from "../helpers/constants";
import { eventId } from "../helpers/ids";

export function handleTwapUpdated(event: TwapUpdated): void {
  const p = event.params;
  const scale = q112();
  const update = new TwapUpdate(eventId(event));
  update.pairAddress = p.pair;
  if (Pair.load(p.pair) != null) update.pair = p.pair;
  update.price0Average = p.price0Average.toBigDecimal().div(scale);
  update.price1Average = p.price1Average.toBigDecimal().div(scale);
  update.period = p.period;
  update.blockNumber = event.block.number;
  update.timestamp = event.block.timestamp;
  update.transactionHash = event.transaction.hash;
  update.save();
}
