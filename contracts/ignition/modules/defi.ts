import type {
  ContractFuture,
  IgnitionModuleBuilder,
  ModuleParameterRuntimeValue,
} from "@nomicfoundation/ignition-core";

/**
 * DeFi: the AMM (PeperFactory, whose fee switch belongs to the Timelock, and PeperRouter over
 * `weth`), the PEPER StakingPool, the LP Farm, the TWAP oracle and the ERC-4626 IndexVault over
 * `vaultAsset` (owned by the Timelock, pausable by `guardian`).
 * A builder used inside the chain modules (Peper.ts for public chains, PeperLocal.ts for the local
 * stack), because WETH is the chain's canonical contract on public chains and our WETH9 locally.
 */
export function buildDefi(
  m: IgnitionModuleBuilder,
  timelock: ContractFuture<string>,
  weth: ContractFuture<string>,
  token: ContractFuture<string>,
  guardian: ModuleParameterRuntimeValue<string>,
  vaultAsset: ContractFuture<string> | ModuleParameterRuntimeValue<string>,
) {
  const factory = m.contract("PeperFactory", [timelock]);
  const router = m.contract("PeperRouter", [factory, weth]);
  const staking = m.contract("StakingPool", [timelock, guardian, token, token]);
  const farm = m.contract("Farm", [timelock, guardian, token]);
  const twap = m.contract("TwapOracle", [
    m.getParameter<bigint>("twapPeriod", 30n * 60n),
    m.getParameter<bigint>("twapMaxAge", 2n * 3600n),
  ]);
  const vault = m.contract("IndexVault", [
    vaultAsset,
    "Peper Index",
    "pINDEX",
    timelock,
    guardian,
    factory,
    router,
    twap,
  ]);
  return { factory, router, staking, farm, twap, vault };
}
