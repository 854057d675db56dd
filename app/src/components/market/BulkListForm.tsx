"use client";
import { useTranslations } from "next-intl";
import { useId, useState, type FormEvent } from "react";

import type { NetworkProblem } from "../../hooks/useRuntime.ts";
import { checkPrice } from "../../lib/nft.ts";
import { NetworkNotice } from "../NetworkNotice.tsx";
import { checkDays, type TokenOption } from "./PriceForm.tsx";

/**
 * "List several at once (one signature)": the owner ticks tokens, sets one price and a duration,
 * and signs a single bulk order (the root of a Merkle tree of one order per token). Checked before
 * anything is signed; `needsApproval` turns the button into the marketplace's approval first.
 */
export function BulkListForm({
  tokens,
  needsApproval,
  problem,
  busy,
  onSubmit,
  onApprove,
}: {
  tokens: TokenOption[];
  needsApproval: boolean;
  problem?: NetworkProblem;
  busy: boolean;
  onSubmit: (tokenIds: bigint[], price: bigint, days: number) => void;
  onApprove: () => void;
}) {
  const t = useTranslations("market.signed");
  const f = useTranslations("market.form");
  const ids = { price: useId(), days: useId() };
  const [chosen, setChosen] = useState<string[]>([]);
  const [price, setPrice] = useState("");
  const [days, setDays] = useState("7");
  const [touched, setTouched] = useState(false);
  const picked = tokens.filter((o) => chosen.includes(String(o.tokenId)));
  const priceCheck = checkPrice(price);
  const dayCount = checkDays(days);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setTouched(true);
    if (problem) return;
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
  const priceMessage = !priceCheck.ok && (touched || price !== "") ? f(priceCheck.key) : undefined;
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
      <div className="field">
        <label htmlFor={ids.price}>{t("bulkPrice")}</label>
        <div className="amount-row">
          <input
            id={ids.price}
            inputMode="decimal"
            autoComplete="off"
            placeholder="0.0"
            value={price}
            onChange={(e) => setPrice(e.target.value)}
            aria-invalid={priceMessage ? true : undefined}
          />
          <span className="unit">ETH</span>
        </div>
        {priceMessage ? (
          <p className="field-error" role="alert">
            {priceMessage}
          </p>
        ) : null}
      </div>
      <div className="field">
        <label htmlFor={ids.days}>{f("days")}</label>
        <input id={ids.days} inputMode="numeric" value={days} onChange={(e) => setDays(e.target.value)} />
        {dayCount === undefined ? (
          <p className="field-error" role="alert">
            {f("daysInvalid")}
          </p>
        ) : null}
      </div>
      <NetworkNotice problem={problem} />
      <div className="button-row">
        <button type="submit" disabled={busy || !!problem}>
          {busy ? f("waiting") : needsApproval ? t("approve") : t("bulkSign", { count: picked.length })}
        </button>
      </div>
    </form>
  );
}
