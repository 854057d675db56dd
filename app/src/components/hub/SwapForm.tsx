"use client";
import { useLocale, useTranslations } from "next-intl";
import { useId, useState, type FormEvent } from "react";
import type { Address } from "viem";

import { findPool, type Pool } from "../../data/pools.ts";
import type { Token } from "../../data/tokens.ts";
import type { NetworkProblem } from "../../hooks/useRuntime.ts";
import { getAmountOut, impactSeverity, orientReserves, priceImpactBps } from "../../lib/amm.ts";
import { formatAmount } from "../../lib/amounts.ts";
import type { DecodedError } from "../../lib/decodeError.ts";
import { DEFAULT_SLIPPAGE_BPS, minimumOut, parseDeadlineMinutes, parseSlippage } from "../../lib/slippage.ts";
import { checkAmount } from "../../lib/validate.ts";
import { AmountField } from "../AmountField.tsx";
import { ErrorMessage } from "../ErrorMessage.tsx";
import { NetworkNotice } from "../NetworkNotice.tsx";

export interface SwapRequest {
  tokenIn: Token;
  tokenOut: Token;
  path: Address[];
  amountIn: bigint;
  amountOutMin: bigint;
  deadlineMinutes: number;
}

export interface SwapFormProps {
  tokens: Token[];
  pools: Pool[];
  /** Token address → the account's balance (absent while unknown or disconnected). */
  balances: Record<string, bigint>;
  /** Token address → the router's allowance. */
  allowances: Record<string, bigint>;
  problem?: NetworkProblem;
  busy: boolean;
  error?: DecodedError;
  onApprove: (token: Token, amount: bigint) => void;
  onSwap: (request: SwapRequest) => void;
}

