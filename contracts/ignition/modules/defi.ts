import type { ContractFuture, IgnitionModuleBuilder } from "@nomicfoundation/ignition-core";

/**
 * The AMM: PeperFactory (whose fee switch belongs to the Timelock) and PeperRouter over `weth`.
 * A builder used inside the chain modules (Peper.ts for public chains, PeperLocal.ts for the local
 * stack), because WETH is the chain's canonical contract on public chains and our WETH9 locally.
 */
export function buildDefi(
  m: IgnitionModuleBuilder,
  timelock: ContractFuture<string>,
  weth: ContractFuture<string>,
): { factory: ContractFuture<"PeperFactory">; router: ContractFuture<"PeperRouter"> } {
  const factory = m.contract("PeperFactory", [timelock]);
  const router = m.contract("PeperRouter", [factory, weth]);
  return { factory, router };
}
