"use client";
import { useLocale, useTranslations } from "next-intl";
import type { Abi } from "viem";
import { useAccount, useConfig, useSwitchChain } from "wagmi";
import { simulateContract, writeContract } from "wagmi/actions";

import { bridgeManagerAbi } from "@protocol/generated/abis/BridgeManager.ts";

import type { BridgeChain, BridgeOverview } from "../../hooks/useBridge.ts";
import { useTransactor } from "../../hooks/useTransactor.ts";
import { formatAmount } from "../../lib/amounts.ts";
import {
  stageSteps,
  transferStage,
  type BridgeTransfer,
  type StepState,
  type TransferStage,
} from "../../lib/bridge.ts";
import { shortAddress } from "../../lib/format.ts";
import { ErrorMessage } from "../ErrorMessage.tsx";

const ABI = bridgeManagerAbi as Abi;

const badge = (state: StepState) =>
  `badge ${state === "done" ? "badge-executed" : state === "current" ? "badge-active" : "badge-pending"}`;

/** A transfer's stage as a sentence: sent, attested k/n, queued until a time, executed. */
export function StageText({ stage, chainName }: { stage: TransferStage; chainName: string }) {
  const t = useTranslations("bridge.stage");
  const locale = useLocale();
  const time = (s: bigint) => new Date(Number(s) * 1000).toLocaleString(locale);
  switch (stage.kind) {
    case "queued-out":
      return <>{stage.due ? t("queuedOutDue") : t("queuedOut", { time: time(stage.releaseAt) })}</>;
    case "cancelled":
      return <>{t("cancelled")}</>;
    case "sent":
      return <>{t("attested", { k: stage.attestations, n: stage.verifiers, threshold: stage.threshold })}</>;
    case "queued-in":
      return <>{stage.due ? t("queuedInDue") : t("queuedIn", { time: time(stage.releaseAt) })}</>;
    case "executed":
      return <>{t("executed", { chain: chainName })}</>;
  }
}

/** One transfer: route, amount, the three steps, and "Complete" for anyone once a queued one is due. */
export function TransferItem({
  transfer,
  chains,
  overview,
  testId,
}: {
  transfer: BridgeTransfer;
  chains: readonly BridgeChain[];
  overview: BridgeOverview;
  testId?: string;
}) {
  const t = useTranslations("bridge");
  const locale = useLocale();
  const src = chains.find((c) => c.chainId === transfer.srcChainId);
  const dst = chains.find((c) => c.chainId === transfer.dstChainId);
  const srcState = overview.chains[transfer.srcChainId];
  const dstState = overview.chains[transfer.dstChainId];
  if (!src || !dst || !srcState || !dstState) return null;
  const stage = transferStage(transfer, dstState.rule, { source: srcState.now, destination: dstState.now });
  const steps = stageSteps(stage);
  const attestedNames = transfer.attestedBy
    .map((a) => dst.verifierNames[a.toLowerCase()])
    .filter((n): n is string => n !== undefined)
    .map((n) => t(`verifier.${n === "OperatorVerifier" ? "operators" : "hyperlane"}`));
  return (
    <li className="card bridge-transfer" data-testid={testId} data-stage={stage.kind}>
      <p className="bridge-transfer-head">
        <strong>{formatAmount(transfer.amount, 18, { locale })} PEPER</strong>{" "}
        <span>
          {src.name} → {dst.name}
        </span>
      </p>
      <p className="small muted break">
        {t("fromTo", { sender: shortAddress(transfer.sender), recipient: shortAddress(transfer.recipient) })}
        {transfer.sentAt !== undefined ? ` · ${new Date(Number(transfer.sentAt) * 1000).toLocaleString(locale)}` : ""}
      </p>
      <ol
        className="plain bridge-steps"
        aria-label={t("stages")}
        style={{ display: "flex", flexWrap: "wrap", gap: "0.5rem" }}
      >
        <li className={badge(steps.sent)} data-state={steps.sent}>
          {t("step.sent")}
        </li>
        <li className={badge(steps.attested)} data-state={steps.attested}>
          {t("step.attested", {
            k: stage.kind === "sent" ? stage.attestations : steps.attested === "done" ? dstState.rule.threshold : 0,
            n: dstState.rule.verifiers.length,
          })}
        </li>
        <li className={badge(steps.executed)} data-state={steps.executed}>
          {t("step.executed")}
        </li>
      </ol>
      <p className="small" data-testid={testId ? `${testId}-stage` : undefined}>
        <StageText stage={stage} chainName={dst.name} />
        {attestedNames.length > 0 ? ` · ${t("attestedBy", { names: attestedNames.join(", ") })}` : ""}
      </p>
      {(stage.kind === "queued-out" || stage.kind === "queued-in") && stage.due ? (
        <CompleteButton
          transfer={transfer}
          stage={stage}
          chain={stage.kind === "queued-out" ? src : dst}
          fee={
            stage.kind === "queued-out"
              ? overview.routes.find((r) => r.src.chainId === src.chainId && r.dst.chainId === dst.chainId)?.fee
              : 0n
          }
        />
      ) : null}
    </li>
  );
}

