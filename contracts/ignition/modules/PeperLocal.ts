import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";

import { loadHyperlaneArtifacts } from "./bridge.ts";
import type { PeperRole } from "./Governance.ts";
import { buildProtocol } from "./protocol.ts";

const hyperlane = await loadHyperlaneArtifacts();

/**
 * Everything Peper deploys on the local chains (`npm start`): the public-chain set, plus WETH9, a
 * USDC-like demo token (6 decimals) that the demo markets and the index vault use, and Hyperlane's
 * own Mailbox, hooks and validator ISM (on a public chain Hyperlane's deployment is used). This file
 * is chain A, PEPER's home; PeperLocalRemote.ts is chain B (bridged PEPER).
 */
export const peperLocalModule = (role: PeperRole) =>
  buildModule("PeperLocal", (m) => {
    const weth = m.contract("WETH9");
    const usdc = m.contract(
      "DemoToken",
      [
        "USD Coin (demo)",
        "USDC",
        6,
        m.getParameter<string[]>("usdcRecipients"),
        m.getParameter<bigint[]>("usdcAmounts"),
      ],
      { id: "USDC" },
    );
    return { weth, usdc, ...buildProtocol(m, weth, usdc, role, hyperlane) };
  });

export default peperLocalModule("home");
