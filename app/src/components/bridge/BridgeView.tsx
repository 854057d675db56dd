"use client";
import { useLocale, useTranslations } from "next-intl";
import { useState } from "react";
import { erc20Abi, parseEventLogs, type Abi } from "viem";
import { useAccount, useConfig, useSwitchChain } from "wagmi";
import { simulateContract, writeContract } from "wagmi/actions";

import { bridgeManagerAbi } from "@protocol/generated/abis/BridgeManager.ts";
import { peperTokenAbi } from "@protocol/generated/abis/PeperToken.ts";

import {
  useBridgeChains,
  useBridgeOverview,
  useBridgeTransfers,
  useBridgeWallet,
  type BridgeChain,
  type BridgeOverview,
  type BridgeRoute,
  type BridgeWallet,
} from "../../hooks/useBridge.ts";
import { useTransactor } from "../../hooks/useTransactor.ts";
import { formatAmount } from "../../lib/amounts.ts";
import { checkTransfer, expectedTime, involves, type BridgeTransfer } from "../../lib/bridge.ts";
import { AmountField } from "../AmountField.tsx";
import { ErrorMessage } from "../ErrorMessage.tsx";
import { NetworkNotice } from "../NetworkNotice.tsx";
import { Stat, Stats } from "../Stat.tsx";
import { Empty, ErrorState, Loading } from "../States.tsx";
import { TransferItem, TransferList } from "./TransferList.tsx";

const ABI = [...bridgeManagerAbi, ...peperTokenAbi] as Abi;
const RECENT = 10;

const peper = (v: bigint, locale: string) => `${formatAmount(v, 18, { locale, maxFractionDigits: 2 })} PEPER`;

/** /bridge: the routes with their fee, limit left and expected time for everyone; the send form and history with a wallet. */
export function BridgeView() {
  const t = useTranslations("bridge");
  const chains = useBridgeChains();
  const overview = useBridgeOverview(chains);
  const transfers = useBridgeTransfers(chains);
  const { address: account } = useAccount();
  const wallet = useBridgeWallet(chains, account);
  const [tracked, setTracked] = useState<string>();

  if (chains.length < 2) return <Empty>{t("notDeployed")}</Empty>;
  if (overview.isPending) return <Loading label={t("loading")} />;
  if (overview.isError) return <ErrorState error={overview.error} retry={() => void overview.refetch()} />;
  const o = overview.data;
  if (o.routes.length === 0) return <Empty>{t("noRoute")}</Empty>;
  const all = transfers.data?.transfers ?? [];
  const sources = transfers.data?.sources;
  const mine = account ? all.filter((tr) => involves(tr, account)) : [];
  const trackedTransfer = tracked ? all.find((tr) => tr.id === tracked) : undefined;

  return (
    <div className="stack">
      <section aria-label={t("routes")} className="grid-halves">
        {o.routes.map((r) => (
          <RouteCard key={`${r.src.chainId}-${r.dst.chainId}`} route={r} overview={o} transfers={all} />
        ))}
      </section>
      <SendForm
        chains={chains}
        overview={o}
        transfers={all}
        {...(wallet.data ? { wallet: wallet.data } : {})}
        onSent={setTracked}
      />
      {tracked ? (
        <section className="stack" aria-label={t("lastTransfer")}>
          <h2>{t("lastTransfer")}</h2>
          {trackedTransfer ? (
            <ul className="plain">
              <TransferItem transfer={trackedTransfer} chains={chains} overview={o} testId="tracked-transfer" />
            </ul>
          ) : (
            <Loading label={t("reading")} />
          )}
        </section>
      ) : null}
      {account ? (
        <section className="stack" aria-label={t("history")}>
          <h2>{t("history")}</h2>
          {transfers.isError ? (
            <ErrorState error={transfers.error} retry={() => void transfers.refetch()} />
          ) : transfers.isPending ? (
            <Loading />
          ) : (
            <TransferList
              transfers={mine}
              chains={chains}
              overview={o}
              empty={t("historyEmpty")}
              label={t("history")}
              testId="bridge-history"
            />
          )}
        </section>
      ) : null}
      <section className="stack" aria-label={t("recent")}>
        <h2>{t("recent")}</h2>
        {sources ? (
          <p className="small muted" data-testid="bridge-sources">
            {t("readFrom", {
              sources: chains
                .map((c) => t(sources[c.chainId] === "subgraph" ? "sourceSubgraph" : "sourceEvents", { chain: c.name }))
                .join(" · "),
            })}
          </p>
        ) : null}
        {transfers.isError ? (
          <ErrorState error={transfers.error} retry={() => void transfers.refetch()} />
        ) : transfers.isPending ? (
          <Loading />
        ) : (
          <TransferList
            transfers={all.slice(0, RECENT)}
            chains={chains}
            overview={o}
            empty={t("recentEmpty")}
            label={t("recent")}
            testId="bridge-recent"
          />
        )}
      </section>
    </div>
  );
}

