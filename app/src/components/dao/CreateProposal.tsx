"use client";
import { useRouter } from "next/navigation";
import { useLocale, useTranslations } from "next-intl";
import { useId, useState, type FormEvent } from "react";
import { keccak256, stringToHex, type Abi } from "viem";
import { useConfig } from "wagmi";
import { readContract, simulateContract, writeContract } from "wagmi/actions";

import { peperGovernorAbi } from "@protocol/generated/abis/PeperGovernor.ts";

import { useVoter } from "../../hooks/useGovernance.ts";
import { useMarket } from "../../hooks/useMarket.ts";
import { useActiveChain } from "../../hooks/useRuntime.ts";
import { useTransactor } from "../../hooks/useTransactor.ts";
import { formatAmount } from "../../lib/amounts.ts";
import { shortAddress } from "../../lib/format.ts";
import {
  freeFormCall,
  MAX_ACTIONS,
  parameterChange,
  PARAMETERS,
  proposalCalls,
  treasuryTransfer,
  type BuildResult,
  type ParameterId,
  type ProposalCall,
} from "../../lib/proposalActions.ts";
import { ErrorMessage } from "../ErrorMessage.tsx";
import { NetworkNotice } from "../NetworkNotice.tsx";
import { Empty, ErrorState, Loading } from "../States.tsx";

type Kind = "treasury" | "parameter" | "freeform";

