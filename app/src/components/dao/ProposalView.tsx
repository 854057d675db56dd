"use client";
import { useQuery } from "@tanstack/react-query";
import dynamic from "next/dynamic";
import Link from "next/link";
import { useLocale, useTranslations } from "next-intl";
import { useEffect, useState } from "react";
import { keccak256, stringToHex, type Abi, type Hex } from "viem";
import { useConfig, usePublicClient } from "wagmi";
import { readContract, signTypedData, simulateContract, writeContract } from "wagmi/actions";

import { peperGovernorAbi } from "@protocol/generated/abis/PeperGovernor.ts";
import { peperTimelockAbi } from "@protocol/generated/abis/PeperTimelock.ts";
import { peperTokenAbi } from "@protocol/generated/abis/PeperToken.ts";
import { BALLOT_TYPES } from "@protocol/typedData.ts";

import { useProposal } from "../../hooks/useGovernance.ts";
import { useActiveChain, useRuntime } from "../../hooks/useRuntime.ts";
import { useTransactor } from "../../hooks/useTransactor.ts";
import { formatAmount } from "../../lib/amounts.ts";
import { callText, decodeCall } from "../../lib/proposalActions.ts";
import { availableActions, voteShares, type VoteSupport } from "../../lib/proposals.ts";
import { ChainTimeNote } from "../analytics/ChainTimeNote.tsx";
import { ErrorMessage } from "../ErrorMessage.tsx";
import { NetworkNotice } from "../NetworkNotice.tsx";
import { Empty, ErrorState, Loading } from "../States.tsx";
import { Deadline } from "./Deadline.tsx";
import { QuorumMeter } from "./QuorumMeter.tsx";
import { RemoteGovernance } from "./RemoteGovernance.tsx";
import { StateBadge } from "./ProposalList.tsx";

const ABI = [...peperGovernorAbi, ...peperTimelockAbi, ...peperTokenAbi] as Abi;

// The description's Markdown renderer (react-markdown and its parser) is its own chunk: fetched as
// the page mounts, while the proposal is read from the chain, instead of before the page hydrates.
const loadMarkdown = () => import("react-markdown");
const ReactMarkdown = dynamic(loadMarkdown);
// The vote form only while the proposal is open for votes.
const VoteForm = dynamic(() => import("./VoteForm.tsx").then((m) => m.VoteForm));
// The cross-chain section (its calls' delivery on the other chains) with the proposal, once it is read.
const CrossChainActions = dynamic(() => import("./CrossChainActions.tsx").then((m) => m.CrossChainActions));

