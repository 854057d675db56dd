"use client";
import { useTranslations } from "next-intl";
import { useState, type FormEvent, type ReactNode } from "react";

import type { NetworkProblem } from "../../hooks/useRuntime.ts";
import type { DecodedError } from "../../lib/decodeError.ts";
import { checkAmount } from "../../lib/validate.ts";
import { AmountField } from "../AmountField.tsx";
import { ErrorMessage } from "../ErrorMessage.tsx";
import { NetworkNotice } from "../NetworkNotice.tsx";

export interface TokenAction {
  id: string;
  /** Button and tab label, translated. */
  label: string;
  /** The most the account can use for this action (its balance, stake, or shares), if known. */
  available?: bigint;
  /** The symbol and decimals of the amount typed for this action. */
  symbol: string;
  decimals: number;
  /** An approval to send first, if this amount needs one (its button label). */
  approval?: (amount: bigint) => string | undefined;
}

export interface TokenActionFormProps {
  title: string;
  actions: TokenAction[];
  problem?: NetworkProblem;
  busy: boolean;
  error?: DecodedError;
  onSubmit: (action: string, amount: bigint) => void;
  onApprove?: (action: string, amount: bigint) => void;
  /** Figures shown above the form (staked, earned, APR…). */
  children?: ReactNode;
  /** Extra buttons (claim, harvest) that take no amount. */
  extra?: ReactNode;
}

/**
 * One amount and a choice of actions (stake / withdraw, deposit / withdraw), validated before any
 * transaction: the number, the token's decimals, the available amount and the network.
 */
export function TokenActionForm({
  title,
  actions,
  problem,
  busy,
  error,
  onSubmit,
  onApprove,
  children,
  extra,
}: TokenActionFormProps) {
  const f = useTranslations("form");
  const [actionId, setAction] = useState(actions[0]?.id ?? "");
  const [amount, setAmount] = useState("");
  const [touched, setTouched] = useState(false);
  const action = actions.find((a) => a.id === actionId) ?? actions[0];
  if (!action) return null;
  const check = checkAmount(amount, action.decimals, action.available);
  const approval = check.ok ? action.approval?.(check.value) : undefined;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setTouched(true);
    if (problem || !check.ok) return;
    if (approval && onApprove) onApprove(action.id, check.value);
    else onSubmit(action.id, check.value);
  };
  return (
    <form className="card form" onSubmit={submit} noValidate aria-label={title}>
      <h2>{title}</h2>
      {children}
      {actions.length > 1 ? (
        <div className="segmented" role="radiogroup" aria-label={title}>
          {actions.map((a) => (
            <button
              key={a.id}
              type="button"
              role="radio"
              aria-checked={a.id === action.id}
              onClick={() => setAction(a.id)}
            >
              {a.label}
            </button>
          ))}
        </div>
      ) : null}
      <AmountField
        name={`${action.id}-amount`}
        label={f("amountFor", { action: action.label })}
        value={amount}
        onChange={(v) => {
          setAmount(v);
          setTouched(true);
        }}
        symbol={action.symbol}
        decimals={action.decimals}
        {...(action.available !== undefined ? { balance: action.available } : {})}
        {...(touched && !check.ok ? { message: f(check.key) } : {})}
      />
      <NetworkNotice problem={problem} />
      <ErrorMessage error={error} />
      <div className="button-row">
        <button type="submit" disabled={busy || !!problem || (touched && !check.ok)}>
          {busy ? f("waiting") : (approval ?? action.label)}
        </button>
        {extra}
      </div>
    </form>
  );
}
