"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useLocale, useTranslations } from "next-intl";
import { useId, useState, type FormEvent } from "react";

import { useApiAccount } from "../../hooks/useApiAccount.ts";
import { api } from "../../lib/apiClient.ts";
import { checkDecision, type DecisionInputForm } from "../../lib/decision.ts";
import { MARKETS } from "../../lib/quantum.ts";
import { SignInPanel } from "../account/LazySignInPanel.tsx";
import { Empty, ErrorState, Loading } from "../States.tsx";

interface Decision {
  decision: { action: string; size: number };
  confidence_score: number;
  reasoning: string;
  model_version: string;
  vetoes: readonly { rule: string; message: string }[];
}
interface Stored {
  decision_id: string;
  asset: string;
  action: string;
  size: string;
  confidence_score: number;
  reasoning: string;
  created_at: string;
}

const FIELDS = ["maxPosition", "stopLoss", "takeProfit", "maxDrawdown", "minConfidence"] as const;

/** Ask the decision engine for your own risk parameters (signed in with the wallet), and your history. */
export function DecisionRequest() {
  const t = useTranslations("ai.request");
  const locale = useLocale();
  const queryClient = useQueryClient();
  const { session, signedIn } = useApiAccount({ me: false });
  const id = useId();
  const [input, setInput] = useState<DecisionInputForm>({
    market: "DAX",
    maxPosition: "50",
    stopLoss: "10",
    takeProfit: "25",
    maxDrawdown: "20",
    minConfidence: "40",
  });
  const [touched, setTouched] = useState(false);
  const check = checkDecision(input);
  const ask = useMutation({
    mutationFn: (body: Record<string, unknown>) => api<Decision>("/ai/agi-decision", { body, auth: true }),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: ["myDecisions"] }),
  });
  const history = useQuery({
    queryKey: ["myDecisions", session?.account],
    enabled: signedIn,
    queryFn: () => api<{ decisions: Stored[] }>("/ai/decisions", { auth: true }),
  });
  const pct = (x: number) => new Intl.NumberFormat(locale, { style: "percent", maximumFractionDigits: 1 }).format(x);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setTouched(true);
    if (!signedIn || !check.ok) return;
    ask.mutate(check.body);
  };
  return (
    <div className="stack">
      <SignInPanel />
      <form className="card form" onSubmit={submit} noValidate aria-label={t("title")}>
        <h2>{t("title")}</h2>
        <div className="field">
          <label htmlFor={`${id}-market`}>{t("market")}</label>
          <select
            id={`${id}-market`}
            value={input.market}
            onChange={(e) => setInput({ ...input, market: e.target.value })}
          >
            {MARKETS.map((m) => (
              <option key={m}>{m}</option>
            ))}
          </select>
        </div>
        {FIELDS.map((f) => (
          <div className="field" key={f}>
            <label htmlFor={`${id}-${f}`}>{t(f)}</label>
            <div className="amount-row">
              <input
                id={`${id}-${f}`}
                inputMode="decimal"
                value={input[f]}
                onChange={(e) => {
                  setInput({ ...input, [f]: e.target.value });
                  setTouched(true);
                }}
                aria-invalid={touched && !check.ok && check.key === f ? true : undefined}
              />
              <span className="unit">%</span>
            </div>
          </div>
        ))}
        {touched && !check.ok ? (
          <p className="field-error" role="alert">
            {t(`invalid.${check.key}`)}
          </p>
        ) : null}
        {!signedIn ? <p className="form-warning">{t("signInFirst")}</p> : null}
        {ask.isError ? <ErrorState error={ask.error} /> : null}
        <div className="button-row">
          <button type="submit" disabled={ask.isPending || !signedIn}>
            {ask.isPending ? t("asking") : t("submit")}
          </button>
        </div>
        {ask.data ? (
          <div className="card" data-testid="my-decision" aria-live="polite">
            <p>
              <strong>{t("answer", { action: ask.data.decision.action, size: pct(ask.data.decision.size) })}</strong> ·{" "}
              {t("confidence", { value: pct(ask.data.confidence_score) })}
            </p>
            <p className="reasoning">{ask.data.reasoning}</p>
            {ask.data.vetoes.map((v) => (
              <p key={v.rule} className="small form-warning">
                {v.message}
              </p>
            ))}
          </div>
        ) : null}
      </form>
      {signedIn ? (
        <section className="card" aria-labelledby={`${id}-history`}>
          <h2 id={`${id}-history`}>{t("history")}</h2>
          {history.isPending ? (
            <Loading />
          ) : history.isError ? (
            <ErrorState error={history.error} retry={() => void history.refetch()} />
          ) : history.data.decisions.length === 0 ? (
            <Empty>{t("noHistory")}</Empty>
          ) : (
            <ul className="proposal-list">
              {history.data.decisions.slice(0, 10).map((d) => (
                <li key={d.decision_id}>
                  <strong>
                    {d.asset} {d.action}
                  </strong>{" "}
                  {pct(Number(d.size))} · {pct(d.confidence_score)} ·{" "}
                  <span className="small muted">{new Date(d.created_at).toLocaleString(locale)}</span>
                </li>
              ))}
            </ul>
          )}
        </section>
      ) : null}
    </div>
  );
}