/** Propose a treasury transfer, a parameter change or any call; the Timelock executes it if it passes. */
export function CreateProposal() {
  const t = useTranslations("dao.create");
  const locale = useLocale();
  const config = useConfig();
  const router = useRouter();
  const chain = useActiveChain();
  const market = useMarket();
  const voter = useVoter();
  const tx = useTransactor(chain.chainId);
  const ids = {
    kind: useId(),
    token: useId(),
    to: useId(),
    amount: useId(),
    param: useId(),
    value: useId(),
    target: useId(),
    eth: useId(),
    data: useId(),
    title: useId(),
    body: useId(),
  };
  const [kind, setKind] = useState<Kind>("treasury");
  const [token, setToken] = useState("native");
  const [to, setTo] = useState("");
  const [amount, setAmount] = useState("");
  const [param, setParam] = useState<ParameterId>("votingDelay");
  const [paramValue, setParamValue] = useState("");
  const [target, setTarget] = useState("");
  const [eth, setEth] = useState("0");
  const [data, setData] = useState("0x");
  const [title, setTitle] = useState("");
  const [body, setBody] = useState("");
  const [touched, setTouched] = useState(false);
  /** Actions added to the proposal so far (the editor holds the next one). */
  const [added, setAdded] = useState<ProposalCall[]>([]);
  const [editorTouched, setEditorTouched] = useState(false);
  const edit =
    <T,>(set: (v: T) => void) =>
    (v: T) => {
      set(v);
      setEditorTouched(true);
    };
  const governor = chain.address("PeperGovernor");
  if (!chain.deployed) return <Empty>{t("notDeployed", { chainId: chain.chainId })}</Empty>;
  if (market.isPending || voter.isPending) return <Loading />;
  if (market.isError) return <ErrorState error={market.error} retry={() => void market.refetch()} />;
  if (voter.isError) return <ErrorState error={voter.error} retry={() => void voter.refetch()} />;
  const tokens = market.data.tokens;

  const built: BuildResult =
    kind === "treasury"
      ? treasuryTransfer(
          token === "native" ? "native" : (tokens.find((x) => x.address === token) ?? "native"),
          to.trim(),
          amount,
        )
      : kind === "parameter"
        ? parameterChange(param, chain.address(PARAMETERS.find((p) => p.id === param)!.contract), paramValue)
        : freeFormCall(target.trim(), eth, data);
  const calls = proposalCalls(added, built, editorTouched);
  const titleOk = title.trim().length >= 3;
  const enoughVotes = voter.data.votes >= voter.data.threshold;
  const description = `# ${title.trim()}\n\n${body.trim()}`;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setTouched(true);
    if (chain.problem || !calls.ok || !titleOk || !enoughVotes || !governor || !chain.account) return;
    const targets = calls.calls.map((c) => c.target);
    const values = calls.calls.map((c) => c.value);
    const datas = calls.calls.map((c) => c.data);
    void tx
      .run(t("label", { title: title.trim() }), peperGovernorAbi as Abi, async () => {
        const { request } = await simulateContract(config, {
          address: governor,
          abi: peperGovernorAbi,
          functionName: "propose",
          args: [targets, values, datas, description],
          account: chain.account!,
          chainId: chain.chainId,
        });
        return writeContract(config, request);
      })
      .then(async (receipt) => {
        if (!receipt) return;
        const id = await readContract(config, {
          address: governor,
          abi: peperGovernorAbi,
          functionName: "hashProposal",
          args: [targets, values, datas, keccak256(stringToHex(description))],
          chainId: chain.chainId,
        });
        router.push(`/dao/${id.toString()}`);
      });
  };

  return (
    <form className="card form" onSubmit={submit} noValidate aria-label={t("title")}>
      <div className="field">
        <label htmlFor={ids.kind}>{t("kind")}</label>
        <select id={ids.kind} value={kind} onChange={(e) => edit(setKind)(e.target.value as Kind)}>
          <option value="treasury">{t("kinds.treasury")}</option>
          <option value="parameter">{t("kinds.parameter")}</option>
          <option value="freeform">{t("kinds.freeform")}</option>
        </select>
      </div>
      {kind === "treasury" ? (
        <>
          <div className="field">
            <label htmlFor={ids.token}>{t("asset")}</label>
            <select id={ids.token} value={token} onChange={(e) => edit(setToken)(e.target.value)}>
              <option value="native">{t("native")}</option>
              {tokens.map((x) => (
                <option key={x.address} value={x.address}>
                  {x.symbol}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor={ids.to}>{t("recipient")}</label>
            <input
              id={ids.to}
              value={to}
              onChange={(e) => edit(setTo)(e.target.value)}
              placeholder="0x…"
              spellCheck={false}
            />
          </div>
          <div className="field">
            <label htmlFor={ids.amount}>{t("amount")}</label>
            <input
              id={ids.amount}
              inputMode="decimal"
              value={amount}
              onChange={(e) => edit(setAmount)(e.target.value)}
            />
          </div>
        </>
      ) : null}
      {kind === "parameter" ? (
        <>
          <div className="field">
            <label htmlFor={ids.param}>{t("parameter")}</label>
            <select id={ids.param} value={param} onChange={(e) => edit(setParam)(e.target.value as ParameterId)}>
              {PARAMETERS.map((p) => (
                <option key={p.id} value={p.id}>
                  {t(`parameters.${p.id}`)}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor={ids.value}>{t("newValue", { unit: PARAMETERS.find((p) => p.id === param)!.unit })}</label>
            <input
              id={ids.value}
              inputMode="decimal"
              value={paramValue}
              onChange={(e) => edit(setParamValue)(e.target.value)}
            />
          </div>
        </>
      ) : null}
      {kind === "freeform" ? (
        <>
          <div className="field">
            <label htmlFor={ids.target}>{t("target")}</label>
            <input
              id={ids.target}
              value={target}
              onChange={(e) => edit(setTarget)(e.target.value)}
              placeholder="0x…"
              spellCheck={false}
            />
          </div>
          <div className="field">
            <label htmlFor={ids.eth}>{t("value")}</label>
            <input id={ids.eth} inputMode="decimal" value={eth} onChange={(e) => edit(setEth)(e.target.value)} />
          </div>
          <div className="field">
            <label htmlFor={ids.data}>{t("calldata")}</label>
            <textarea
              id={ids.data}
              rows={3}
              value={data}
              onChange={(e) => edit(setData)(e.target.value)}
              spellCheck={false}
              className="mono"
            />
          </div>
        </>
      ) : null}
      {touched && !calls.ok ? (
        <p className="field-error" role="alert">
          {t(`errors.${calls.key}`)}
        </p>
      ) : null}
      <div className="button-row">
        <button
          type="button"
          className="button-secondary"
          disabled={added.length + 1 >= MAX_ACTIONS}
          onClick={() => {
            if (!built.ok) {
              setTouched(true);
              setEditorTouched(true);
              return;
            }
            setAdded([...added, built.call]);
            setTo("");
            setAmount("");
            setParamValue("");
            setTarget("");
            setEth("0");
            setData("0x");
            setEditorTouched(false);
            setTouched(false);
          }}
        >
          {t("addAction")}
        </button>
      </div>
      {added.length > 0 ? (
        <section aria-label={t("actions")}>
          <h3>{t("actions")}</h3>
          <ol className="action-list" data-testid="proposal-actions">
            {added.map((c, i) => (
              <li key={i}>
                <span className="mono">{shortAddress(c.target)}</span>{" "}
                {t("actionSummary", {
                  value: formatAmount(c.value, 18, { locale }),
                  bytes: String((c.data.length - 2) / 2),
                })}{" "}
                <button
                  type="button"
                  className="link-button"
                  aria-label={t("removeAction", { index: String(i + 1) })}
                  onClick={() => setAdded(added.filter((_, j) => j !== i))}
                >
                  {t("remove")}
                </button>
              </li>
            ))}
          </ol>
          <p className="small muted">{editorTouched ? t("editorIncluded") : t("editorLeftOut")}</p>
        </section>
      ) : null}
      <div className="field">
        <label htmlFor={ids.title}>{t("proposalTitle")}</label>
        <input id={ids.title} value={title} onChange={(e) => setTitle(e.target.value)} />
        {touched && !titleOk ? (
          <p className="field-error" role="alert">
            {t("errors.title")}
          </p>
        ) : null}
      </div>
      <div className="field">
        <label htmlFor={ids.body}>{t("body")}</label>
        <textarea id={ids.body} rows={6} value={body} onChange={(e) => setBody(e.target.value)} />
      </div>
      {!enoughVotes && chain.account ? (
        <p className="form-warning" role="alert">
          {t("threshold", {
            threshold: formatAmount(voter.data.threshold, 18, { locale }),
            votes: formatAmount(voter.data.votes, 18, { locale }),
          })}
        </p>
      ) : null}
      <NetworkNotice problem={chain.problem} />
      <ErrorMessage error={tx.error} />
      <button type="submit" disabled={tx.busy || !!chain.problem}>
        {t("submit")}
      </button>
    </form>
  );
}
