"use client";
import { useLocale, useTranslations } from "next-intl";
import { useEffect, useId, useRef, useState, type KeyboardEvent } from "react";

import { formatAmount } from "../../lib/amounts.ts";
import {
  parseTokenQuery,
  searchTokens,
  sortByBalance,
  type CheckedToken,
  type ListToken,
} from "../../lib/tokenlist.ts";

type Lookup =
  | { state: "idle" }
  | { state: "loading"; address: string }
  | { state: "found"; token: ListToken }
  | { state: "failed"; address: string; reason: string };

/**
 * A token chooser: a button showing the chosen token that opens a panel with a search box (symbol,
 * name or address), the tokens with the visitor's balances (held first), and, for a pasted address
 * that is not listed, the token read from chain to import. Escape closes it and returns focus.
 */
export function TokenPicker<T extends ListToken>({
  label,
  tokens,
  selected,
  balances,
  onSelect,
  loadToken,
  onImport,
}: {
  /** What the choice is for ("You pay"), also the button's visible label. */
  label: string;
  tokens: readonly T[];
  selected: T | undefined;
  balances: Record<string, bigint>;
  onSelect: (token: T) => void;
  /** Reads an ERC-20 at an address (symbol, name, decimals), checked; absent: no import. */
  loadToken?: (address: `0x${string}`) => Promise<CheckedToken>;
  onImport?: (token: ListToken) => void;
}) {
  const t = useTranslations("swap.picker");
  const locale = useLocale();
  const ids = { label: useId(), button: useId(), panel: useId(), search: useId() };
  const [open, setOpen] = useState(false);
  const [text, setText] = useState("");
  const [lookup, setLookup] = useState<Lookup>({ state: "idle" });
  const button = useRef<HTMLButtonElement>(null);
  const panel = useRef<HTMLDivElement>(null);
  const query = parseTokenQuery(text);
  const shown = sortByBalance(searchTokens(tokens, query), balances);
  const pasted = query.kind === "address" && shown.length === 0 ? query.address : undefined;

  // a pasted address that is not in the list: read the token from chain
  useEffect(() => {
    if (!pasted || !loadToken) return;
    let live = true;
    void Promise.resolve()
      .then(() => live && setLookup({ state: "loading", address: pasted }))
      .then(() => loadToken(pasted))
      .then((r) => {
        if (!live) return;
        setLookup(
          r.ok
            ? { state: "found", token: r.token }
            : { state: "failed", address: pasted, reason: t(`errors.${r.reason}`) },
        );
      })
      .catch(() => live && setLookup({ state: "failed", address: pasted, reason: t("errors.not-erc20") }));
    return () => {
      live = false;
    };
  }, [pasted, loadToken, t]);

  useEffect(() => {
    if (!open) return;
    const outside = (e: PointerEvent) => {
      const target = e.target as Node;
      if (!panel.current?.contains(target) && !button.current?.contains(target)) setOpen(false);
    };
    document.addEventListener("pointerdown", outside);
    return () => document.removeEventListener("pointerdown", outside);
  }, [open]);

  const close = () => {
    setOpen(false);
    setText("");
    button.current?.focus();
  };
  const choose = (token: T) => {
    onSelect(token);
    close();
  };
  const onKey = (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.key === "Escape") {
      e.preventDefault();
      e.stopPropagation();
      close();
      return;
    }
    if (e.key !== "ArrowDown" && e.key !== "ArrowUp") return;
    const items = Array.from(panel.current?.querySelectorAll<HTMLElement>("input, .token-option") ?? []);
    const at = items.indexOf(document.activeElement as HTMLElement);
    const next = items[(at + (e.key === "ArrowDown" ? 1 : items.length - 1)) % items.length];
    if (next) {
      e.preventDefault();
      next.focus();
    }
  };
  const balanceOf = (x: ListToken) => balances[x.address];
  const found = pasted && lookup.state === "found" && lookup.token.address === pasted ? lookup.token : undefined;

  return (
    <div className="field token-picker">
      <span id={ids.label} className="label">
        {label}
      </span>
      <button
        ref={button}
        id={ids.button}
        type="button"
        className="button-secondary token-button"
        aria-haspopup="dialog"
        aria-expanded={open}
        aria-controls={ids.panel}
        aria-labelledby={`${ids.label} ${ids.button}`}
        onClick={() => (open ? close() : setOpen(true))}
      >
        {selected ? selected.symbol : t("choose")} <span aria-hidden="true">▾</span>
      </button>
      {open ? (
        <div
          ref={panel}
          id={ids.panel}
          role="dialog"
          aria-label={t("title", { side: label })}
          className="token-panel card"
          onKeyDown={onKey}
        >
          <label htmlFor={ids.search}>{t("search")}</label>
          <input
            id={ids.search}
            // the panel opens for typing: focus its search box
            autoFocus
            autoComplete="off"
            spellCheck={false}
            value={text}
            onChange={(e) => setText(e.target.value)}
            aria-invalid={query.kind === "bad-address" || undefined}
          />
          {query.kind === "bad-address" ? (
            <p className="field-error" role="alert">
              {t("badAddress")}
            </p>
          ) : null}
          <ul className="token-list" aria-label={t("results")}>
            {shown.map((x) => (
              <li key={x.address}>
                <button
                  type="button"
                  className="token-option"
                  aria-current={selected?.address === x.address || undefined}
                  onClick={() => choose(x)}
                >
                  <span className="token-symbol">{x.symbol}</span> <span className="token-name muted">{x.name}</span>{" "}
                  {balanceOf(x) !== undefined ? (
                    <span className="token-balance">
                      {formatAmount(balanceOf(x)!, x.decimals, { locale, maxFractionDigits: 4 })}
                    </span>
                  ) : null}
                </button>
              </li>
            ))}
          </ul>
          {shown.length === 0 && !pasted && query.kind !== "bad-address" ? <p className="muted">{t("none")}</p> : null}
          {pasted && loadToken ? (
            <div className="token-import" aria-live="polite">
              {lookup.state === "loading" || (lookup.state !== "failed" && !found) ? (
                <p className="muted">{t("lookingUp")}</p>
              ) : null}
              {lookup.state === "failed" && lookup.address === pasted ? (
                <p className="field-error" role="alert">
                  {lookup.reason}
                </p>
              ) : null}
              {found ? (
                <>
                  <p className="form-warning">{t("importWarning")}</p>
                  <button
                    type="button"
                    className="token-option"
                    onClick={() => {
                      onImport?.(found);
                      close();
                    }}
                  >
                    {t("import", { symbol: found.symbol, name: found.name, decimals: found.decimals })}
                  </button>
                </>
              ) : null}
            </div>
          ) : null}
          {pasted && !loadToken ? <p className="muted">{t("none")}</p> : null}
        </div>
      ) : null}
    </div>
  );
}
