"use client";
import { useLocale, useTranslations } from "next-intl";
import { useId, useState, type FormEvent } from "react";

import type { Pool } from "../../data/pools.ts";
import type { NetworkProblem } from "../../hooks/useRuntime.ts";
import { quote, removalAmounts } from "../../lib/amm.ts";
import { formatAmount } from "../../lib/amounts.ts";
import type { DecodedError } from "../../lib/decodeError.ts";
import { DEFAULT_SLIPPAGE_BPS, minimumOut } from "../../lib/slippage.ts";
import { checkAmount } from "../../lib/validate.ts";
import { AmountField } from "../AmountField.tsx";
import { ErrorMessage } from "../ErrorMessage.tsx";
import { NetworkNotice } from "../NetworkNotice.tsx";

export interface AddLiquidityRequest {
  pool: Pool;
  amount0: bigint;
  amount1: bigint;
  min0: bigint;
  min1: bigint;
}

export interface RemoveLiquidityRequest {
  pool: Pool;
  liquidity: bigint;
  min0: bigint;
  min1: bigint;
}

export interface LiquidityFormProps {
  pools: Pool[];
  balances: Record<string, bigint>;
  /** Allowance of each token (and LP token) to the router. */
  allowances: Record<string, bigint>;
  problem?: NetworkProblem;
  busy: boolean;
  error?: DecodedError;
  onApprove: (token: { address: `0x${string}`; symbol: string }, amount: bigint) => void;
  onAdd: (request: AddLiquidityRequest) => void;
  onRemove: (request: RemoveLiquidityRequest) => void;
}

