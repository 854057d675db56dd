// PriceFeed (AggregatorV3Interface): answers, and the protocol's PEPER/USD price.
import { AnswerUpdated } from "../../generated/PriceFeed/PriceFeed";
import { PriceAnswer } from "../../generated/schema";
import { PRICE_UNIT } from "../helpers/constants";
import { u256 } from "../helpers/ids";
import { feedOfContract, reportOfContract } from "../helpers/oracle";
import { getOrCreateProtocol, isZeroBD } from "../helpers/protocol";
import { applyPrice, revaluePending } from "../helpers/usd";

export function handleAnswerUpdated(event: AnswerUpdated): void {
  const p = event.params;
  const price = p.answer.toBigDecimal().div(PRICE_UNIT);

  const answer = new PriceAnswer(event.address.concat(u256(p.roundId)));
  answer.feedAddress = event.address;
  answer.report = reportOfContract(event.address, p.reportRound);
  answer.roundId = p.roundId;
  answer.reportRound = p.reportRound;
  answer.answer = p.answer;
  answer.price = price;
  answer.observedAt = p.observedAt;
  answer.blockNumber = event.block.number;
  answer.timestamp = event.block.timestamp;
  answer.transactionHash = event.transaction.hash;
  answer.save();

  const feed = feedOfContract(event.address);
  if (feed != null) {
    feed.latestAnswer = p.answer;
    feed.save();
  }

  // The deployment has one PriceFeed: PEPER / USD with 8 decimals.
  const protocol = getOrCreateProtocol();
  const first = isZeroBD(protocol.peperPriceUSD);
  protocol.peperPriceUSD = price;
  protocol.peperPriceUpdatedAt = p.observedAt;
  // The first answer values what the AMM recorded before any price was known.
  if (first && !isZeroBD(price)) revaluePending(protocol, price);
  applyPrice(protocol, price, event.block.timestamp.toI64());
  protocol.save();
}
