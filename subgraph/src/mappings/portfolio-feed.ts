// PortfolioFeed: the portfolio engine's agreed allocations and their risk figures.
import { Bytes } from "@graphprotocol/graph-ts";

import { PortfolioUpdated } from "../../generated/PortfolioFeed/PortfolioFeed";
import { PortfolioUpdate } from "../../generated/schema";
import { u256 } from "../helpers/ids";
import { reportOfContract } from "../helpers/oracle";

export function handlePortfolioUpdated(event: PortfolioUpdated): void {
  const p = event.params;
  const m = p.metrics;
  const update = new PortfolioUpdate(event.address.concat(u256(p.round)));
  update.feedAddress = event.address;
  update.report = reportOfContract(event.address, p.round);
  update.round = p.round;
  update.assets = changetype<Bytes[]>(p.assets);
  update.weightsBps = p.weightsBps;
  update.expectedReturnBps = m.expectedReturnBps;
  update.volatilityBps = m.volatilityBps;
  update.varBps = m.varBps;
  update.cvarBps = m.cvarBps;
  update.algorithmId = m.algorithmId;
  update.approximationRatioPpm = m.approximationRatioPpm;
  update.speedupPpm = m.speedupPpm;
  update.blockNumber = event.block.number;
  update.timestamp = event.block.timestamp;
  update.transactionHash = event.transaction.hash;
  update.save();
}
