import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";

import type { PeperRole } from "./Governance.ts";
import { buildProtocol } from "./protocol.ts";

/**
 * Everything Peper deploys on a public chain: `npm run deploy -- --network <name>`. This file is
 * PEPER's home chain (PeperToken and its distribution); PeperRemote.ts is every other chain (bridged
 * PEPER, minted only by the bridge). scripts/lib/deploy.ts picks one by the chain's role
 * (`peperRole` in offchain/src/protocol/chains.ts).
 * Parameters: see contracts/ignition/parameters/ (`Peper.weth` is the chain's canonical WETH,
 * `Peper.vaultAsset` the index vault's asset, e.g. the chain's USDC, `$global.guardian` the guardian,
 * `Peper.oracleOperators` / `Peper.oracleThreshold` the oracle's operator set, `Peper.certificateIssuer`
 * the first certificate issuer; `Bridge.mailbox` / `Bridge.ism` Hyperlane's Mailbox on the chain and
 * the security module for the bridge's adapter, `Bridge.operators` / `Bridge.operatorThreshold` the
 * bridge's operator set).
 */
export const peperModule = (role: PeperRole) =>
  buildModule("Peper", (m) => {
    const weth = m.contractAt("WETH9", m.getParameter<string>("weth"), { id: "WETH" });
    return buildProtocol(m, weth, m.getParameter<string>("vaultAsset"), role);
  });

export default peperModule("home");
