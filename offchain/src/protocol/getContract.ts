import type { Abi, Address } from "viem";

import { ContractNotDeployedError } from "../errors/protocol.ts";
import { abis, type ContractName } from "./generated/abis.ts";
import { deployedAddresses } from "./generated/addresses.ts";

export interface GetContractParameters<TName extends ContractName> {
  /** The contract, by the name of its Solidity contract (e.g. "PeperGovernor"). */
  name: TName;
  /** The EIP-155 chain id. */
  chainId: number;
  /** Where deployments come from; defaults to the generated module. For tests. */
  deployments?: Readonly<Record<number, Readonly<Record<string, string>>>>;
}

export interface GetContractReturnType<TName extends ContractName> {
  address: Address;
  abi: (typeof abis)[TName];
}

/**
 * The address and ABI of a Peper contract on a chain, typed from the ABI so that viem and wagmi
 * infer function names, arguments and results. Throws {@link ContractNotDeployedError} when the
 * chain has no such deployment.
 */
export function getContract<TName extends ContractName>(
  parameters: GetContractParameters<TName>,
): GetContractReturnType<TName> {
  const { name, chainId } = parameters;
  const deployments: Readonly<Record<number, Readonly<Record<string, string>>>> =
    parameters.deployments ?? deployedAddresses;
  const address = deployments[chainId]?.[name];
  if (!address) {
    const known = Object.entries(deployments)
      .filter(([, byName]) => byName[name] !== undefined)
      .map(([id]) => Number(id));
    throw new ContractNotDeployedError(name, chainId, known);
  }
  const abi: Abi = abis[name];
  return { address: address as Address, abi: abi as (typeof abis)[TName] };
}
