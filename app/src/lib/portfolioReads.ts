/**
 * Reads one account's portfolio on one chain with that chain's own public client: the market (tokens
 * and pools, data/tokens.ts and data/pools.ts, whose pool reads batch with their own per-call
 * fallback), then every balance and position in two batched eth_calls (to the chain's Multicall3, or
 * deployless in chunks: data/pools.ts's multicallMode), falling back to one call each when a node
 * refuses the aggregate.
 */
import { erc20Abi, type Abi, type Address, type PublicClient } from "viem";

import { certificatesAbi } from "@protocol/generated/abis/Certificates.ts";
import { collectiblesAbi } from "@protocol/generated/abis/Collectibles.ts";
import { farmAbi } from "@protocol/generated/abis/Farm.ts";
import { indexVaultAbi } from "@protocol/generated/abis/IndexVault.ts";
import { peperTokenAbi } from "@protocol/generated/abis/PeperToken.ts";
import { stakingPoolAbi } from "@protocol/generated/abis/StakingPool.ts";

import { multicallMode, readPools } from "../data/pools.ts";
import { readTokens, type AddressOf, type Token } from "../data/tokens.ts";
import { mergeTokens, type RawChainPortfolio } from "./portfolio.ts";

/** Farm pools read at most (the farm's first ones). */
export const MAX_FARM_POOLS = 50;

export interface Call {
  address: Address;
  abi: Abi;
  functionName: string;
  args?: readonly unknown[];
}

export type CallResult = { ok: true; value: unknown } | { ok: false };

/**
 * Every call in one aggregate (a failing call does not fail the others); a node that refuses the
 * aggregate gets one eth_call per call instead.
 */
export async function readBatch(client: PublicClient, calls: readonly Call[]): Promise<CallResult[]> {
  if (calls.length === 0) return [];
  try {
    const results = (await client.multicall({
      contracts: calls as never,
      allowFailure: true,
      ...multicallMode(client),
    })) as readonly ({ status: "success"; result: unknown } | { status: "failure"; error: Error })[];
    return results.map((r): CallResult => (r.status === "success" ? { ok: true, value: r.result } : { ok: false }));
  } catch {
    return Promise.all(
      calls.map((c) =>
        client.readContract(c as never).then(
          (value): CallResult => ({ ok: true, value }),
          (): CallResult => ({ ok: false }),
        ),
      ),
    );
  }
}

/** Collects calls and hands back typed getters of their results once the batch has run. */
class Batch {
  readonly calls: Call[] = [];
  private results: CallResult[] = [];
  add<T>(call: Call): () => T | undefined {
    const i = this.calls.push(call) - 1;
    return () => {
      const r = this.results[i];
      return r?.ok ? (r.value as T) : undefined;
    };
  }
  async run(client: PublicClient): Promise<void> {
    this.results = await readBatch(client, this.calls);
  }
}