/** Add liquidity at the pool's ratio (the second amount follows the first), or remove a share with a permit. */
export function LiquidityForm({
  pools,
  balances,
  allowances,
  problem,
  busy,
  error,
  onApprove,
  onAdd,
  onRemove,
}: LiquidityFormProps) {
  const t = useTranslations("liquidity");
  const f = useTranslations("form");
  const locale = useLocale();
  const poolId = useId();
  const percentId = useId();
  const [mode, setMode] = useState<"add" | "remove">("add");
  const [poolAddress, setPool] = useState(pools[0]?.address ?? "");
  const [amount, setAmount] = useState("");
  const [percent, setPercent] = useState("50");
  const [touched, setTouched] = useState(false);
  const pool = pools.find((p) => p.address === poolAddress);

  const balance0 = pool ? balances[pool.token0.address] : undefined;
  const balance1 = pool ? balances[pool.token1.address] : undefined;
  const lpBalance = pool ? (balances[pool.address] ?? 0n) : 0n;
  const check0 = pool ? checkAmount(amount, pool.token0.decimals, balance0) : undefined;
  const amount1 = pool && check0?.ok ? quote(check0.value, pool.reserve0, pool.reserve1) : undefined;
  const lacks1 = amount1 !== undefined && balance1 !== undefined && amount1 > balance1;
  const pct = Number(percent);
  const pctOk = /^\d+$/.test(percent.trim()) && pct >= 1 && pct <= 100;
  const liquidity = (lpBalance * BigInt(pctOk ? pct : 0)) / 100n;
  const out = pool ? removalAmounts(liquidity, pool.totalSupply, pool.reserve0, pool.reserve1) : undefined;

  const submitAdd = (e: FormEvent) => {
    e.preventDefault();
    setTouched(true);
    if (problem || !pool || !check0?.ok || amount1 === undefined || amount1 === 0n || lacks1) return;
    if ((allowances[pool.token0.address] ?? 0n) < check0.value) return onApprove(pool.token0, check0.value);
    if ((allowances[pool.token1.address] ?? 0n) < amount1) return onApprove(pool.token1, amount1);
    onAdd({
      pool,
      amount0: check0.value,
      amount1,
      min0: minimumOut(check0.value, DEFAULT_SLIPPAGE_BPS),
      min1: minimumOut(amount1, DEFAULT_SLIPPAGE_BPS),
    });
  };
  const submitRemove = (e: FormEvent) => {
    e.preventDefault();
    setTouched(true);
    if (problem || !pool || !pctOk || liquidity === 0n || !out) return;
    onRemove({
      pool,
      liquidity,
      min0: minimumOut(out.amount0, DEFAULT_SLIPPAGE_BPS),
      min1: minimumOut(out.amount1, DEFAULT_SLIPPAGE_BPS),
    });
  };

  const needs0 = pool && check0?.ok ? (allowances[pool.token0.address] ?? 0n) < check0.value : false;
  const needs1 = pool && amount1 !== undefined ? (allowances[pool.token1.address] ?? 0n) < amount1 : false;
  const addLabel = needs0
    ? t("approve", { symbol: pool!.token0.symbol })
    : needs1
      ? t("approve", { symbol: pool!.token1.symbol })
      : t("add");
  const pairName = (p: Pool) => `${p.token0.symbol}/${p.token1.symbol}`;

  return (
    <form className="card form" onSubmit={mode === "add" ? submitAdd : submitRemove} noValidate aria-label={t("title")}>
      <h2>{t("title")}</h2>
      <div className="segmented" role="radiogroup" aria-label={t("mode")}>
        {(["add", "remove"] as const).map((m) => (
          <button key={m} type="button" role="radio" aria-checked={mode === m} onClick={() => setMode(m)}>
            {t(m === "add" ? "modeAdd" : "modeRemove")}
          </button>
        ))}
      </div>
      <div className="field">
        <label htmlFor={poolId}>{t("pool")}</label>
        <select id={poolId} value={poolAddress} onChange={(e) => setPool(e.target.value)}>
          {pools.map((p) => (
            <option key={p.address} value={p.address}>
              {pairName(p)}
            </option>
          ))}
        </select>
      </div>
      {pool && mode === "add" ? (
        <>
          <AmountField
            name="amount0"
            label={t("amountOf", { symbol: pool.token0.symbol })}
            value={amount}
            onChange={(v) => {
              setAmount(v);
              setTouched(true);
            }}
            symbol={pool.token0.symbol}
            decimals={pool.token0.decimals}
            {...(balance0 !== undefined ? { balance: balance0 } : {})}
            {...(touched && check0 && !check0.ok ? { message: f(check0.key) } : {})}
          />
          <p className="hint">
            {t("paired")}:{" "}
            <strong data-testid="paired-amount">
              {amount1 !== undefined
                ? formatAmount(amount1, pool.token1.decimals, { locale, maxFractionDigits: 6 })
                : "—"}{" "}
              {pool.token1.symbol}
            </strong>
            {balance1 !== undefined
              ? ` (${f("balance")}: ${formatAmount(balance1, pool.token1.decimals, { locale })})`
              : ""}
          </p>
          {lacks1 ? (
            <p className="field-error" role="alert">
              {t("insufficientPaired", { symbol: pool.token1.symbol })}
            </p>
          ) : null}
        </>
      ) : null}
      {pool && mode === "remove" ? (
        <>
          <p className="hint">
            {t("lpBalance")}: {formatAmount(lpBalance, 18, { locale, maxFractionDigits: 6 })} PEPER-LP
          </p>
          <div className="field">
            <label htmlFor={percentId}>{t("percent")}</label>
            <input id={percentId} inputMode="numeric" value={percent} onChange={(e) => setPercent(e.target.value)} />
            {!pctOk ? (
              <p className="field-error" role="alert">
                {t("percentInvalid")}
              </p>
            ) : null}
            {pctOk && lpBalance === 0n ? <p className="field-error">{t("noLp")}</p> : null}
          </div>
          {out ? (
            <p className="hint">
              {t("youGet")}: {formatAmount(out.amount0, pool.token0.decimals, { locale })} {pool.token0.symbol} +{" "}
              {formatAmount(out.amount1, pool.token1.decimals, { locale })} {pool.token1.symbol}
            </p>
          ) : null}
        </>
      ) : null}
      <NetworkNotice problem={problem} />
      <ErrorMessage error={error} />
      <button type="submit" disabled={busy || !!problem}>
        {busy ? f("waiting") : mode === "add" ? addLabel : t("remove")}
      </button>
    </form>
  );
}
