"use client";
import { useLocale, useTranslations } from "next-intl";
import { useEffect, useId, useState, type FormEvent } from "react";
import type { Address } from "viem";

import type { Pool } from "../../data/pools.ts";
import type { Token } from "../../data/tokens.ts";
import type { NetworkProblem } from "../../hooks/useRuntime.ts";
import { impactSeverity } from "../../lib/amm.ts";
import { formatAmount, toInputString } from "../../lib/amounts.ts";
import type { DecodedError } from "../../lib/decodeError.ts";
import { bestQuote, slippageLimit, type QuoteMode, type SwapQuote } from "../../lib/quote.ts";
import { NATIVE, swapKind, type SwapKind } from "../../lib/route.ts";
import { DEFAULT_SLIPPAGE_BPS, parseDeadlineMinutes, parseSlippage } from "../../lib/slippage.ts";
import type { CheckedToken, ListToken } from "../../lib/tokenlist.ts";
import { checkAmount } from "../../lib/validate.ts";
import { AmountField } from "../AmountField.tsx";
import { ErrorMessage } from "../ErrorMessage.tsx";
import { NetworkNotice } from "../NetworkNotice.tsx";
import { TokenPicker } from "./TokenPicker.tsx";

export interface SwapRequest {
  kind: SwapKind;
  /** exact-in: swapExact…For…(amountIn, amountOutMin); exact-out: swap…ForExact…(amountOut, amountInMax). */
  mode: QuoteMode;
  tokenIn: Token;
  tokenOut: Token;
  /** The router's path (WETH in place of ETH); empty for a wrap or an unwrap. */
  path: Address[];
  /** exact-in: the amount sold; exact-out: the quoted input. */
  amountIn: bigint;
  /** exact-in: the minimum received after slippage; exact-out: amountOut. */
  amountOutMin: bigint;
  /** exact-out: the amount bought; exact-in: the quoted output. */
  amountOut: bigint;
  /** exact-out: the maximum sold after slippage; exact-in: amountIn. */
  amountInMax: bigint;
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
  /** Reads an ERC-20 pasted into the token picker (checked metadata); absent: no import. */
  loadToken?: (address: Address) => Promise<CheckedToken>;
  /** Adds an imported token to the visitor's list. */
  onImportToken?: (token: ListToken) => void;
  /** Opens the wallet's connect dialog: the action button asks for a wallet only when there is none. */
  onConnect?: () => void;
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
 * Swap form: the best route over the pools (up to three pairs, ETH through WETH) for an exact input
 * (type what you pay) or an exact output (type what you receive); quote, route, price impact, LP fee,
 * minimum received or maximum sold, slippage and deadline, all before any wallet; approve then swap;
 * ETH ↔ WETH wraps or unwraps 1:1. Without a wallet the action button is the connect prompt.
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
  loadToken,
  onImportToken,
  onConnect,
  formId,
  onStateChange,
}: SwapFormProps) {
  const t = useTranslations("swap");
  const f = useTranslations("form");
  const locale = useLocale();
  const ids = { slippage: useId(), deadline: useId(), confirm: useId() };
  const stable = tokens.find((x) => /^USD/.test(x.symbol)) ?? tokens[1] ?? tokens[0];
  const peper = tokens.find((x) => x.symbol === "PEPER") ?? tokens[0];
  const [inAddress, setIn] = useState<string>(initialIn ?? stable?.address ?? "");
  const [outAddress, setOut] = useState<string>(initialOut ?? peper?.address ?? "");
  const [amount, setAmount] = useState(initialAmount ?? "");
  /** Which side the visitor typed: that amount is exact, the other is quoted. */
  const [mode, setMode] = useState<QuoteMode>("exact-in");
  const [slippage, setSlippage] = useState(String(DEFAULT_SLIPPAGE_BPS / 100));
  const [deadline, setDeadline] = useState("20");
  const [touched, setTouched] = useState(false);
  const [confirmHighImpact, setConfirmHighImpact] = useState(false);

  const tokenIn = tokens.find((x) => x.address === inAddress);
  const tokenOut = tokens.find((x) => x.address === outAddress);
  const balance = tokenIn ? balances[tokenIn.address] : undefined;
  const exactToken = mode === "exact-in" ? tokenIn : tokenOut;
  // the typed amount in the exact side's decimals; an exact input is also checked against the balance
  const check = exactToken
    ? checkAmount(amount, exactToken.decimals, mode === "exact-in" ? balance : undefined)
    : undefined;
  const slip = parseSlippage(slippage);
  const dead = parseDeadlineMinutes(deadline);
  const kind = tokenIn && tokenOut ? swapKind(tokenIn.address, tokenOut.address, weth) : "swap";
  const erc20 = (a: Address) => (a === NATIVE && weth ? weth : a);

  // A few bigint operations over a handful of pools: computed on every render.
  const quote: SwapQuote | undefined = (() => {
    if (!tokenIn || !tokenOut || !check?.ok) return undefined;
    if (kind === "wrap" || kind === "unwrap")
      return { mode, path: [], amounts: [], amountIn: check.value, amountOut: check.value, impactBps: 0, lpFee: 0n };
    return bestQuote(pools, erc20(tokenIn.address), erc20(tokenOut.address), mode, check.value);
  })();
  // a wrap or an unwrap is 1:1: no slippage
  const limit =
    quote && slip.ok
      ? quote.path.length === 0
        ? mode === "exact-in"
          ? quote.amountOut
          : quote.amountIn
        : slippageLimit(quote, slip.bps)
      : undefined;
  /** What leaves the wallet at most: the input, or for an exact output the maximum sold. */
  const spend = quote ? (mode === "exact-out" && limit !== undefined ? limit : quote.amountIn) : undefined;
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
  const overBalance = mode === "exact-out" && quote && balance !== undefined && quote.amountIn > balance;
  const amountMessage =
    touched && check && !check.ok ? f(check.key) : overBalance ? f("insufficientBalance") : undefined;
  // ETH is sent with the call and WETH.withdraw burns the caller's own: only router pulls need an allowance.
  const needsApproval =
    tokenIn && spend !== undefined && (kind === "swap" || kind === "eth-out")
      ? (allowances[tokenIn.address] ?? 0n) < spend
      : false;
  const severity = quote ? impactSeverity(quote.impactBps) : "low";
  const disconnected = problem === "disconnected" && !!onConnect;
  const blocked =
    !!problem ||
    !check?.ok ||
    !slip.ok ||
    !dead.ok ||
    sameToken ||
    !quote ||
    quote.amountOut === 0n ||
    !!overBalance ||
    (severity === "high" && !confirmHighImpact);
  const fmt = (value: bigint, token: Token) =>
    `${formatAmount(value, token.decimals, { locale, maxFractionDigits: 6 })} ${token.symbol}`;
  // the other side's field shows the quote, to six decimals (the summary below has the exact figures)
  const quoted = (value: bigint, decimals: number) => toInputString(value, decimals).replace(/(\.\d{6})\d+$/, "$1");
  const inValue = mode === "exact-in" ? amount : quote && tokenIn ? quoted(quote.amountIn, tokenIn.decimals) : "";
  const outValue = mode === "exact-out" ? amount : quote && tokenOut ? quoted(quote.amountOut, tokenOut.decimals) : "";

  // Primitives only, so the effect runs when what the form would do changes, not on every render.
  const stateKey =
    quote && tokenIn && tokenOut && check?.ok
      ? [
          quote.amountIn,
          tokenIn.address,
          tokenOut.address,
          quote.amountOut,
          quote.impactBps,
          needsApproval,
          blocked,
        ].join(":")
      : "";
  useEffect(() => {
    if (!onStateChange) return;
    if (!stateKey || !quote || !tokenIn || !tokenOut || !check?.ok) {
      onStateChange(undefined);
      return;
    }
    onStateChange({
      amountIn: quote.amountIn,
      tokenIn,
      tokenOut,
      out: quote.amountOut,
      impactBps: quote.impactBps,
      needsApproval,
      blocked,
    });
    // stateKey stands for every value read here
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [stateKey, onStateChange]);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setTouched(true);
    if (disconnected) {
      onConnect?.();
      return;
    }
    if (blocked || !tokenIn || !tokenOut || !slip.ok || !dead.ok || !quote || spend === undefined) return;
    if (needsApproval) {
      onApprove(tokenIn, spend);
      return;
    }
    const exactOut = mode === "exact-out" && quote.path.length > 0;
    onSwap({
      kind,
      mode: exactOut ? "exact-out" : "exact-in",
      tokenIn,
      tokenOut,
      path: quote.path,
      amountIn: quote.amountIn,
      amountOutMin: exactOut || quote.path.length === 0 ? quote.amountOut : slippageLimit(quote, slip.bps),
      amountOut: quote.amountOut,
      amountInMax: exactOut ? slippageLimit(quote, slip.bps) : quote.amountIn,
      deadlineMinutes: dead.minutes,
    });
  };
  const pick = (side: "in" | "out", token: Token) => {
    const other = side === "in" ? outAddress : inAddress;
    // choosing the other side's token swaps the two, as in every DEX
    if (token.address === other) {
      setIn(outAddress);
      setOut(inAddress);
    } else if (side === "in") setIn(token.address);
    else setOut(token.address);
  };
  const pickerProps = {
    tokens,
    balances,
    ...(loadToken ? { loadToken } : {}),
    ...(onImportToken ? { onImport: onImportToken } : {}),
  };

  return (
    <form id={formId} className="card form" onSubmit={submit} noValidate aria-label={t("title")}>
      <h2>{t("title")}</h2>
      <div className="swap-side">
        <TokenPicker {...pickerProps} label={t("from")} selected={tokenIn} onSelect={(x) => pick("in", x)} />
        <AmountField
          name="amountIn"
          label={t("amountIn")}
          value={inValue}
          onChange={(v) => {
            setMode("exact-in");
            setAmount(v);
            setTouched(true);
          }}
          symbol={tokenIn?.symbol ?? ""}
          decimals={tokenIn?.decimals ?? 18}
          {...(balance !== undefined ? { balance } : {})}
          {...(amountMessage && mode === "exact-in" ? { message: amountMessage } : {})}
        />
      </div>
      <button
        type="button"
        className="button-secondary flip"
        aria-label={t("flip")}
        onClick={() => {
          setIn(outAddress);
          setOut(inAddress);
          // the typed amount stays with its token
          setMode(mode === "exact-in" ? "exact-out" : "exact-in");
        }}
      >
        ⇅
      </button>
      <div className="swap-side">
        <TokenPicker {...pickerProps} label={t("to")} selected={tokenOut} onSelect={(x) => pick("out", x)} />
        <AmountField
          name="amountOut"
          label={t("amountOut")}
          value={outValue}
          onChange={(v) => {
            setMode("exact-out");
            setAmount(v);
            setTouched(true);
          }}
          symbol={tokenOut?.symbol ?? ""}
          decimals={tokenOut?.decimals ?? 18}
          {...(tokenOut && balances[tokenOut.address] !== undefined ? { balance: balances[tokenOut.address] } : {})}
          {...(amountMessage && mode === "exact-out" ? { message: amountMessage } : {})}
        />
      </div>
      {sameToken ? <p className="field-error">{t("sameToken")}</p> : null}
      {!sameToken && tokenIn && tokenOut && check?.ok && !quote ? (
        <p className="field-error">{t(mode === "exact-out" ? "noPoolOut" : "noPool")}</p>
      ) : null}
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
      {quote && tokenIn && tokenOut && slip.ok ? (
        <dl className="quote" aria-label={t("quote")} data-mode={mode}>
          {mode === "exact-in" ? (
            <>
              <dt>{t("youReceive")}</dt>
              <dd data-testid="quote-out">{fmt(quote.amountOut, tokenOut)}</dd>
              <dt>{t("minimum")}</dt>
              <dd data-testid="quote-limit">{fmt(limit ?? 0n, tokenOut)}</dd>
            </>
          ) : (
            <>
              <dt>{t("youPay")}</dt>
              <dd data-testid="quote-in">{fmt(quote.amountIn, tokenIn)}</dd>
              <dt>{t("maximum")}</dt>
              <dd data-testid="quote-limit">{fmt(spend ?? quote.amountIn, tokenIn)}</dd>
            </>
          )}
          <dt>{t("rate")}</dt>
          <dd>
            {t("rateValue", {
              in: tokenIn.symbol,
              out: tokenOut.symbol,
              price: (
                Number(toInputString(quote.amountOut, tokenOut.decimals)) /
                Number(toInputString(quote.amountIn, tokenIn.decimals))
              ).toLocaleString(locale, { maximumSignificantDigits: 6 }),
            })}
          </dd>
          <dt>{t("route")}</dt>
          <dd data-testid="swap-route">
            {kind === "wrap" ? t("wrap") : kind === "unwrap" ? t("unwrap") : routeLabel(quote.path)}
          </dd>
          <dt>{t("priceImpact")}</dt>
          <dd className={`impact-${severity}`} data-testid="price-impact">
            {(quote.impactBps / 100).toFixed(2)} %
          </dd>
          <dt>{t("lpFee")}</dt>
          <dd data-testid="lp-fee">
            {quote.path.length === 0 ? t("noFee") : `${fmt(quote.lpFee, tokenIn)} (${t("feePerPool")})`}
          </dd>
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
      {disconnected ? null : <NetworkNotice problem={problem} />}
      <ErrorMessage error={error} />
      {disconnected ? (
        <button type="submit" data-testid="swap-connect">
          {t("connectToSwap")}
        </button>
      ) : (
        <button type="submit" disabled={busy || blocked}>
          {busy ? f("waiting") : needsApproval ? t("approve", { symbol: tokenIn?.symbol ?? "" }) : t("submit")}
        </button>
      )}
    </form>
  );
}
