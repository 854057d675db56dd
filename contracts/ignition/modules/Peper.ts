import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";

import { id } from "ethers";

import { buildDefi } from "./defi.ts";
import Governance from "./Governance.ts";
import { buildOracle, FEED_NAMES } from "./oracle.ts";

/**
 * Everything Peper deploys on a public chain: `npm run deploy -- --network <name>`.
 * Parameters: see contracts/ignition/parameters/ (`Peper.weth` is the chain's canonical WETH,
 * `Peper.vaultAsset` the index vault's asset, e.g. the chain's USDC, `Peper.guardian` the guardian).
 */
export default buildModule("Peper", (m) => {
  const { token, timelock, governor } = m.useModule(Governance);
  const weth = m.contractAt("WETH9", m.getParameter<string>("weth"), { id: "WETH" });
  const guardian = m.getParameter<string>("guardian");
  const vaultAsset = m.getParameter<string>("vaultAsset");
  const { factory, router, staking, farm, twap, vault } = buildDefi(m, timelock, weth, token, guardian, vaultAsset);
  const { hub, priceFeed, decisionFeed, portfolioFeed } = buildOracle(m, timelock, {
    price: id(FEED_NAMES.price),
    decisions: id(FEED_NAMES.decisions),
    portfolio: id(FEED_NAMES.portfolio),
  });
  return {
    token,
    timelock,
    governor,
    factory,
    router,
    staking,
    farm,
    twap,
    vault,
    hub,
    priceFeed,
    decisionFeed,
    portfolioFeed,
  };
});
