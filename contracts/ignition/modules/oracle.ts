import type {
  ContractFuture,
  IgnitionModuleBuilder,
  ModuleParameterRuntimeValue,
} from "@nomicfoundation/ignition-core";

/**
 * The oracle's on-chain part: OracleHub and its three feeds. The deployer configures the hub
 * (operators, threshold, feeds) and then hands ownership to the Timelock in the same deployment, so
 * every later change goes through a proposal and the deployer keeps no privilege. Feed ids come from
 * offchain/src/protocol/feeds.ts, the one list of feed names.
 */
export function buildOracle(
  m: IgnitionModuleBuilder,
  timelock: ContractFuture<string>,
  feedIds: { price: string; decisions: string; portfolio: string },
) {
  const deployer = m.getAccount(0);
  const operators = m.getParameter<string[]>("oracleOperators");
  const threshold = m.getParameter<bigint>("oracleThreshold");
  const hub = m.contract("OracleHub", [deployer, m.getParameter<bigint>("oracleMaxReportAge", 3600n)]);
  const priceFeed = m.contract("PriceFeed", [hub, 8, "PEPER / USD"]);
  const decisionFeed = m.contract("DecisionFeed", [hub]);
  const portfolioFeed = m.contract("PortfolioFeed", [hub]);
  const config = m.call(hub, "setConfig", [operators, threshold]);
  // The hub refuses a feed before its first config (HubNotConfigured), so the feeds come after it.
  const feeds = [
    m.call(hub, "setFeed", [feedIds.price, priceFeed], { id: "setPriceFeed", after: [config] }),
    m.call(hub, "setFeed", [feedIds.decisions, decisionFeed], { id: "setDecisionFeed", after: [config] }),
    m.call(hub, "setFeed", [feedIds.portfolio, portfolioFeed], { id: "setPortfolioFeed", after: [config] }),
  ];
  m.call(hub, "transferOwnership", [timelock], { after: [config, ...feeds] });
  return { hub, priceFeed, decisionFeed, portfolioFeed };
}

export type OperatorsParameter = ModuleParameterRuntimeValue<string[]>;
