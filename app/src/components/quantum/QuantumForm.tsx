"use client";
import { useTranslations } from "next-intl";
import { useId, useState, type FormEvent } from "react";

import { checkOptimiser, MARKETS, type MarketName, type OptimiserInput } from "../../lib/quantum.ts";

/** Assets, method, risk tolerance and weight bounds for the optimiser, checked before the request. */
export function QuantumForm({
  busy,
  disabled,
  onSubmit,
}: {
  busy: boolean;
  /** Why it cannot run (not signed in), already translated. */
  disabled?: string;
  onSubmit: (body: Record<string, unknown>) => void;
}) {
  const t = useTranslations("quantum.form");
  const ids = { risk: useId(), min: useId(), max: useId(), card: useId(), lookback: useId() };
  const [input, setInput] = useState<OptimiserInput>({
    markets: ["DAX", "SMI", "CAC", "FTSE"],
    method: "exact",
    riskTolerance: "0.5",
    minWeight: "0",
    maxWeight: "0.6",
    cardinality: "2",
    lookbackDays: "250",
  });
  const [touched, setTouched] = useState(false);
  const check = checkOptimiser(input);
  const set = (patch: Partial<OptimiserInput>) => {
    setInput((i) => ({ ...i, ...patch }));
    setTouched(true);
  };
  const toggle = (m: MarketName) =>
    set({ markets: input.markets.includes(m) ? input.markets.filter((x) => x !== m) : [...input.markets, m] });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setTouched(true);
    if (disabled || !check.ok) return;
    onSubmit(check.body);
  };
  return (
    <form className="card form" onSubmit={submit} noValidate aria-label={t("title")}>
      <h2>{t("title")}</h2>
      <fieldset className="field">
        <legend>{t("markets")}</legend>
        <div className="checkbox-row">
          {MARKETS.map((m) => (
            <label key={m} className="radio">
              <input type="checkbox" checked={input.markets.includes(m)} onChange={() => toggle(m)} /> {m}
            </label>
          ))}
        </div>
      </fieldset>
      <fieldset className="field">
        <legend>{t("method")}</legend>
        <div className="checkbox-row">
          {(["exact", "qaoa"] as const).map((m) => (
            <label key={m} className="radio">
              <input
                type="radio"
                name="method"
                value={m}
                checked={input.method === m}
                onChange={() => set({ method: m })}
              />{" "}
              {t(m)}
            </label>
          ))}
        </div>
      </fieldset>
      <div className="field">
        <label htmlFor={ids.risk}>{t("risk")}</label>
        <input
          id={ids.risk}
          type="range"
          min={0}
          max={1}
          step={0.05}
          value={input.riskTolerance}
          onChange={(e) => set({ riskTolerance: e.target.value })}
          aria-valuetext={input.riskTolerance}
        />
        <div className="hint">{t("riskHint", { value: input.riskTolerance })}</div>
      </div>
      <div className="field-row">
        <div className="field">
          <label htmlFor={ids.min}>{t("minWeight")}</label>
          <input
            id={ids.min}
            inputMode="decimal"
            value={input.minWeight}
            onChange={(e) => set({ minWeight: e.target.value })}
          />
        </div>
        <div className="field">
          <label htmlFor={ids.max}>{t("maxWeight")}</label>
          <input
            id={ids.max}
            inputMode="decimal"
            value={input.maxWeight}
            onChange={(e) => set({ maxWeight: e.target.value })}
          />
        </div>
      </div>
      <div className="field-row">
        {input.method === "qaoa" ? (
          <div className="field">
            <label htmlFor={ids.card}>{t("cardinality")}</label>
            <input
              id={ids.card}
              inputMode="numeric"
              value={input.cardinality}
              onChange={(e) => set({ cardinality: e.target.value })}
            />
          </div>
        ) : null}
        <div className="field">
          <label htmlFor={ids.lookback}>{t("lookback")}</label>
          <input
            id={ids.lookback}
            inputMode="numeric"
            value={input.lookbackDays}
            onChange={(e) => set({ lookbackDays: e.target.value })}
          />
        </div>
      </div>
      {touched && !check.ok ? (
        <p className="field-error" role="alert">
          {t(check.key)}
        </p>
      ) : null}
      {disabled ? <p className="form-warning">{disabled}</p> : null}
      <div className="button-row">
        <button type="submit" disabled={busy || !!disabled}>
          {busy ? t("running") : t("submit")}
        </button>
      </div>
    </form>
  );
}
