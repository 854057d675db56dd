import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";

import { buildDefi } from "./defi.ts";
import Governance from "./Governance.ts";

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
  return { token, timelock, governor, weth, usdc, factory, router, staking, farm, twap, vault };
});
