// DecisionFeed: the decision engine's agreed decisions, per asset.
import { DecisionUpdated } from "../../generated/DecisionFeed/DecisionFeed";
import { DecisionAsset, TradingDecision } from "../../generated/schema";
import { u256 } from "../helpers/ids";
import { reportOfContract } from "../helpers/oracle";

const ACTIONS = ["hold", "buy", "sell"];

export function handleDecisionUpdated(event: DecisionUpdated): void {
  const p = event.params;
  let asset = DecisionAsset.load(p.asset);
  if (asset == null) {
    asset = new DecisionAsset(p.asset);
    asset.decisionCount = 0;
  }

  const decision = new TradingDecision(event.address.concat(u256(p.round)));
  decision.feedAddress = event.address;
  decision.report = reportOfContract(event.address, p.round);
  decision.asset = asset.id;
  decision.round = p.round;
  decision.action = p.action;
  decision.actionLabel = p.action >= 0 && p.action < ACTIONS.length ? ACTIONS[p.action] : "unknown";
  decision.sizeBps = p.sizeBps;
  decision.confidenceBps = p.confidenceBps;
  decision.reasoningCid = p.reasoningCid;
  decision.modelVersion = p.modelVersion;
  decision.blockNumber = event.block.number;
  decision.timestamp = event.block.timestamp;
  decision.transactionHash = event.transaction.hash;
  decision.save();

  asset.latestDecision = decision.id;
  asset.decisionCount = asset.decisionCount + 1;
  asset.save();
}
