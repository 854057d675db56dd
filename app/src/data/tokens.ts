import { erc20Abi, type Address, type PublicClient } from "viem";

import { indexVaultAbi } from "@protocol/generated/abis/IndexVault.ts";
import { peperRouterAbi } from "@protocol/generated/abis/PeperRouter.ts";

export interface Token {
  address: Address;
  symbol: string;
  name: string;
  decimals: number;
}

/** Deployment names, looked up in the chain's deployment. */
export type AddressOf = (name: string) => Address | undefined;

/**
 * The tokens the dApp trades on a chain: PEPER (from the deployment), the router's WETH and the index
 * vault's asset (USDC on the local chains), with symbol and decimals read from the tokens themselves.
 */
export async function readTokens(client: PublicClient, address: AddressOf): Promise<Token[]> {
  const router = address("PeperRouter");
  const vault = address("IndexVault");
  const peper = address("PeperToken");
  const candidates = new Set<Address>();
  if (peper) candidates.add(peper);
  if (router) candidates.add(await client.readContract({ address: router, abi: peperRouterAbi, functionName: "WETH" }));
  if (vault) candidates.add(await client.readContract({ address: vault, abi: indexVaultAbi, functionName: "asset" }));
  return Promise.all(
    [...candidates].map(async (token) => {
      const [symbol, name, decimals] = await Promise.all([
        client.readContract({ address: token, abi: erc20Abi, functionName: "symbol" }),
        client.readContract({ address: token, abi: erc20Abi, functionName: "name" }),
        client.readContract({ address: token, abi: erc20Abi, functionName: "decimals" }),
      ]);
      return { address: token, symbol, name, decimals };
    }),
  );
}
