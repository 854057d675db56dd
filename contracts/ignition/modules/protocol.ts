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
 * (Governance module: PEPER on its home chain, bridged PEPER on a remote one), the bridge (Bridge
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
  const { token, timelock, governor } = m.useModule(governanceModule(role));
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
  return { token, timelock, governor, ...bridge, ...defi, ...oracle, collectibles, certificates, marketplace };
}
