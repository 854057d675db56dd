"use client";
import { useQuery } from "@tanstack/react-query";
import { useLocale, useTranslations } from "next-intl";
import type { Abi, Address, Hex, PublicClient } from "viem";
import { useAccount, useConfig, useSwitchChain } from "wagmi";
import { getPublicClient, simulateContract, writeContract } from "wagmi/actions";

import { governanceReceiverAbi } from "@protocol/generated/abis/GovernanceReceiver.ts";
import { governanceSenderAbi } from "@protocol/generated/abis/GovernanceSender.ts";
import { peperGovernorAbi } from "@protocol/generated/abis/PeperGovernor.ts";
import { peperTimelockAbi } from "@protocol/generated/abis/PeperTimelock.ts";

import type { Proposal } from "../../data/proposals.ts";
import { useRuntime } from "../../hooks/useRuntime.ts";
import { useTransactor } from "../../hooks/useTransactor.ts";
import {
  callText,
  crossChainActions,
  decodeCall,
  deliveryStage,
  type CrossChainAction,
  type DeliveryStage,
} from "../../lib/proposalActions.ts";
import { ErrorMessage } from "../ErrorMessage.tsx";
import { ErrorState, Loading } from "../States.tsx";

const ZERO32 = `0x${"0".repeat(64)}` as Hex;

interface SentMessage {
  digest: Hex;
  targets: readonly Address[];
  values: readonly bigint[];
  calldatas: readonly Hex[];
}

interface Delivery {
  stage: DeliveryStage;
  message?: SentMessage;
  timelock?: Address;
}

/**
 * The proposal's actions that call GovernanceSender.send: where they go, their inner calls decoded
 * with the protocol ABIs of the remote chain's deployment, and their delivery there (attested k/n →
 * scheduled on the remote Timelock → ready at → executed), with "Execute" for anyone once ready.
 */
export function CrossChainActions({ proposal, chainId }: { proposal: Proposal; chainId: number }) {
  const t = useTranslations("dao");
  const runtime = useRuntime();
  const sender = runtime.deployments[chainId]?.["GovernanceSender"];
  const actions = crossChainActions(proposal, sender);
  if (actions.length === 0 || !sender) return null;
  return (
    <section className="card stack" aria-label={t("crossChain")} data-testid="cross-chain-actions">
      <h2>{t("crossChain")}</h2>
      <p className="small muted">{t("crossChainHint")}</p>
      <ol className="plain stack">
        {actions.map((a, order) => (
          <CrossChainItem
            key={a.index}
            action={a}
            order={order}
            proposal={proposal}
            chainId={chainId}
            sender={sender}
          />
        ))}
      </ol>
    </section>
  );
}