/** Swap form: quote from the pool's reserves, slippage, deadline, price impact, approve then swap. */
export function SwapForm({
  tokens,
  pools,
  balances,
  allowances,
  problem,
  busy,
  error,
  onApprove,
  onSwap,
}: SwapFormProps) {
  const t = useTranslations("swap");
  const f = useTranslations("form");
  const locale = useLocale();
  const ids = { in: useId(), out: useId(), slippage: useId(), deadline: useId(), confirm: useId() };
  const stable = tokens.find((x) => /^USD/.test(x.symbol)) ?? tokens[1] ?? tokens[0];
  const peper = tokens.find((x) => x.symbol === "PEPER") ?? tokens[0];
  const [inAddress, setIn] = useState<string>(stable?.address ?? "");
  const [outAddress, setOut] = useState<string>(peper?.address ?? "");
  const [amount, setAmount] = useState("");
  const [slippage, setSlippage] = useState(String(DEFAULT_SLIPPAGE_BPS / 100));
  const [deadline, setDeadline] = useState("20");
  const [touched, setTouched] = useState(false);
  const [confirmHighImpact, setConfirmHighImpact] = useState(false);

  const tokenIn = tokens.find((x) => x.address === inAddress);
  const tokenOut = tokens.find((x) => x.address === outAddress);
  const balance = tokenIn ? balances[tokenIn.address] : undefined;
  const check = tokenIn ? checkAmount(amount, tokenIn.decimals, balance) : undefined;
  const slip = parseSlippage(slippage);
  const dead = parseDeadlineMinutes(deadline);
  const pool = tokenIn && tokenOut ? findPool(pools, tokenIn.address, tokenOut.address) : undefined;

  // A few bigint operations: computed on every render.
  const quote = (() => {
    if (!pool || !tokenIn || !tokenOut || !check?.ok) return undefined;
    const { reserveA, reserveB } = orientReserves(tokenIn.address, tokenOut.address, pool.reserve0, pool.reserve1);
    const out = getAmountOut(check.value, reserveA, reserveB);
    return { out, impact: priceImpactBps(check.value, out, reserveA, reserveB) };
  })();

  const sameToken = inAddress === outAddress;
  const amountMessage = touched && check && !check.ok ? f(check.key) : undefined;
  const needsApproval = tokenIn && check?.ok ? (allowances[tokenIn.address] ?? 0n) < check.value : false;
  const severity = quote ? impactSeverity(quote.impact) : "low";
  const blocked =
    !!problem ||
    !check?.ok ||
    !slip.ok ||
    !dead.ok ||
    sameToken ||
    !pool ||
    !quote ||
    quote.out === 0n ||
    (severity === "high" && !confirmHighImpact);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setTouched(true);
    if (blocked || !tokenIn || !tokenOut || !check?.ok || !slip.ok || !dead.ok || !quote) return;
    if (needsApproval) {
      onApprove(tokenIn, check.value);
      return;
    }
    onSwap({
      tokenIn,
      tokenOut,
      path: [tokenIn.address, tokenOut.address],
      amountIn: check.value,
      amountOutMin: minimumOut(quote.out, slip.bps),
      deadlineMinutes: dead.minutes,
    });
  };

  return (
    <form className="card form" onSubmit={submit} noValidate aria-label={t("title")}>
      <h2>{t("title")}</h2>
      <div className="field-row">
        <div className="field">
          <label htmlFor={ids.in}>{t("from")}</label>
          <select id={ids.in} value={inAddress} onChange={(e) => setIn(e.target.value)}>
            {tokens.map((x) => (
              <option key={x.address} value={x.address}>
                {x.symbol}
              </option>
            ))}
          </select>
        </div>
        <button
          type="button"
          className="button-secondary flip"
          aria-label={t("flip")}
          onClick={() => {
            setIn(outAddress);
            setOut(inAddress);
          }}
        >
          ⇅
        </button>
        <div className="field">
          <label htmlFor={ids.out}>{t("to")}</label>
          <select id={ids.out} value={outAddress} onChange={(e) => setOut(e.target.value)}>
            {tokens.map((x) => (
              <option key={x.address} value={x.address}>
                {x.symbol}
              </option>
            ))}
          </select>
        </div>
      </div>
      <AmountField
        name="amountIn"
        label={t("amountIn")}
        value={amount}
        onChange={(v) => {
          setAmount(v);
          setTouched(true);
        }}
        symbol={tokenIn?.symbol ?? ""}
        decimals={tokenIn?.decimals ?? 18}
        {...(balance !== undefined ? { balance } : {})}
        {...(amountMessage ? { message: amountMessage } : {})}
      />
      {sameToken ? <p className="field-error">{t("sameToken")}</p> : null}
      {!sameToken && tokenIn && tokenOut && !pool ? <p className="field-error">{t("noPool")}</p> : null}
      <div className="field-row">
        <div className="field">
          <label htmlFor={ids.slippage}>{t("slippage")}</label>
          <input
            id={ids.slippage}
            inputMode="decimal"
            value={slippage}
            onChange={(e) => setSlippage(e.target.value)}
            aria-invalid={!slip.ok || undefined}
          />
          {!slip.ok ? (
            <p className="field-error" role="alert">
              {t(slip.reason === "too-high" ? "slippageTooHigh" : "slippageInvalid")}
            </p>
          ) : null}
        </div>
        <div className="field">
          <label htmlFor={ids.deadline}>{t("deadline")}</label>
          <input
            id={ids.deadline}
            inputMode="numeric"
            value={deadline}
            onChange={(e) => setDeadline(e.target.value)}
            aria-invalid={!dead.ok || undefined}
          />
          {!dead.ok ? (
            <p className="field-error" role="alert">
              {t("deadlineInvalid")}
            </p>
          ) : null}
        </div>
      </div>
      {quote && tokenOut && slip.ok ? (
        <dl className="quote" aria-label={t("quote")}>
          <dt>{t("youReceive")}</dt>
          <dd data-testid="quote-out">
            {formatAmount(quote.out, tokenOut.decimals, { locale, maxFractionDigits: 6 })} {tokenOut.symbol}
          </dd>
          <dt>{t("minimum")}</dt>
          <dd>
            {formatAmount(minimumOut(quote.out, slip.bps), tokenOut.decimals, { locale, maxFractionDigits: 6 })}{" "}
            {tokenOut.symbol}
          </dd>
          <dt>{t("priceImpact")}</dt>
          <dd className={`impact-${severity}`}>{(quote.impact / 100).toFixed(2)} %</dd>
        </dl>
      ) : null}
      {severity === "high" ? (
        <div className="field checkbox">
          <input
            id={ids.confirm}
            type="checkbox"
            checked={confirmHighImpact}
            onChange={(e) => setConfirmHighImpact(e.target.checked)}
          />
          <label htmlFor={ids.confirm}>{t("confirmHighImpact")}</label>
        </div>
      ) : null}
      <NetworkNotice problem={problem} />
      <ErrorMessage error={error} />
      <button type="submit" disabled={busy || blocked}>
        {busy ? f("waiting") : needsApproval ? t("approve", { symbol: tokenIn?.symbol ?? "" }) : t("submit")}
      </button>
    </form>
  );
}
