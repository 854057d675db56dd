"use client";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useLocale, useTranslations } from "next-intl";
import type { PublicClient } from "viem";
import { useAccount, useConfig, useSwitchChain } from "wagmi";
import { getPublicClient } from "wagmi/actions";

import { pollInterval, readRemoteGovernance, type RemoteGovernanceState } from "../../data/remoteGovernance.ts";
import { useRuntime } from "../../hooks/useRuntime.ts";
import { Empty, ErrorState, Loading } from "../States.tsx";

/**
 * /dao on a chain without a Governor (a remote chain: the home chain's DAO governs it through the
 * bridge). Says so, offers the switch to the home chain, and lists the governance messages this
 * chain's GovernanceReceiver scheduled on its Timelock, with their state — from the subgraph, or
 * without one from the chain's recent blocks, incrementally (data/remoteGovernance.ts); says so when
 * the read stopped at its limit before the Timelock's delay plus the margin.
 */
export function RemoteGovernance({ chainId }: { chainId: number }) {
  const t = useTranslations("dao.remote");
  const locale = useLocale();
  const config = useConfig();
  const runtime = useRuntime();
  const { isConnected } = useAccount();
  const { switchChain, isPending } = useSwitchChain();
  const receiver = runtime.deployments[chainId]?.["GovernanceReceiver"];
  const name = (id: number) => runtime.chains.find((c) => c.chainId === id)?.name ?? String(id);
  const queryClient = useQueryClient();
  const queryKey = ["remote-governance", chainId, receiver] as const;
  const messages = useQuery({
    queryKey,
    enabled: !!receiver,
    // no faster than the chain makes blocks (and at most every 5 s)
    refetchInterval: (query) => pollInterval(query.state.data),
    queryFn: async () => {
      const client = getPublicClient(config, { chainId }) as PublicClient | undefined;
      if (!client || !receiver) throw new Error(`No RPC client for chain ${chainId}`);
      // incremental: from the last read's answer (the subgraph, or the chain's blocks after the last one read)
      return readRemoteGovernance(client, chainId, receiver, queryClient.getQueryData<RemoteGovernanceState>(queryKey));
    },
  });
  if (!receiver) return <Empty>{t("none", { chain: name(chainId) })}</Empty>;
  if (messages.isPending) return <Loading />;
  if (messages.isError) return <ErrorState error={messages.error} retry={() => void messages.refetch()} />;
  const { home, now, rows, truncated } = messages.data;
  const time = (s: bigint) => new Date(Number(s) * 1000).toLocaleString(locale);
  return (
    <section className="card stack" data-testid="remote-governance">
      <p>{t("governedFrom", { chain: name(chainId), home: name(home) })}</p>
      {isConnected ? (
        <div className="button-row">
          <button type="button" disabled={isPending} onClick={() => switchChain({ chainId: home })}>
            {t("switch", { home: name(home) })}
          </button>
        </div>
      ) : null}
      <h2>{t("received")}</h2>
      {rows.length === 0 ? (
        <p className="muted">{t("noMessages")}</p>
      ) : (
        <ol className="plain stack">
          {rows.map((r) => (
            <li key={r.digest} className="small">
              <strong>{t("message", { nonce: r.nonce.toString() })}</strong>{" "}
              {r.done ? t("executed") : now >= r.readyAt ? t("ready") : t("scheduled", { time: time(r.readyAt) })}
              <br />
              <span className="mono break muted">{r.digest}</span>
            </li>
          ))}
        </ol>
      )}
      {truncated ? (
        <p className="muted small" data-testid="remote-governance-truncated">
          {t("truncated")}
        </p>
      ) : null}
    </section>
  );
}
