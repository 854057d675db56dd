"use client";
import { useQuery } from "@tanstack/react-query";
import { useMemo } from "react";
import { erc20Abi, type Address, type PublicClient } from "viem";
import { useConfig } from "wagmi";
import { getPublicClient } from "wagmi/actions";

import { bridgeManagerAbi } from "@protocol/generated/abis/BridgeManager.ts";

import { directionLimit, type DirectionLimit, type VerifierRule } from "../lib/bridge.ts";
import { loadBridgeTransfers } from "../lib/bridgeHistory.ts";
import { useRuntime } from "./useRuntime.ts";

/** A chain with a BridgeManager in its deployment. */
export interface BridgeChain {
  chainId: number;
  name: string;
  nativeSymbol: string;
  manager: Address;
  token: Address | undefined;
  verifierNames: Record<string, string>;
}

/** The chains the bridge connects, from the runtime deployments (BridgeManager, OperatorVerifier, HyperlaneVerifier). */
export function useBridgeChains(): BridgeChain[] {
  const runtime = useRuntime();
  return useMemo(
    () =>
      runtime.chains.flatMap((c) => {
        const d = runtime.deployments[c.chainId];
        const manager = d?.["BridgeManager"];
        if (!manager) return [];
        const names: Record<string, string> = {};
        for (const name of ["OperatorVerifier", "HyperlaneVerifier"]) {
          const a = d?.[name];
          if (a) names[a.toLowerCase()] = name;
        }
        return [
          {
            chainId: c.chainId,
            name: c.name,
            nativeSymbol: c.nativeSymbol,
            manager,
            token: d?.["PeperToken"],
            verifierNames: names,
          },
        ];
      }),
    [runtime],
  );
}

function clientOf(config: ReturnType<typeof useConfig>, chainId: number): PublicClient {
  const client = getPublicClient(config, { chainId });
  if (!client) throw new Error(`No RPC client for chain ${chainId}: is it in the runtime configuration?`);
  return client as PublicClient;
}

/** One direction between two connected chains, as the contracts say now. */
export interface BridgeRoute {
  src: BridgeChain;
  dst: BridgeChain;
  /** The native-coin fee of a transfer (BridgeManager.quoteTransfer on the source). */
  fee: bigint;
  limit: DirectionLimit;
}

export interface BridgeChainState {
  /** The destination rule of this chain's manager: k of n verifiers. */
  rule: VerifierRule;
  isHome: boolean;
  /** The chain's latest block time. */
  now: bigint;
  paused: boolean;
}

export interface BridgeOverview {
  routes: BridgeRoute[];
  chains: Record<number, BridgeChainState>;
}

/** Routes (every pair with a peer), their fee and limit left; each chain's verifier rule and clock. */
export function useBridgeOverview(chains: readonly BridgeChain[]) {
  const config = useConfig();
  return useQuery({
    queryKey: ["bridge-overview", chains.map((c) => `${c.chainId}:${c.manager}`).join(",")],
    enabled: chains.length > 0,
    refetchInterval: 5_000,
    queryFn: async (): Promise<BridgeOverview> => {
      const states: Record<number, BridgeChainState> = {};
      await Promise.all(
        chains.map(async (c) => {
          const client = clientOf(config, c.chainId);
          const read = <F extends "threshold" | "verifiers" | "isHome" | "paused">(functionName: F) =>
            client.readContract({ address: c.manager, abi: bridgeManagerAbi, functionName });
          const [threshold, verifiers, isHome, paused, block] = await Promise.all([
            read("threshold"),
            read("verifiers"),
            read("isHome"),
            read("paused"),
            client.getBlock({ blockTag: "latest" }),
          ]);
          states[c.chainId] = {
            rule: { verifiers, threshold: Number(threshold) },
            isHome,
            paused,
            now: block.timestamp,
          };
        }),
      );
      const pairs = chains.flatMap((src) =>
        chains.filter((dst) => dst.chainId !== src.chainId).map((dst) => ({ src, dst })),
      );
      const routes = await Promise.all(
        pairs.map(async ({ src, dst }): Promise<BridgeRoute | undefined> => {
          const s = clientOf(config, src.chainId);
          const d = clientOf(config, dst.chainId);
          const peer = await s.readContract({
            address: src.manager,
            abi: bridgeManagerAbi,
            functionName: "peers",
            args: [BigInt(dst.chainId)],
          });
          if (peer.toLowerCase() !== dst.manager.toLowerCase()) return undefined;
          const [fee, outbound, inbound] = await Promise.all([
            s.readContract({
              address: src.manager,
              abi: bridgeManagerAbi,
              functionName: "quoteTransfer",
              args: [BigInt(dst.chainId)],
            }),
            s.readContract({
              address: src.manager,
              abi: bridgeManagerAbi,
              functionName: "outboundRateLimit",
              args: [BigInt(dst.chainId)],
            }),
            d.readContract({
              address: dst.manager,
              abi: bridgeManagerAbi,
              functionName: "inboundRateLimit",
              args: [BigInt(src.chainId)],
            }),
          ]);
          return {
            src,
            dst,
            fee,
            limit: directionLimit(outbound, states[src.chainId]!.now, inbound, states[dst.chainId]!.now),
          };
        }),
      );
      return { routes: routes.filter((r): r is BridgeRoute => r !== undefined), chains: states };
    },
  });
}

/** Every transfer on the connected chains, newest first, and where each chain's part was read (lib/bridgeHistory.ts). */
export function useBridgeTransfers(chains: readonly BridgeChain[]) {
  const config = useConfig();
  return useQuery({
    queryKey: ["bridge-transfers", chains.map((c) => `${c.chainId}:${c.manager}`).join(",")],
    enabled: chains.length > 0,
    refetchInterval: 3_000,
    queryFn: () =>
      loadBridgeTransfers(
        chains.map((c) => ({ chainId: c.chainId, manager: c.manager, client: clientOf(config, c.chainId) })),
      ),
  });
}

export interface BridgeWallet {
  /** PEPER, the native coin, and PEPER's allowance to the manager, per chain. */
  peper: Record<number, bigint>;
  native: Record<number, bigint>;
  allowance: Record<number, bigint>;
}

/** The account's PEPER and native balances on every bridge chain, and its allowance to each manager. */
export function useBridgeWallet(chains: readonly BridgeChain[], account: Address | undefined) {
  const config = useConfig();
  return useQuery({
    queryKey: ["bridge-wallet", account, chains.map((c) => c.chainId).join(",")],
    enabled: chains.length > 0 && account !== undefined,
    refetchInterval: 3_000,
    queryFn: async (): Promise<BridgeWallet> => {
      const out: BridgeWallet = { peper: {}, native: {}, allowance: {} };
      await Promise.all(
        chains.map(async (c) => {
          const client = clientOf(config, c.chainId);
          const [peper, native, allowance] = await Promise.all([
            c.token
              ? client.readContract({ address: c.token, abi: erc20Abi, functionName: "balanceOf", args: [account!] })
              : 0n,
            client.getBalance({ address: account! }),
            c.token
              ? client.readContract({
                  address: c.token,
                  abi: erc20Abi,
                  functionName: "allowance",
                  args: [account!, c.manager],
                })
              : 0n,
          ]);
          out.peper[c.chainId] = peper;
          out.native[c.chainId] = native;
          out.allowance[c.chainId] = allowance;
        }),
      );
      return out;
    },
  });
}
