import type {
  ContractFuture,
  IgnitionModuleBuilder,
  ModuleParameterRuntimeValue,
} from "@nomicfoundation/ignition-core";

import { feedId } from "../../../offchain/src/protocol/feeds.ts";
import { bridgeModule, type HyperlaneArtifacts } from "./bridge.ts";
import { buildDefi } from "./defi.ts";
import { governanceModule, type PeperRole } from "./Governance.ts";
import { buildOracle } from "./oracle.ts";

/**
 * Every Peper contract on one chain, given the chain's WETH and the index vault's asset: the DAO
 * (Governance module: PEPER and the Governor on its home chain; bridged PEPER and no Governor on a
 * remote one, whose Timelock the home chain's DAO feeds through the bridge's GovernanceReceiver), the bridge (Bridge
 * module; `hyperlane` artifacts when Peper deploys Hyperlane itself, on the local chains), DeFi, the
 * oracle and the NFTs. Used by Peper.ts/PeperRemote.ts (public chains) and
 * PeperLocal.ts/PeperLocalRemote.ts (the local stack).
 */
export function buildProtocol(
  m: IgnitionModuleBuilder,
  weth: ContractFuture<string>,
  vaultAsset: ContractFuture<string> | ModuleParameterRuntimeValue<string>,
  role: PeperRole,
  hyperlane?: HyperlaneArtifacts,
) {
  // PEPER and the Timelock; the Governor on the home chain only (a remote chain is governed from home)
  const governance = role === "home" ? m.useModule(governanceModule("home")) : m.useModule(governanceModule("remote"));
  const { token, timelock } = governance;
  const bridge = m.useModule(bridgeModule(role, hyperlane));
  const guardian = m.getParameter<string>("guardian");
  const defi = buildDefi(m, timelock, weth, token, guardian, vaultAsset);
  const oracle = buildOracle(m, timelock, {
    price: feedId("price"),
    decisions: feedId("decisions"),
    portfolio: feedId("portfolio"),
  });
  // NFTs: the open collection has no owner; certificates are administered by the Timelock.
  const collectibles = m.contract("Collectibles");
  const certificates = m.contract("Certificates", [timelock, m.getParameter<string>("certificateIssuer")]);
  const marketplace = m.contract("Marketplace", [
    timelock,
    guardian,
    timelock,
    m.getParameter<bigint>("marketplaceFeeBps", 250n),
  ]);
  return { ...governance, ...bridge, ...defi, ...oracle, collectibles, certificates, marketplace };
}
