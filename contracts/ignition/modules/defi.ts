import type {
  ContractFuture,
  IgnitionModuleBuilder,
  ModuleParameterRuntimeValue,
} from "@nomicfoundation/ignition-core";

/**
 * DeFi: the AMM (PeperFactory, whose fee switch belongs to the Timelock, and PeperRouter over
 * `weth`), the PEPER StakingPool and the LP Farm (owned by the Timelock, pausable by `guardian`).
 * A builder used inside the chain modules (Peper.ts for public chains, PeperLocal.ts for the local
 * stack), because WETH is the chain's canonical contract on public chains and our WETH9 locally.
 */
export function buildDefi(
  m: IgnitionModuleBuilder,
  timelock: ContractFuture<string>,
  weth: ContractFuture<string>,
  token: ContractFuture<string>,
  guardian: ModuleParameterRuntimeValue<string>,
) {
  const factory = m.contract("PeperFactory", [timelock]);
  const router = m.contract("PeperRouter", [factory, weth]);
  const staking = m.contract("StakingPool", [timelock, guardian, token, token]);
  const farm = m.contract("Farm", [timelock, guardian, token]);
  return { factory, router, staking, farm };
}