function RouteCard({
  route,
  overview,
  transfers,
}: {
  route: BridgeRoute;
  overview: BridgeOverview;
  transfers: readonly BridgeTransfer[];
}) {
  const t = useTranslations("bridge");
  const locale = useLocale();
  const id = `${route.src.chainId}-${route.dst.chainId}`;
  const expected = expectedTime(transfers, route.src.chainId, route.dst.chainId);
  const dstRule = overview.chains[route.dst.chainId]!.rule;
  const names = dstRule.verifiers.map((v) => {
    const n = route.dst.verifierNames[v.toLowerCase()];
    return n === "OperatorVerifier" ? t("verifier.operators") : n === "HyperlaneVerifier" ? t("verifier.hyperlane") : v;
  });
  const paused = [route.src, route.dst].filter((c) => overview.chains[c.chainId]?.paused);
  return (
    <article className="card" data-testid={`route-${id}`}>
      <h2>{t("route", { from: route.src.name, to: route.dst.name })}</h2>
      <Stats>
        <Stat label={t("fee")} testId={`fee-${id}`}>
          {formatAmount(route.fee, 18, { locale, maxFractionDigits: 6 })} {route.src.nativeSymbol}
        </Stat>
        <Stat label={t("limitLeft")} testId={`limit-${id}`}>
          <span data-outbound={route.limit.outbound.toString()} data-inbound={route.limit.inbound.toString()}>
            {peper(route.limit.left, locale)}
          </span>
        </Stat>
        <Stat label={t("expected")} testId={`expected-${id}`}>
          {t("seconds", { seconds: expected.seconds })}
        </Stat>
      </Stats>
      <p className="small muted">
        {t("limitDetail", {
          from: route.src.name,
          outbound: peper(route.limit.outbound, locale),
          outboundLimit: peper(route.limit.outboundLimit, locale),
          to: route.dst.name,
          inbound: peper(route.limit.inbound, locale),
          inboundLimit: peper(route.limit.inboundLimit, locale),
        })}
      </p>
      <p className="small muted" data-testid={`expected-source-${id}`}>
        {expected.source === "recent" ? t("expectedRecent", { count: expected.transfers }) : t("expectedBenchmark")}
      </p>
      <p className="small muted">
        {t("verifiers", { threshold: dstRule.threshold, n: dstRule.verifiers.length, names: names.join(", ") })}
      </p>
      {paused.map((c) => (
        <p key={c.chainId} className="form-warning" role="alert">
          {t("paused", { chain: c.name })}
        </p>
      ))}
    </article>
  );
}

