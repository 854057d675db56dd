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
 * What readTokens reads that never changes, per chain: the router's WETH, the vault's asset and each
 * token's symbol, name and decimals. Kept as promises, so concurrent first reads share one call; a
 * failed read is forgotten and tried again on the next refresh.
 */
export class TokenCache {
  private readonly entries = new Map<string, Promise<unknown>>();

  /** The value under `key` (chain id and what it names), read by `read` the first time only. */
  once<T>(chainId: number, key: string, read: () => Promise<T>): Promise<T> {
    const id = `${chainId}:${key.toLowerCase()}`;
    const hit = this.entries.get(id) as Promise<T> | undefined;
    if (hit) return hit;
    const pending = read();
    this.entries.set(id, pending);
    pending.catch(() => this.entries.delete(id));
    return pending;
  }
}

/** The app's token cache (module-level: it lives as long as the page). */
export const tokenCache = new TokenCache();

/**
 * The tokens the dApp trades on a chain: PEPER (from the deployment), the router's WETH and the index
 * vault's asset (USDC on the local chains), with symbol and decimals read from the tokens themselves
 * — all of it once per session (TokenCache): none of it changes.
 */
export async function readTokens(
  client: PublicClient,
  address: AddressOf,
  cache: TokenCache = tokenCache,
): Promise<Token[]> {
  const chainId = client.chain?.id ?? (await client.getChainId());
  const router = address("PeperRouter");
  const vault = address("IndexVault");
  const peper = address("PeperToken");
  const [weth, asset] = await Promise.all([
    router
      ? cache.once(chainId, `weth:${router}`, () =>
          client.readContract({ address: router, abi: peperRouterAbi, functionName: "WETH" }),
        )
      : undefined,
    vault
      ? cache.once(chainId, `asset:${vault}`, () =>
          client.readContract({ address: vault, abi: indexVaultAbi, functionName: "asset" }),
        )
      : undefined,
  ]);
  const candidates = new Set<Address>();
  if (peper) candidates.add(peper);
  if (weth) candidates.add(weth);
  if (asset) candidates.add(asset);
  return Promise.all(
    [...candidates].map((token) =>
      cache.once(chainId, `token:${token}`, async (): Promise<Token> => {
        const [symbol, name, decimals] = await Promise.all([
          client.readContract({ address: token, abi: erc20Abi, functionName: "symbol" }),
          client.readContract({ address: token, abi: erc20Abi, functionName: "name" }),
          client.readContract({ address: token, abi: erc20Abi, functionName: "decimals" }),
        ]);
        return { address: token, symbol, name, decimals };
      }),
    ),
  );
}