/** The raw portfolio of `account` on the chain `client` reads; `listed` are the visitor's own tokens there. */
export async function readChainPortfolio(
  client: PublicClient,
  chainId: number,
  address: AddressOf,
  account: Address,
  listed: readonly Token[] = [],
): Promise<RawChainPortfolio> {
  const factory = address("PeperFactory");
  const marketTokens = await readTokens(client, address);
  const tokens = mergeTokens(marketTokens, listed);
  const pools = factory ? await readPools(client, factory, marketTokens) : [];

  const first = new Batch();
  const balanceOf = (token: Address) =>
    first.add<bigint>({ address: token, abi: erc20Abi, functionName: "balanceOf", args: [account] });
  const balances = tokens.map((t) => [t.address.toLowerCase(), balanceOf(t.address)] as const);
  const lpHeld = pools.map((p) => [p.address.toLowerCase(), balanceOf(p.address)] as const);

  const staking = address("StakingPool");
  const stake = staking && {
    staked: first.add<bigint>({ address: staking, abi: stakingPoolAbi, functionName: "balanceOf", args: [account] }),
    earned: first.add<bigint>({ address: staking, abi: stakingPoolAbi, functionName: "earned", args: [account] }),
    token: first.add<Address>({ address: staking, abi: stakingPoolAbi, functionName: "stakingToken" }),
    rewardToken: first.add<Address>({ address: staking, abi: stakingPoolAbi, functionName: "rewardsToken" }),
  };
  const farmAddress = address("Farm");
  const farm = farmAddress && {
    length: first.add<bigint>({ address: farmAddress, abi: farmAbi, functionName: "poolLength" }),
    rewardToken: first.add<Address>({ address: farmAddress, abi: farmAbi, functionName: "rewardToken" }),
  };
  const vaultAddress = address("IndexVault");
  const vault = vaultAddress && {
    shares: first.add<bigint>({
      address: vaultAddress,
      abi: indexVaultAbi,
      functionName: "balanceOf",
      args: [account],
    }),
    decimals: first.add<number>({ address: vaultAddress, abi: indexVaultAbi, functionName: "decimals" }),
    symbol: first.add<string>({ address: vaultAddress, abi: indexVaultAbi, functionName: "symbol" }),
    asset: first.add<Address>({ address: vaultAddress, abi: indexVaultAbi, functionName: "asset" }),
  };
  const collectiblesAddress = address("Collectibles");
  const collectibles =
    collectiblesAddress &&
    first.add<bigint>({
      address: collectiblesAddress,
      abi: collectiblesAbi,
      functionName: "balanceOf",
      args: [account],
    });
  const certificatesAddress = address("Certificates");
  const certificates =
    certificatesAddress &&
    first.add<bigint>({
      address: certificatesAddress,
      abi: certificatesAbi,
      functionName: "balanceOf",
      args: [account],
    });
  const peper = address("PeperToken");
  const votes = peper && {
    votes: first.add<bigint>({ address: peper, abi: peperTokenAbi, functionName: "getVotes", args: [account] }),
    delegate: first.add<Address>({ address: peper, abi: peperTokenAbi, functionName: "delegates", args: [account] }),
  };
  const [native] = await Promise.all([client.getBalance({ address: account }), first.run(client)]);

  // second round: what the first one told us to ask (the farm's pools, what the vault shares are worth)
  const second = new Batch();
  const farmPools = Array.from({ length: Math.min(Number(farm?.length() ?? 0n), MAX_FARM_POOLS) }, (_, pid) => ({
    pid,
    info: second.add<readonly [Address, ...unknown[]]>({
      address: farmAddress!,
      abi: farmAbi,
      functionName: "poolInfo",
      args: [BigInt(pid)],
    }),
    user: second.add<readonly [bigint, ...unknown[]]>({
      address: farmAddress!,
      abi: farmAbi,
      functionName: "userInfo",
      args: [BigInt(pid), account],
    }),
    pending: second.add<bigint>({
      address: farmAddress!,
      abi: farmAbi,
      functionName: "pendingReward",
      args: [BigInt(pid), account],
    }),
  }));
  const shares = vault?.shares() ?? 0n;
  const assets =
    vault && shares > 0n
      ? second.add<bigint>({
          address: vaultAddress!,
          abi: indexVaultAbi,
          functionName: "convertToAssets",
          args: [shares],
        })
      : undefined;
  await second.run(client);

  const st = stake && { token: stake.token(), rewardToken: stake.rewardToken() };
  const vaultAsset = vault?.asset();
  const farmReward = farm?.rewardToken();
  const delegate = votes?.delegate();
  return {
    chainId,
    account,
    tokens,
    pools,
    native,
    balances: Object.fromEntries(balances.map(([k, get]) => [k, get() ?? 0n])),
    lpHeld: Object.fromEntries(lpHeld.map(([k, get]) => [k, get() ?? 0n])),
    ...(stake && st?.token && st.rewardToken
      ? {
          stake: {
            token: st.token,
            rewardToken: st.rewardToken,
            staked: stake.staked() ?? 0n,
            earned: stake.earned() ?? 0n,
          },
        }
      : {}),
    ...(farm && farmReward
      ? {
          farm: {
            rewardToken: farmReward,
            pools: farmPools.flatMap((f) => {
              const lpToken = f.info()?.[0];
              return lpToken
                ? [{ pid: f.pid, lpToken, deposited: f.user()?.[0] ?? 0n, pending: f.pending() ?? 0n }]
                : [];
            }),
          },
        }
      : {}),
    ...(vault && vaultAsset
      ? {
          vault: {
            symbol: vault.symbol() ?? "",
            shareDecimals: Number(vault.decimals() ?? 18),
            shares,
            asset: vaultAsset,
            assets: assets?.() ?? 0n,
          },
        }
      : {}),
    ...(collectibles ? { collectibles: collectibles() ?? 0n } : {}),
    ...(certificates ? { certificates: certificates() ?? 0n } : {}),
    ...(votes && delegate ? { votes: { votes: votes.votes() ?? 0n, delegate } } : {}),
  };
}
