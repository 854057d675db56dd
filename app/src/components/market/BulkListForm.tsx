"use client";
import { useTranslations } from "next-intl";
import { useState, type FormEvent } from "react";

import type { NetworkProblem } from "../../hooks/useRuntime.ts";
import { NetworkNotice } from "../NetworkNotice.tsx";
import { PriceExpiryFields, usePriceExpiry } from "./PriceExpiryFields.tsx";
import type { TokenOption } from "./PriceForm.tsx";

/**
 * "List several at once (one signature)": the owner ticks tokens, sets one price and a duration,
 * and signs a single bulk order (the root of a Merkle tree of one order per token). Checked before
 * anything is signed; `needsApproval` turns the button into the marketplace's approval first, and
 * while `checkingApproval` the button waits for the approval to be read.
 */
export function BulkListForm({
  tokens,
  needsApproval,
  checkingApproval = false,
  problem,
  busy,
  onSubmit,
  onApprove,
}: {
  tokens: TokenOption[];
  needsApproval: boolean;
  /** The approval is still being read: the button is disabled and says so. */
  checkingApproval?: boolean;
  problem?: NetworkProblem;
  busy: boolean;
  onSubmit: (tokenIds: bigint[], price: bigint, days: number) => void;
  onApprove: () => void;
}) {
  const t = useTranslations("market.signed");
  const f = useTranslations("market.form");
  const [chosen, setChosen] = useState<string[]>([]);
  const fields = usePriceExpiry();
  const { priceCheck, dayCount } = fields;
  const [touched, setTouched] = useState(false);
  const picked = tokens.filter((o) => chosen.includes(String(o.tokenId)));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setTouched(true);
    if (problem || checkingApproval) return;
    if (needsApproval) {
      if (picked.length > 0) onApprove();
      return;
    }
    if (picked.length < 2 || !priceCheck.ok || dayCount === undefined) return;
    onSubmit(
      picked.map((o) => o.tokenId),
      priceCheck.value,
      dayCount,
    );
  };
  const toggle = (id: string) => setChosen((c) => (c.includes(id) ? c.filter((x) => x !== id) : [...c, id]));
  const pickMessage = touched && picked.length < 2 ? t("bulkPickTwo") : undefined;
  return (
    <form className="card form" onSubmit={submit} noValidate aria-label={t("bulkTitle")}>
      <h2>{t("bulkTitle")}</h2>
      <p className="hint">{t("bulkHint")}</p>
      <fieldset className="field">
        <legend>{t("bulkTokens")}</legend>
        {tokens.length === 0 ? <p className="small muted">{f("noTokens")}</p> : null}
        {tokens.map((o) => (
          <label key={String(o.tokenId)} className="checkbox">
            <input
              type="checkbox"
              checked={chosen.includes(String(o.tokenId))}
              onChange={() => toggle(String(o.tokenId))}
            />{" "}
            {o.label}
          </label>
        ))}
        {pickMessage ? (
          <p className="field-error" role="alert">
            {pickMessage}
          </p>
        ) : null}
      </fieldset>
      <PriceExpiryFields fields={fields} touched={touched} priceLabel={t("bulkPrice")} />
      <NetworkNotice problem={problem} />
      <div className="button-row">
        <button type="submit" disabled={busy || !!problem || checkingApproval}>
          {busy
            ? f("waiting")
            : checkingApproval
              ? f("checkingApproval")
              : needsApproval
                ? t("approve")
                : t("bulkSign", { count: picked.length })}
        </button>
      </div>
    </form>
  );
}