function CrossChainItem({
  action,
  order,
  proposal,
  chainId,
  sender,
}: {
  action: CrossChainAction;
  /** Its place among the proposal's cross-chain actions (the order of their messages in the execution). */
  order: number;
  proposal: Proposal;
  chainId: number;
  sender: Address;
}) {
  const t = useTranslations("dao");
  const locale = useLocale();
  const config = useConfig();
  const runtime = useRuntime();
  const remote = runtime.deployments[action.dstChainId] ?? {};
  const remoteName =
    runtime.chains.find((c) => c.chainId === action.dstChainId)?.name ??
    t("unknownChain", { chainId: action.dstChainId });
  const nameOf = (a: Address) => Object.entries(remote).find(([, x]) => x.toLowerCase() === a.toLowerCase())?.[0];
  const receiver = remote["GovernanceReceiver"];
  const governor = runtime.deployments[chainId]?.["PeperGovernor"];

  const delivery = useQuery({
    queryKey: ["cross-chain-delivery", chainId, proposal.id.toString(), action.index, proposal.state],
    enabled: !!governor,
    refetchInterval: 3_000,
    queryFn: async (): Promise<Delivery> => {
      const home = getPublicClient(config, { chainId }) as PublicClient | undefined;
      if (!home) throw new Error(`No RPC client for chain ${chainId}`);
      const executedLogs = await home.getContractEvents({
        address: governor!,
        abi: peperGovernorAbi,
        eventName: "ProposalExecuted",
        fromBlock: proposal.createdBlock,
        strict: true,
      });
      const execution = executedLogs.find((l) => l.args.proposalId === proposal.id);
      const none = { attestations: 0, threshold: 0, verifiers: 0, done: false, now: 0n };
      if (!execution) return { stage: deliveryStage({ ...none, executed: false, sent: false }) };
      const sentLogs = await home.getContractEvents({
        address: sender,
        abi: governanceSenderAbi,
        eventName: "GovernanceMessageSent",
        fromBlock: execution.blockNumber,
        toBlock: execution.blockNumber,
        strict: true,
      });
      const sent = sentLogs.filter((l) => l.transactionHash === execution.transactionHash)[order];
      if (!sent || Number(sent.args.dstChainId) !== action.dstChainId || !receiver) {
        return { stage: deliveryStage({ ...none, executed: true, sent: false }) };
      }
      const message: SentMessage = {
        digest: sent.args.digest,
        targets: sent.args.message.targets,
        values: sent.args.message.values,
        calldatas: sent.args.message.calldatas,
      };
      const client = getPublicClient(config, { chainId: action.dstChainId }) as PublicClient | undefined;
      if (!client) throw new Error(`No RPC client for chain ${action.dstChainId}`);
      const [attested, scheduled, verifiers, threshold, timelock, block] = await Promise.all([
        client.getContractEvents({
          address: receiver,
          abi: governanceReceiverAbi,
          eventName: "MessageAttested",
          args: { digest: message.digest },
          fromBlock: 0n,
          strict: true,
        }),
        client.getContractEvents({
          address: receiver,
          abi: governanceReceiverAbi,
          eventName: "GovernanceMessageScheduled",
          args: { digest: message.digest },
          fromBlock: 0n,
          strict: true,
        }),
        client.readContract({ address: receiver, abi: governanceReceiverAbi, functionName: "verifiers" }),
        client.readContract({ address: receiver, abi: governanceReceiverAbi, functionName: "threshold" }),
        client.readContract({ address: receiver, abi: governanceReceiverAbi, functionName: "timelock" }),
        client.getBlock({ blockTag: "latest" }),
      ]);
      const by = new Set(attested.map((l) => l.args.verifier.toLowerCase()));
      const schedule = scheduled[0];
      const done = schedule
        ? await client.readContract({
            address: timelock,
            abi: peperTimelockAbi,
            functionName: "isOperationDone",
            args: [schedule.args.operationId],
          })
        : false;
      return {
        message,
        timelock,
        stage: deliveryStage({
          executed: true,
          sent: true,
          attestations: verifiers.filter((v) => by.has(v.toLowerCase())).length,
          threshold: Number(threshold),
          verifiers: verifiers.length,
          ...(schedule ? { readyAt: schedule.args.readyAt } : {}),
          done,
          now: block.timestamp,
        }),
      };
    },
  });

  const time = (s: bigint) => new Date(Number(s) * 1000).toLocaleString(locale);
  return (
    <li className="stack" data-testid={`cross-chain-${action.index}`}>
      <h3>{t("crossChainTo", { index: action.index + 1, chain: remoteName })}</h3>
      <ol className="calls">
        {action.calls.map((c, i) => {
          const decoded = decodeCall(c, nameOf);
          const target = decoded.contract ? `${decoded.contract} (${c.target})` : c.target;
          return (
            <li key={i} className="mono small break" data-testid="cross-chain-call">
              {t("crossChainCall", { call: callText(decoded) ?? c.data, target })}
            </li>
          );
        })}
      </ol>
      <p className="small">
        <strong>{t("delivery.label", { chain: remoteName })}:</strong>{" "}
        {delivery.isPending ? (
          <Loading />
        ) : delivery.isError ? (
          <ErrorState error={delivery.error} retry={() => void delivery.refetch()} />
        ) : (
          <span data-testid="cross-chain-delivery" data-stage={delivery.data.stage.kind}>
            <StageSentence stage={delivery.data.stage} chain={remoteName} time={time} />
          </span>
        )}
      </p>
      {delivery.data?.stage.kind === "ready" && delivery.data.message && delivery.data.timelock ? (
        <ExecuteRemote
          chainId={action.dstChainId}
          chainName={remoteName}
          index={action.index + 1}
          timelock={delivery.data.timelock}
          message={delivery.data.message}
        />
      ) : null}
    </li>
  );
}

function StageSentence({ stage, chain, time }: { stage: DeliveryStage; chain: string; time: (s: bigint) => string }) {
  const t = useTranslations("dao.delivery");
  switch (stage.kind) {
    case "not-sent":
      return <>{t("notSent")}</>;
    case "not-found":
      return <>{t("notFound")}</>;
    case "attesting":
      return <>{t("attesting", { k: stage.attestations, n: stage.verifiers, threshold: stage.threshold })}</>;
    case "scheduled":
      return <>{t("scheduled", { chain, time: time(stage.readyAt) })}</>;
    case "ready":
      return <>{t("ready", { chain })}</>;
    case "executed":
      return <>{t("executed", { chain })}</>;
  }
}

/** Anyone runs a ready operation on the remote Timelock (salt = the message digest, no predecessor). */
function ExecuteRemote({
  chainId,
  chainName,
  index,
  timelock,
  message,
}: {
  chainId: number;
  chainName: string;
  index: number;
  timelock: Address;
  message: SentMessage;
}) {
  const t = useTranslations("dao");
  const b = useTranslations("bridge");
  const config = useConfig();
  const { address: account, chainId: walletChainId, isConnected } = useAccount();
  const { switchChain, isPending } = useSwitchChain();
  const tx = useTransactor(chainId);
  if (!isConnected || !account) return null;
  if (walletChainId !== chainId) {
    return (
      <button type="button" className="button-secondary" disabled={isPending} onClick={() => switchChain({ chainId })}>
        {b("switchTo", { chain: chainName })}
      </button>
    );
  }
  return (
    <div className="form">
      <ErrorMessage error={tx.error} />
      <button
        type="button"
        disabled={tx.busy}
        onClick={() =>
          void tx.run(t("executeRemoteLabel", { index, chain: chainName }), peperTimelockAbi as Abi, async () => {
            const { request } = await simulateContract(config, {
              address: timelock,
              abi: peperTimelockAbi,
              functionName: "executeBatch",
              args: [message.targets, message.values, message.calldatas, ZERO32, message.digest],
              value: message.values.reduce((s, v) => s + v, 0n),
              account,
              chainId,
            });
            return writeContract(config, request);
          })
        }
      >
        {t("executeRemote", { chain: chainName })}
      </button>
    </div>
  );
}
