/**
 * Hyperlane's own contracts, as its npm package `@hyperlane-xyz/core` ships them compiled (the
 * typechain factories carry each contract's ABI and creation bytecode). Peper deploys these unchanged
 * on chains where Hyperlane is not deployed already (the local stack, tests, benchmarks); on a public
 * chain the Mailbox and a security module of Hyperlane's deployment are used instead. Loaded on
 * demand, so nothing that does not deploy Hyperlane pays for it.
 */
import type { Abi, Hex } from "viem";

export interface HyperlaneArtifact {
  contractName: string;
  abi: Abi;
  bytecode: Hex;
}

const FACTORIES = {
  Mailbox: "Mailbox__factory.js",
  MerkleTreeHook: "hooks/MerkleTreeHook__factory.js",
  PausableHook: "hooks/PausableHook__factory.js",
  StorageMessageIdMultisigIsm: "isms/multisig/StorageMultisigIsm.sol/StorageMessageIdMultisigIsm__factory.js",
  // Hyperlane's own token route ("warp route"), measured side by side with Peper's bridge (scripts/bench/bridge-gas.ts)
  HypERC20: "token/HypERC20__factory.js",
  HypERC20Collateral: "token/HypERC20Collateral__factory.js",
} as const;

export type HyperlaneContract = keyof typeof FACTORIES;

interface TypechainFactory {
  abi: Abi;
  bytecode: Hex;
}

const cache = new Map<HyperlaneContract, HyperlaneArtifact>();

/** The ABI and creation bytecode of one of Hyperlane's contracts, from its npm package. */
export async function hyperlaneArtifact(name: HyperlaneContract): Promise<HyperlaneArtifact> {
  const hit = cache.get(name);
  if (hit) return hit;
  // The package exports only its index (which loads every factory); load the one file we need.
  const url = new URL(`typechain/factories/contracts/${FACTORIES[name]}`, import.meta.resolve("@hyperlane-xyz/core"));
  const module = (await import(url.href)) as Record<string, TypechainFactory>;
  const factory = module[`${name}__factory`];
  if (!factory?.bytecode || !factory.abi) {
    throw new Error(`@hyperlane-xyz/core has no compiled ${name}; reinstall the package (npm ci).`);
  }
  const artifact = { contractName: name, abi: factory.abi, bytecode: factory.bytecode };
  cache.set(name, artifact);
  return artifact;
}
