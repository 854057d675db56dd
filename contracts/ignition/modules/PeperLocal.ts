import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";

import { buildProtocol } from "./protocol.ts";

/**
 * Everything Peper deploys on the local chains (`npm start`): the public-chain set, plus WETH9 and
 * a USDC-like demo token (6 decimals) that the demo markets and the index vault use.
 */
export default buildModule("PeperLocal", (m) => {
  const weth = m.contract("WETH9");
  const usdc = m.contract(
    "DemoToken",
    ["USD Coin (demo)", "USDC", 6, m.getParameter<string[]>("usdcRecipients"), m.getParameter<bigint[]>("usdcAmounts")],
    { id: "USDC" },
  );
  return { weth, usdc, ...buildProtocol(m, weth, usdc) };
});