/** Anyone may complete a queued transfer once due: on the source (outbound, paying the fee) or the destination (inbound). */
function CompleteButton({
  transfer,
  stage,
  chain,
  fee,
}: {
  transfer: BridgeTransfer;
  stage: Extract<TransferStage, { kind: "queued-out" | "queued-in" }>;
  chain: BridgeChain;
  fee: bigint | undefined;
}) {
  const t = useTranslations("bridge");
  const locale = useLocale();
  const config = useConfig();
  const { address: account, chainId: walletChainId, isConnected } = useAccount();
  const { switchChain, isPending } = useSwitchChain();
  const tx = useTransactor(chain.chainId);
  if (!isConnected || !account) return <p className="small muted">{t("completeConnect")}</p>;
  if (walletChainId !== chain.chainId) {
    return (
      <button
        type="button"
        className="button-secondary"
        disabled={isPending}
        onClick={() => switchChain({ chainId: chain.chainId })}
      >
        {t("switchTo", { chain: chain.name })}
      </button>
    );
  }
  const label = t("completeLabel", { amount: `${formatAmount(transfer.amount, 18, { locale })} PEPER` });
  return (
    <div className="form">
      <ErrorMessage error={tx.error} />
      <button
        type="button"
        disabled={tx.busy || (stage.kind === "queued-out" && fee === undefined)}
        onClick={() =>
          void tx.run(label, ABI, async () => {
            if (stage.kind === "queued-out") {
              const { request } = await simulateContract(config, {
                address: chain.manager,
                abi: bridgeManagerAbi,
                functionName: "completeOutboundQueuedTransfer",
                args: [stage.queueId],
                value: fee ?? 0n,
                account,
                chainId: chain.chainId,
              });
              return writeContract(config, request);
            }
            const { request } = await simulateContract(config, {
              address: chain.manager,
              abi: bridgeManagerAbi,
              functionName: "completeInboundQueuedTransfer",
              args: [transfer.digest!],
              account,
              chainId: chain.chainId,
            });
            return writeContract(config, request);
          })
        }
      >
        {t("complete")}
      </button>
    </div>
  );
}

export function TransferList({
  transfers,
  chains,
  overview,
  empty,
  label,
  testId,
}: {
  transfers: readonly BridgeTransfer[];
  chains: readonly BridgeChain[];
  overview: BridgeOverview;
  empty: string;
  label: string;
  testId: string;
}) {
  if (transfers.length === 0) {
    return (
      <p className="muted" data-testid={`${testId}-empty`}>
        {empty}
      </p>
    );
  }
  return (
    <ul className="plain stack" aria-label={label} data-testid={testId}>
      {transfers.map((tr) => (
        <TransferItem key={tr.id} transfer={tr} chains={chains} overview={overview} />
      ))}
    </ul>
  );
}