export function ProposalView({ id }: { id: string }) {
  const t = useTranslations("dao");
  useEffect(() => void loadMarkdown(), []);
  const locale = useLocale();
  const config = useConfig();
  const chain = useActiveChain();
  const runtime = useRuntime();
  const client = usePublicClient({ chainId: chain.chainId });
  const governor = chain.address("PeperGovernor");
  const proposalId = /^\d+$/.test(id) ? BigInt(id) : undefined;
  const proposal = useProposal(proposalId);
  const tx = useTransactor(chain.chainId);
  const [signed, setSigned] = useState<{ support: VoteSupport; signature: Hex }>();
  const account = chain.account;
  const p = proposal.data ?? undefined;
  const me = useQuery({
    queryKey: ["ballot", chain.chainId, id, account],
    enabled: !!client && !!governor && !!account && !!p,
    refetchInterval: 5_000,
    queryFn: async () => {
      const [hasVoted, power, block] = await Promise.all([
        client!.readContract({
          address: governor!,
          abi: peperGovernorAbi,
          functionName: "hasVoted",
          args: [p!.id, account!],
        }),
        p!.state === "Pending"
          ? Promise.resolve(0n)
          : client!.readContract({
              address: governor!,
              abi: peperGovernorAbi,
              functionName: "getVotes",
              args: [account!, p!.voteStart],
            }),
        client!.getBlock(),
      ]);
      return { hasVoted, power, now: block.timestamp };
    },
  });
  if (proposalId === undefined) return <Empty>{t("notFound")}</Empty>;
  if (!chain.deployed) return <Empty>{t("notDeployed", { chainId: chain.chainId })}</Empty>;
  if (!governor) return <RemoteGovernance chainId={chain.chainId} />;
  if (proposal.isPending) return <Loading />;
  if (proposal.isError) return <ErrorState error={proposal.error} retry={() => void proposal.refetch()} />;
  if (!p) return <Empty>{t("notFound")}</Empty>;

  const votes = (v: bigint) => formatAmount(v, 18, { locale, maxFractionDigits: 0 });
  const shares = voteShares(p.tally);
  const actions = availableActions(p.state);
  const descriptionHash = keccak256(stringToHex(p.description));
  const args = [p.targets, p.values, p.calldatas, descriptionHash] as const;
  const time = (s: bigint) => new Date(Number(s) * 1000).toLocaleString(locale);
  const deployment = runtime.deployments[chain.chainId] ?? {};
  const nameOf = (address: string) =>
    Object.entries(deployment).find(([, a]) => a.toLowerCase() === address.toLowerCase())?.[0];
  const native = runtime.chains.find((c) => c.chainId === chain.chainId)?.nativeSymbol ?? "ETH";
  const ready = p.eta > 0n && me.data ? me.data.now >= p.eta : false;

  const write = (label: string, fn: "queue" | "execute") =>
    governor &&
    account &&
    void tx.run(label, ABI, async () => {
      const { request } = await simulateContract(config, {
        address: governor,
        abi: peperGovernorAbi,
        functionName: fn,
        args,
        account,
        chainId: chain.chainId,
      });
      return writeContract(config, request);
    });

  return (
    <article className="stack">
      <p>
        <Link href="/dao">← {t("back")}</Link>
      </p>
      <header>
        <StateBadge state={p.state} />
        <h1 data-testid="proposal-title">{p.title}</h1>
        <p className="small muted">
          {t("proposedBy", { proposer: p.proposer })} ·{" "}
          {t("voting", { start: time(p.voteStart), end: time(p.voteEnd) })} ·{" "}
          <Deadline chainId={chain.chainId} proposal={p} />
        </p>
        <ChainTimeNote chainId={chain.chainId} />
      </header>
      <section className="card" aria-label={t("results")}>
        <h2>{t("results")}</h2>
        {(
          [
            ["for", p.tally.for, shares.for],
            ["against", p.tally.against, shares.against],
            ["abstain", p.tally.abstain, shares.abstain],
          ] as const
        ).map(([key, amount, share]) => (
          <div key={key} className="vote-row">
            <span className="vote-label">{t(`vote.${key}`)}</span>
            <div
              className={`bar bar-${key}`}
              role="meter"
              aria-valuemin={0}
              aria-valuemax={100}
              aria-valuenow={share / 100}
              aria-label={t(`vote.${key}`)}
            >
              <span style={{ width: `${share / 100}%` }} />
            </div>
            <span className="vote-amount" data-testid={`votes-${key}`}>
              {votes(amount)} ({(share / 100).toFixed(1)} %)
            </span>
          </div>
        ))}
        <h3>{t("quorum")}</h3>
        <QuorumMeter tally={p.tally} {...(p.quorum !== undefined ? { quorum: p.quorum } : {})} testId="quorum" />
      </section>
      {actions.includes("vote") ? (
        <VoteForm
          {...(chain.problem ? { problem: chain.problem } : {})}
          busy={tx.busy}
          {...(tx.error ? { error: tx.error } : {})}
          hasVoted={me.data?.hasVoted ?? false}
          votingPower={me.data?.power ?? 0n}
          onVote={(support, reason) =>
            governor &&
            account &&
            void tx.run(t("vote.label", { title: p.title }), ABI, async () => {
              if (reason) {
                const { request } = await simulateContract(config, {
                  address: governor,
                  abi: peperGovernorAbi,
                  functionName: "castVoteWithReason",
                  args: [p.id, support, reason],
                  account,
                  chainId: chain.chainId,
                });
                return writeContract(config, request);
              }
              const { request } = await simulateContract(config, {
                address: governor,
                abi: peperGovernorAbi,
                functionName: "castVote",
                args: [p.id, support],
                account,
                chainId: chain.chainId,
              });
              return writeContract(config, request);
            })
          }
          onSign={(support) => {
            if (!governor || !account) return;
            void (async () => {
              try {
                const [domain, nonce] = await Promise.all([
                  readContract(config, {
                    address: governor,
                    abi: peperGovernorAbi,
                    functionName: "eip712Domain",
                    chainId: chain.chainId,
                  }),
                  readContract(config, {
                    address: governor,
                    abi: peperGovernorAbi,
                    functionName: "nonces",
                    args: [account],
                    chainId: chain.chainId,
                  }),
                ]);
                const signature = await signTypedData(config, {
                  account,
                  domain: {
                    name: domain[1],
                    version: domain[2],
                    chainId: Number(domain[3]),
                    verifyingContract: domain[4],
                  },
                  types: BALLOT_TYPES,
                  primaryType: "Ballot",
                  message: { proposalId: p.id, support, voter: account, nonce },
                });
                setSigned({ support, signature });
              } catch {
                setSigned(undefined);
              }
            })();
          }}
          onSubmitSigned={() =>
            governor &&
            account &&
            signed &&
            void tx.run(t("vote.bySigLabel", { title: p.title }), ABI, async () => {
              const { request } = await simulateContract(config, {
                address: governor,
                abi: peperGovernorAbi,
                functionName: "castVoteBySig",
                args: [p.id, signed.support, account, signed.signature],
                account,
                chainId: chain.chainId,
              });
              return writeContract(config, request);
            })
          }
          {...(signed ? { signed } : {})}
        />
      ) : null}
      {actions.includes("queue") || actions.includes("execute") ? (
        <section className="card form" aria-label={t("lifecycle")}>
          <h2>{t("lifecycle")}</h2>
          {actions.includes("queue") ? <p>{t("queueHint")}</p> : null}
          {actions.includes("execute") ? (
            <p>{ready ? t("executeReady") : t("executeAt", { eta: time(p.eta) })}</p>
          ) : null}
          <NetworkNotice problem={chain.problem} />
          <ErrorMessage error={tx.error} />
          <div className="button-row">
            {actions.includes("queue") ? (
              <button
                type="button"
                disabled={tx.busy || !!chain.problem}
                onClick={() => write(t("queueLabel", { title: p.title }), "queue")}
              >
                {t("queue")}
              </button>
            ) : null}
            {actions.includes("execute") ? (
              <button
                type="button"
                disabled={tx.busy || !!chain.problem || !ready}
                onClick={() => write(t("executeLabel", { title: p.title }), "execute")}
              >
                {t("execute")}
              </button>
            ) : null}
          </div>
        </section>
      ) : null}
      <section className="card markdown" aria-label={t("description")}>
        <h2>{t("description")}</h2>
        <ReactMarkdown>{p.description}</ReactMarkdown>
      </section>
      <CrossChainActions proposal={p} chainId={chain.chainId} />
      <section className="card" aria-label={t("calls")}>
        <h2>{t("calls")}</h2>
        <ol className="calls">
          {p.targets.map((target, i) => (
            <li key={i} className="mono small break">
              {t("call", {
                target: nameOf(target) ? `${nameOf(target)} (${target})` : target,
                value: `${formatAmount(p.values[i] ?? 0n, 18, { locale })} ${native}`,
              })}
              <br />
              {callText(
                decodeCall({ target, value: p.values[i] ?? 0n, data: p.calldatas[i] ?? "0x" }, (a) => nameOf(a)),
              ) ?? p.calldatas[i]}
            </li>
          ))}
        </ol>
      </section>
    </article>
  );
}
