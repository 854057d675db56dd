import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";

import { buildProtocol } from "./protocol.ts";

/**
 * Everything Peper deploys on a public chain: `npm run deploy -- --network <name>`.
 * Parameters: see contracts/ignition/parameters/ (`Peper.weth` is the chain's canonical WETH,
 * `Peper.vaultAsset` the index vault's asset, e.g. the chain's USDC, `Peper.guardian` the guardian,
 * `Peper.oracleOperators` / `Peper.oracleThreshold` the oracle's operator set, `Peper.certificateIssuer`
 * the first certificate issuer).
 */
export default buildModule("Peper", (m) => {
  const weth = m.contractAt("WETH9", m.getParameter<string>("weth"), { id: "WETH" });
  return buildProtocol(m, weth, m.getParameter<string>("vaultAsset"));
});
