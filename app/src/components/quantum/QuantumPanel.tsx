"use client";
import { useMutation } from "@tanstack/react-query";
import dynamic from "next/dynamic";
import { useLocale, useTranslations } from "next-intl";

import { SignInGate } from "../account/SignInGate.tsx";
import { useApiAccount } from "../../hooks/useApiAccount.ts";
import { api } from "../../lib/apiClient.ts";
import type { OptimiserResult } from "../../lib/quantum.ts";
import { SignInPanel } from "../account/LazySignInPanel.tsx";
import { Stat, Stats } from "../Stat.tsx";
import { ErrorState, Loading } from "../States.tsx";
import { PortfolioFeedPanel } from "./PortfolioFeedPanel.tsx";
import { QuantumForm } from "./QuantumForm.tsx";

// recharts is loaded with the first result's chart, not with the page.
const FrontierChart = dynamic(() => import("./FrontierChart.tsx").then((m) => m.FrontierChart), {
  ssr: false,
  loading: () => <Loading />,
});

/**
 * The oracle network's last measured optimisation (the portfolio feed) for anyone; run your own (exact
 * or QAOA) through the API after connecting and signing in: the frontier, weights and measured speedup.
 */
export function QuantumPanel() {
  const t = useTranslations("quantum");
  const locale = useLocale();
  const { signedIn } = useApiAccount({ me: false });
  const run = useMutation({
    mutationFn: (body: Record<string, unknown>) =>
      api<OptimiserResult>("/quantum/portfolio-optimization", { body, auth: true }),
  });
  const pct = (x: number) => new Intl.NumberFormat(locale, { style: "percent", maximumFractionDigits: 2 }).format(x);
  const num = (x: number, digits = 3) => new Intl.NumberFormat(locale, { maximumFractionDigits: digits }).format(x);
  const r = run.data;
  return (
    <>
      <div className="grid-2">
        <div className="stack">
          {r ? (
            <section className="card" aria-labelledby="result" data-testid="optimiser-result">
              <h2 id="result">{t("result.title", { algorithm: r.algorithm })}</h2>
              <div className="table-wrap">
                <table className="table">
                  <caption className="sr-only">{t("result.weights")}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{t("result.asset")}</th>
                      <th scope="col">{t("result.weight")}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {Object.entries(r.optimal_weights).map(([asset, w]) => (
                      <tr key={asset}>
                        <td>{asset}</td>
                        <td data-testid={`weight-${asset}`}>{pct(w)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
              <Stats label={t("result.metrics")}>
                <Stat label={t("result.expectedReturn")}>{pct(r.expected_return)}</Stat>
                <Stat label={t("result.volatility")}>{pct(r.risk_metrics.volatility)}</Stat>
                <Stat label={t("result.sharpe")}>{num(r.risk_metrics.sharpe, 2)}</Stat>
                <Stat label={t("result.var")}>{pct(r.risk_metrics.var_95)}</Stat>
                <Stat label={t("result.cvar")}>{pct(r.risk_metrics.cvar_95)}</Stat>
                <Stat label={t("result.maxDrawdown")}>{pct(r.risk_metrics.max_drawdown)}</Stat>
                {r.quantum_speedup !== null ? (
                  <Stat label={t("result.speedup")} testId="quantum-speedup">
                    {`${num(r.quantum_speedup, 4)}×`}
                  </Stat>
                ) : null}
              </Stats>
              {r.quantum ? (
                <p className="small" data-testid="speedup-explanation">
                  {t("result.speedupExplained", {
                    classical: num(r.quantum.classical_ms, 2),
                    qaoa: num(r.quantum.qaoa_ms, 2),
                    qubits: r.quantum.qubits,
                    depth: r.quantum.depth,
                    shots: r.quantum.shots,
                    selected: r.quantum.selected.join(", "),
                    ratio: num(r.quantum.approximation_ratio, 4),
                  })}
                </p>
              ) : (
                <p className="small muted">{t("result.noQuantum")}</p>
              )}
              {r.frontier.length > 0 ? (
                <FrontierChart
                  frontier={r.frontier}
                  chosen={{ expected_return: r.expected_return, volatility: r.risk_metrics.volatility }}
                  label={t("result.frontier")}
                  frontierName={t("result.frontierName")}
                  chosenName={t("result.chosen")}
                />
              ) : null}
            </section>
          ) : run.isPending ? (
            <Loading label={t("running")} />
          ) : run.isError ? (
            <ErrorState error={run.error} />
          ) : (
            <PortfolioFeedPanel />
          )}
        </div>
        <SignInGate title={t("gate.title")} label={t("gate.run")} hint={t("gate.hint")} testId="optimiser-gate">
          <div className="stack">
            <SignInPanel />
            <QuantumForm
              busy={run.isPending}
              {...(signedIn ? {} : { disabled: t("signInFirst") })}
              onSubmit={(body) => run.mutate(body)}
            />
          </div>
        </SignInGate>
      </div>
      {r || run.isPending || run.isError ? <PortfolioFeedPanel /> : null}
    </>
  );
}