function SendForm({
  chains,
  overview,
  transfers,
  wallet,
  onSent,
}: {
  chains: readonly BridgeChain[];
  overview: BridgeOverview;
  transfers: readonly BridgeTransfer[];
  wallet?: BridgeWallet;
  onSent: (id: string) => void;
}) {
  const t = useTranslations("bridge");
  const f = useTranslations("form");
  const locale = useLocale();
  const config = useConfig();
  const { address: account, chainId: walletChainId, isConnected } = useAccount();
  const { switchChain, isPending: switching } = useSwitchChain();
  const [chosenFrom, setFrom] = useState<number>();
  const [chosenTo, setTo] = useState<number>();
  const [amount, setAmount] = useState("");
  const [recipient, setRecipient] = useState("");
  const [queue, setQueue] = useState(false);
  const fromId =
    chosenFrom ??
    (overview.routes.some((r) => r.src.chainId === walletChainId) ? walletChainId : overview.routes[0]!.src.chainId);
  const routesFrom = overview.routes.filter((r) => r.src.chainId === fromId);
  const route = routesFrom.find((r) => r.dst.chainId === chosenTo) ?? routesFrom[0];
  const tx = useTransactor(fromId ?? 0);
  if (!route) return null;
  const src = route.src;
  const dst = route.dst;
  const srcState = overview.chains[src.chainId]!;
  const expected = expectedTime(transfers, src.chainId, dst.chainId);
  const balance = wallet?.peper[src.chainId];
  const check = account
    ? checkTransfer({
        amount,
        recipient,
        self: account,
        balance: balance ?? 0n,
        nativeBalance: wallet?.native[src.chainId] ?? 0n,
        fee: route.fee,
        outboundLeft: route.limit.outbound,
        queue,
      })
    : undefined;
  const message = (field: "amount" | "recipient" | "fee") => {
    if (!check || check.ok || check.field !== field) return undefined;
    if (field === "amount" && amount.trim() === "") return undefined;
    return t(`errors.${check.key}`, {
      left: peper(route.limit.outbound, locale),
      fee: formatAmount(route.fee, 18, { locale, maxFractionDigits: 6 }),
      symbol: src.nativeSymbol,
      chain: src.name,
    });
  };
  const needsApproval = check?.ok === true && srcState.isHome && (wallet?.allowance[src.chainId] ?? 0n) < check.amount;
  const onWrongChain = isConnected && walletChainId !== src.chainId;
  const aboveLimit = check !== undefined && !check.ok && check.key === "aboveLimit";
  const paused = srcState.paused;

  const submit = () => {
    if (!account || !check?.ok || !src.token) return;
    const token = src.token;
    const amountText = peper(check.amount, locale);
    if (needsApproval) {
      void tx.run(
        t("approveLabel", { amount: amountText, chain: src.name }),
        ABI,
        async () => {
          const { request } = await simulateContract(config, {
            address: token,
            abi: erc20Abi,
            functionName: "approve",
            args: [src.manager, check.amount],
            account,
            chainId: src.chainId,
          });
          return writeContract(config, request);
        },
        { keepForm: true },
      );
      return;
    }
    void (async () => {
      const receipt = await tx.run(
        t("sendLabel", { amount: amountText, from: src.name, to: dst.name }),
        ABI,
        async () => {
          const { request } = await simulateContract(config, {
            address: src.manager,
            abi: bridgeManagerAbi,
            functionName: "transfer",
            args: [check.amount, BigInt(dst.chainId), check.recipient, check.queued],
            value: check.queued ? 0n : route.fee,
            account,
            chainId: src.chainId,
          });
          return writeContract(config, request);
        },
      );
      if (!receipt) return;
      const logs = parseEventLogs({
        abi: bridgeManagerAbi,
        logs: receipt.logs,
        eventName: ["MessageSent", "OutboundTransferQueued"],
      });
      for (const log of logs) {
        if (log.eventName === "MessageSent") onSent(log.args.digest.toLowerCase());
        else onSent(`queue:${src.chainId}:${log.args.queueId}`);
      }
      setAmount("");
      setRecipient("");
      setQueue(false);
    })();
  };

  return (
    <form
      className="card form"
      aria-label={t("send")}
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
    >
      <h2>{t("send")}</h2>
      <div className="field-row">
        <div className="field">
          <label htmlFor="bridge-from">{t("from")}</label>
          <select
            id="bridge-from"
            value={src.chainId}
            onChange={(e) => {
              setFrom(Number(e.target.value));
              setTo(undefined);
            }}
          >
            {[...new Set(overview.routes.map((r) => r.src))].map((c) => (
              <option key={c.chainId} value={c.chainId}>
                {c.name}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="bridge-to">{t("to")}</label>
          <select id="bridge-to" value={dst.chainId} onChange={(e) => setTo(Number(e.target.value))}>
            {routesFrom.map((r) => (
              <option key={r.dst.chainId} value={r.dst.chainId}>
                {r.dst.name}
              </option>
            ))}
          </select>
        </div>
      </div>
      <AmountField
        label={t("amount")}
        name="amount"
        value={amount}
        onChange={setAmount}
        symbol="PEPER"
        decimals={18}
        {...(balance !== undefined ? { balance } : {})}
        {...(message("amount") ? { message: message("amount")! } : {})}
      />
      <div className="field">
        <label htmlFor="bridge-recipient">{t("recipient")}</label>
        <input
          id="bridge-recipient"
          name="recipient"
          className="mono"
          autoComplete="off"
          spellCheck={false}
          placeholder={account ?? "0x…"}
          value={recipient}
          onChange={(e) => setRecipient(e.target.value)}
          aria-invalid={message("recipient") ? true : undefined}
        />
        <span className="hint">{t("recipientHint")}</span>
        {message("recipient") ? (
          <span className="field-error" role="alert">
            {message("recipient")}
          </span>
        ) : null}
      </div>
      {aboveLimit || queue ? (
        <label className="checkbox-row">
          <input type="checkbox" checked={queue} onChange={(e) => setQueue(e.target.checked)} />
          {t("queue")}
        </label>
      ) : null}
      <Stats label={t("summary")}>
        <Stat label={t("fee")} testId="send-fee">
          {check?.ok && check.queued
            ? t("feeQueued")
            : `${formatAmount(route.fee, 18, { locale, maxFractionDigits: 6 })} ${src.nativeSymbol}`}
        </Stat>
        <Stat label={t("limitLeft")}>{peper(route.limit.left, locale)}</Stat>
        <Stat label={t("expected")}>
          {check?.ok && check.queued ? t("expectedQueued") : t("seconds", { seconds: expected.seconds })}
        </Stat>
      </Stats>
      {wallet ? (
        <Stats label={t("balances")}>
          {chains.map((c) => (
            <Stat key={c.chainId} label={t("balanceOn", { chain: c.name })} testId={`bridge-balance-${c.chainId}`}>
              {peper(wallet.peper[c.chainId] ?? 0n, locale)}
            </Stat>
          ))}
        </Stats>
      ) : null}
      {message("fee") ? (
        <p className="form-error" role="alert">
          {message("fee")}
        </p>
      ) : null}
      {paused ? (
        <p className="form-warning" role="alert">
          {t("paused", { chain: src.name })}
        </p>
      ) : null}
      {!isConnected ? <NetworkNotice problem="disconnected" /> : null}
      <ErrorMessage error={tx.error} />
      <div className="button-row">
        {onWrongChain ? (
          <button type="button" disabled={switching} onClick={() => switchChain({ chainId: src.chainId })}>
            {t("switchTo", { chain: src.name })}
          </button>
        ) : (
          <button type="submit" disabled={!isConnected || !check?.ok || tx.busy || paused}>
            {tx.busy ? f("waiting") : needsApproval ? t("approve") : t("submit")}
          </button>
        )}
      </div>
    </form>
  );
}
