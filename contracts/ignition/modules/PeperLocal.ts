import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";

import { id } from "ethers";

import { buildDefi } from "./defi.ts";
import Governance from "./Governance.ts";
import { buildOracle, FEED_NAMES } from "./oracle.ts";

/**
 * Everything Peper deploys on the local chains (`npm start`): the public-chain set, plus WETH9 and
 * a USDC-like demo token (6 decimals) that the demo markets use.
 */
export default buildModule("PeperLocal", (m) => {
  const { token, timelock, governor } = m.useModule(Governance);
  const weth = m.contract("WETH9");
  const usdc = m.contract(
    "DemoToken",
    ["USD Coin (demo)", "USDC", 6, m.getParameter<string[]>("usdcRecipients"), m.getParameter<bigint[]>("usdcAmounts")],
    { id: "USDC" },
  );
  const guardian = m.getParameter<string>("guardian");
  const { factory, router, staking, farm, twap, vault } = buildDefi(m, timelock, weth, token, guardian, usdc);
  const { hub, priceFeed, decisionFeed, portfolioFeed } = buildOracle(m, timelock, {
    price: id(FEED_NAMES.price),
    decisions: id(FEED_NAMES.decisions),
    portfolio: id(FEED_NAMES.portfolio),
  });
  return {
    token,
    timelock,
    governor,
    weth,
    usdc,
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
