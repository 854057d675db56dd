"use client";
import { useLocale, useTranslations } from "next-intl";
import { useEffect, useId, useState, type FormEvent } from "react";
import type { Address } from "viem";

import type { Pool } from "../../data/pools.ts";
import type { Token } from "../../data/tokens.ts";
import type { NetworkProblem } from "../../hooks/useRuntime.ts";
import { impactSeverity } from "../../lib/amm.ts";
import { formatAmount } from "../../lib/amounts.ts";
import type { DecodedError } from "../../lib/decodeError.ts";
import { bestRoute, NATIVE, swapKind, type SwapKind } from "../../lib/route.ts";
import { DEFAULT_SLIPPAGE_BPS, minimumOut, parseDeadlineMinutes, parseSlippage } from "../../lib/slippage.ts";
import { checkAmount } from "../../lib/validate.ts";
import { AmountField } from "../AmountField.tsx";
import { ErrorMessage } from "../ErrorMessage.tsx";
import { NetworkNotice } from "../NetworkNotice.tsx";

export interface SwapRequest {
  kind: SwapKind;
  tokenIn: Token;
  tokenOut: Token;
  /** The router's path (WETH in place of ETH); empty for a wrap or an unwrap. */
  path: Address[];
  amountIn: bigint;
  amountOutMin: bigint;
  deadlineMinutes: number;
}

export interface SwapFormProps {
  /** ERC-20 tokens, and the native coin as NATIVE when the chain's WETH is known. */
  tokens: Token[];
  /** The router's WETH: ETH trades go through it (and ETH ↔ WETH is a wrap). */
  weth?: Address;
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
  /** The pair and amount the form starts with (the trading floor opens it on the chosen pool). */
  initialIn?: string;
  initialOut?: string;
  initialAmount?: string;
  /** The form element's id, so that another control (the floor's 3D button) can submit it. */
  formId?: string;
  /** Told what the form would do now (undefined while it cannot): the floor's 3D panel shows it. */
  onStateChange?: (state: SwapFormState | undefined) => void;
}

/** What submitting the form would do, as the trading floor's 3D panel shows it. */
export interface SwapFormState {
  amountIn: bigint;
  tokenIn: Token;
  tokenOut: Token;
  out: bigint;
  impactBps: number;
  /** Submitting approves the router first (then the same button swaps). */
  needsApproval: boolean;
  /** Submitting does nothing (a problem the form shows). */
  blocked: boolean;
}

/**
 * Swap form: the best route over the pools (up to three pairs, ETH through WETH), quote, slippage,
 * deadline, price impact, approve then swap; ETH ↔ WETH wraps or unwraps 1:1.
 */
export function SwapForm({
  tokens,
  weth,
  pools,
  balances,
  allowances,
  problem,
  busy,
  error,
  onApprove,
  onSwap,
  initialIn,
  initialOut,
  initialAmount,
  formId,
  onStateChange,
}: SwapFormProps) {
  const t = useTranslations("swap");
  const f = useTranslations("form");
  const locale = useLocale();
  const ids = { in: useId(), out: useId(), slippage: useId(), deadline: useId(), confirm: useId() };
  const stable = tokens.find((x) => /^USD/.test(x.symbol)) ?? tokens[1] ?? tokens[0];
  const peper = tokens.find((x) => x.symbol === "PEPER") ?? tokens[0];
  const [inAddress, setIn] = useState<string>(initialIn ?? stable?.address ?? "");
  const [outAddress, setOut] = useState<string>(initialOut ?? peper?.address ?? "");
  const [amount, setAmount] = useState(initialAmount ?? "");
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
  const kind = tokenIn && tokenOut ? swapKind(tokenIn.address, tokenOut.address, weth) : "swap";
  const erc20 = (a: Address) => (a === NATIVE && weth ? weth : a);

  // A few bigint operations over a handful of pools: computed on every render.
  const quote = (() => {
    if (!tokenIn || !tokenOut || !check?.ok) return undefined;
    if (kind === "wrap" || kind === "unwrap") return { out: check.value, impact: 0, path: [] as Address[] };
    const route = bestRoute(pools, erc20(tokenIn.address), erc20(tokenOut.address), check.value);
    return route ? { out: route.out, impact: route.impactBps, path: route.path } : undefined;
  })();
  /** The route's tokens by symbol: the ends as chosen (ETH, not WETH), the hops between from the list. */
  const routeLabel = (path: Address[]) =>
    path
      .map((a, i) =>
        i === 0
          ? tokenIn?.symbol
          : i === path.length - 1
            ? tokenOut?.symbol
            : (tokens.find((x) => x.address.toLowerCase() === a.toLowerCase())?.symbol ?? a.slice(0, 8)),
      )
      .join(" → ");

  const sameToken = inAddress === outAddress;
  const amountMessage = touched && check && !check.ok ? f(check.key) : undefined;
  // ETH is sent with the call and WETH.withdraw burns the caller's own: only router pulls need an allowance.
  const needsApproval =
    tokenIn && check?.ok && (kind === "swap" || kind === "eth-out")
      ? (allowances[tokenIn.address] ?? 0n) < check.value
      : false;
  const severity = quote ? impactSeverity(quote.impact) : "low";
  const blocked =
    !!problem ||
    !check?.ok ||
    !slip.ok ||
    !dead.ok ||
    sameToken ||
    !quote ||
    quote.out === 0n ||
    (severity === "high" && !confirmHighImpact);

  // Primitives only, so the effect runs when what the form would do changes, not on every render.
  const stateKey =
    quote && tokenIn && tokenOut && check?.ok
      ? [check.value, tokenIn.address, tokenOut.address, quote.out, quote.impact, needsApproval, blocked].join(":")
      : "";
  useEffect(() => {
    if (!onStateChange) return;
    if (!stateKey || !quote || !tokenIn || !tokenOut || !check?.ok) {
      onStateChange(undefined);
      return;
    }
    onStateChange({
      amountIn: check.value,
      tokenIn,
      tokenOut,
      out: quote.out,
      impactBps: quote.impact,
      needsApproval,
      blocked,
    });
    // stateKey stands for every value read here
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [stateKey, onStateChange]);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setTouched(true);
    if (blocked || !tokenIn || !tokenOut || !check?.ok || !slip.ok || !dead.ok || !quote) return;
    if (needsApproval) {
      onApprove(tokenIn, check.value);
      return;
    }
    onSwap({
      kind,
      tokenIn,
      tokenOut,
      path: quote.path,
      amountIn: check.value,
      amountOutMin: minimumOut(quote.out, slip.bps),
      deadlineMinutes: dead.minutes,
    });
  };

  return (
    <form id={formId} className="card form" onSubmit={submit} noValidate aria-label={t("title")}>
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
      {!sameToken && tokenIn && tokenOut && check?.ok && !quote ? <p className="field-error">{t("noPool")}</p> : null}
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
          <dt>{t("route")}</dt>
          <dd data-testid="swap-route">
            {kind === "wrap" ? t("wrap") : kind === "unwrap" ? t("unwrap") : routeLabel(quote.path)}
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
