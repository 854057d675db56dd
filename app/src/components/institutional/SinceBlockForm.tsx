"use client";
import { useLocale, useTranslations } from "next-intl";
import { useId, useState, type FormEvent } from "react";

import { checkSinceBlock, defaultSinceBlock } from "../../lib/institutional.ts";

/**
 * Which positions to value: the chain, and the block the P&L starts from (a whole block number, not
 * in the future; about a day back by default). Nothing is sent until the block is right.
 */
export function SinceBlockForm({
  chains,
  chainId,
  onChainChange,
  latest,
  busy,
  onSubmit,
}: {
  chains: readonly { chainId: number; name: string }[];
  chainId: number;
  onChainChange: (chainId: number) => void;
  /** The chain's latest block, once read. */
  latest: bigint | undefined;
  busy: boolean;
  onSubmit: (request: { sinceBlock: number; chainId: number }) => void;
}) {
  const t = useTranslations("institutional.positions");
  const te = useTranslations("institutional.errors");
  const locale = useLocale();
  const id = useId();
  // undefined until the user types: then the default follows the chain's latest block
  const [typed, setTyped] = useState<string>();
  const [touched, setTouched] = useState(false);
  const value = typed ?? (latest !== undefined ? defaultSinceBlock(latest).toString() : "");
  const check = checkSinceBlock(value, latest);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setTouched(true);
    if (!check.ok || busy) return;
    onSubmit({ sinceBlock: check.block, chainId });
  };
  const bad = touched && !check.ok;
  const number = (n: bigint) => new Intl.NumberFormat(locale).format(n);
  return (
    <form className="form" onSubmit={submit} noValidate aria-label={t("formTitle")}>
      <div className="field-row">
        <div className="field">
          <label htmlFor={`${id}-chain`}>{t("chain")}</label>
          <select id={`${id}-chain`} value={chainId} onChange={(e) => onChainChange(Number(e.target.value))}>
            {chains.map((c) => (
              <option key={c.chainId} value={c.chainId}>
                {c.name} ({c.chainId})
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-since`}>{t("sinceBlock")}</label>
          <input
            id={`${id}-since`}
            inputMode="numeric"
            value={value}
            onChange={(e) => {
              setTyped(e.target.value);
              setTouched(true);
            }}
            aria-invalid={bad ? true : undefined}
            aria-describedby={`${id}-hint${bad ? ` ${id}-error` : ""}`}
          />
        </div>
      </div>
      <p className="small muted" id={`${id}-hint`}>
        {latest !== undefined ? t("latestBlock", { block: number(latest) }) : t("latestUnknown")}
      </p>
      {touched && !check.ok ? (
        <p className="field-error" role="alert" id={`${id}-error`}>
          {check.key === "blockFuture" ? te("blockFuture", { latest: number(check.latest) }) : te(check.key)}
        </p>
      ) : null}
      <div className="button-row">
        <button type="submit" disabled={busy}>
          {busy ? t("valuing") : t("submit")}
        </button>
        {latest !== undefined && typed !== undefined ? (
          <button type="button" className="button-secondary" onClick={() => setTyped(undefined)}>
            {t("resetDefault")}
          </button>
        ) : null}
      </div>
    </form>
  );
}
