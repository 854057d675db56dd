"use client";
import { useTranslations } from "next-intl";
import { useId, useState, type FormEvent } from "react";
import type { Hex } from "viem";

import type { NetworkProblem } from "../../hooks/useRuntime.ts";
import type { DecodedError } from "../../lib/decodeError.ts";
import type { VoteSupport } from "../../lib/proposals.ts";
import { ErrorMessage } from "../ErrorMessage.tsx";
import { NetworkNotice } from "../NetworkNotice.tsx";

export interface VoteFormProps {
  problem?: NetworkProblem;
  busy: boolean;
  error?: DecodedError;
  hasVoted: boolean;
  votingPower: bigint;
  onVote: (support: VoteSupport, reason: string) => void;
  /** Vote by signature: sign the EIP-712 ballot (no gas), then anyone may submit it. */
  onSign: (support: VoteSupport) => void;
  onSubmitSigned: () => void;
  signed?: { support: VoteSupport; signature: Hex };
}

/** For / against / abstain with an optional reason, or a signed ballot. */
export function VoteForm({
  problem,
  busy,
  error,
  hasVoted,
  votingPower,
  onVote,
  onSign,
  onSubmitSigned,
  signed,
}: VoteFormProps) {
  const t = useTranslations("dao.vote");
  const f = useTranslations("form");
  const name = useId();
  const reasonId = useId();
  const [support, setSupport] = useState<VoteSupport | undefined>();
  const [reason, setReason] = useState("");
  const [touched, setTouched] = useState(false);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setTouched(true);
    if (problem || hasVoted || support === undefined) return;
    onVote(support, reason.trim());
  };
  if (hasVoted)
    return (
      <p className="form-ok" data-testid="has-voted">
        {t("alreadyVoted")}
      </p>
    );
  const options: { value: VoteSupport; label: string }[] = [
    { value: 1, label: t("for") },
    { value: 0, label: t("against") },
    { value: 2, label: t("abstain") },
  ];
  return (
    <form className="card form" onSubmit={submit} noValidate aria-label={t("title")}>
      <h2>{t("title")}</h2>
      <fieldset>
        <legend>{t("choice")}</legend>
        {options.map((o) => (
          <label key={o.value} className="radio">
            <input
              type="radio"
              name={name}
              value={o.value}
              checked={support === o.value}
              onChange={() => setSupport(o.value)}
            />
            {o.label}
          </label>
        ))}
      </fieldset>
      {touched && support === undefined ? (
        <p className="field-error" role="alert">
          {t("pickOne")}
        </p>
      ) : null}
      <div className="field">
        <label htmlFor={reasonId}>{t("reason")}</label>
        <textarea id={reasonId} rows={3} maxLength={2000} value={reason} onChange={(e) => setReason(e.target.value)} />
      </div>
      {votingPower === 0n && !problem ? <p className="form-warning">{t("noPower")}</p> : null}
      <NetworkNotice problem={problem} />
      <ErrorMessage error={error} />
      <div className="button-row">
        <button type="submit" disabled={busy || !!problem}>
          {busy ? f("waiting") : t("submit")}
        </button>
        <button
          type="button"
          className="button-secondary"
          disabled={busy || !!problem}
          onClick={() => {
            setTouched(true);
            if (support !== undefined) onSign(support);
          }}
        >
          {t("sign")}
        </button>
      </div>
      {signed ? (
        <div className="signed">
          <p>{t("signed")}</p>
          <code className="mono small break" data-testid="ballot-signature">
            {signed.signature}
          </code>
          <button type="button" disabled={busy || !!problem} onClick={onSubmitSigned}>
            {t("submitSigned")}
          </button>
        </div>
      ) : null}
    </form>
  );
}
