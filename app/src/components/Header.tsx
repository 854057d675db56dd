"use client";
import Link from "next/link";
import { usePathname, useRouter } from "next/navigation";
import { useLocale, useTranslations } from "next-intl";
import { useEffect, useId, useRef, useState } from "react";
import { useChainId, useSwitchChain } from "wagmi";

import { useCurrency } from "../hooks/useCurrency.tsx";
import { useRuntime } from "../hooks/useRuntime.ts";
import { LOCALE_COOKIE, LOCALE_NAMES, LOCALES, type Locale } from "../i18n/locales.ts";
import { CURRENCIES, isCurrency } from "../lib/currency.ts";
import { MainNav } from "./nav/MainNav.tsx";
import { LazyConnectButton } from "./wallet/LazyConnectButton.tsx";

function ChainSwitcher() {
  const t = useTranslations("shell");
  const id = useId();
  const runtime = useRuntime();
  const chainId = useChainId();
  const { switchChain, isPending } = useSwitchChain();
  return (
    <div className="control">
      <label htmlFor={id} className="control-label">
        {t("network")}
      </label>
      <select
        id={id}
        value={chainId}
        disabled={isPending}
        onChange={(e) => switchChain({ chainId: Number(e.target.value) })}
      >
        {runtime.chains.map((c) => (
          <option key={c.chainId} value={c.chainId}>
            {c.name}
            {runtime.deployments[c.chainId] ? "" : ` (${t("notDeployed")})`}
          </option>
        ))}
      </select>
    </div>
  );
}

function LanguageSwitcher() {
  const t = useTranslations("shell");
  const id = useId();
  const locale = useLocale();
  const router = useRouter();
  return (
    <div className="control">
      <label htmlFor={id} className="control-label">
        {t("language")}
      </label>
      <select
        id={id}
        value={locale}
        onChange={(e) => {
          document.cookie = `${LOCALE_COOKIE}=${e.target.value as Locale}; path=/; max-age=31536000; samesite=lax`;
          router.refresh();
        }}
      >
        {LOCALES.map((l) => (
          <option key={l} value={l} lang={l}>
            {LOCALE_NAMES[l]}
          </option>
        ))}
      </select>
    </div>
  );
}

function CurrencySwitcher() {
  const t = useTranslations("shell");
  const id = useId();
  const { currency, setCurrency } = useCurrency();
  return (
    <div className="control">
      <label htmlFor={id} className="control-label">
        {t("currency")}
      </label>
      <select id={id} value={currency} onChange={(e) => isCurrency(e.target.value) && setCurrency(e.target.value)}>
        {CURRENCIES.map((c) => (
          <option key={c} value={c}>
            {c}
          </option>
        ))}
      </select>
    </div>
  );
}

function Settings() {
  return (
    <>
      <ChainSwitcher />
      <LanguageSwitcher />
      <CurrencySwitcher />
    </>
  );
}

/**
 * The header: the brand (to the landing page), the grouped menu and the controls on one line on wide
 * screens; on phones a menu button opens a drawer with every group and the controls (Escape or the
 * close button closes it and focus returns to the menu button).
 */
export function Header() {
  const shell = useTranslations("shell");
  const pathname = usePathname();
  // open on the page it was opened on: another page (a link, back/forward) closes it
  const [drawerAt, setDrawerAt] = useState<string>();
  const drawer = drawerAt === pathname;
  const setDrawer = (open: boolean) => setDrawerAt(open ? pathname : undefined);
  const drawerId = useId();
  const toggle = useRef<HTMLButtonElement>(null);
  const drawerRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!drawer) return;
    drawerRef.current?.querySelector<HTMLElement>("a, button, select")?.focus();
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== "Escape") return;
      setDrawerAt(undefined);
      toggle.current?.focus();
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, [drawer]);

  return (
    <header className="header">
      <a href="#main" className="skip-link">
        {shell("skip")}
      </a>
      <div className="header-row">
        <Link href="/" className="brand" aria-label={shell("home")}>
          Peper
        </Link>
        <MainNav variant="bar" />
        <div className="header-controls">
          <div className="header-settings">
            <Settings />
          </div>
          <LazyConnectButton showBalance={false} chainStatus="none" accountStatus="address" label={shell("connect")} />
        </div>
        <button
          ref={toggle}
          type="button"
          className="button-secondary drawer-toggle"
          aria-expanded={drawer}
          aria-controls={drawerId}
          onClick={() => setDrawer(!drawer)}
        >
          <span aria-hidden="true">☰</span> {shell("menu")}
        </button>
      </div>
      <div id={drawerId} ref={drawerRef} className="drawer" hidden={!drawer}>
        {drawer ? (
          <>
            <div className="drawer-head">
              <button
                type="button"
                className="button-secondary"
                onClick={() => {
                  setDrawer(false);
                  toggle.current?.focus();
                }}
              >
                {shell("closeMenu")}
              </button>
            </div>
            <MainNav variant="drawer" onNavigate={() => setDrawer(false)} />
            <div className="drawer-controls">
              <Settings />
            </div>
          </>
        ) : null}
      </div>
    </header>
  );
}

/** The footer: where the API is documented. */
export function Footer() {
  const shell = useTranslations("shell");
  return (
    <footer className="footer">
      <p>
        {/* the API's own HTML (proxied), not a page of this app */}
        {/* eslint-disable-next-line @next/next/no-html-link-for-pages */}
        <a href="/api/v5/docs">{shell("apiDocs")}</a>
      </p>
    </footer>
  );
}
