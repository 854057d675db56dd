import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";

import { buildDefi } from "./defi.ts";
import Governance from "./Governance.ts";

/**
 * Everything Peper deploys on a public chain: `npm run deploy -- --network <name>`.
 * Parameters: see contracts/ignition/parameters/ (`Peper.weth` is the chain's canonical WETH).
 */
export default buildModule("Peper", (m) => {
  const { token, timelock, governor } = m.useModule(Governance);
  const weth = m.contractAt("WETH9", m.getParameter<string>("weth"), { id: "WETH" });
  const guardian = m.getParameter<string>("guardian");
  const { factory, router, staking, farm } = buildDefi(m, timelock, weth, token, guardian);
  return { token, timelock, governor, factory, router, staking, farm };
});
