"use client";
import { ConnectButton } from "@rainbow-me/rainbowkit";
import Link from "next/link";
import { usePathname, useRouter } from "next/navigation";
import { useLocale, useTranslations } from "next-intl";
import { useId } from "react";
import { useChainId, useSwitchChain } from "wagmi";

import { ROUTES } from "../config/nav.ts";
import { useCurrency } from "../hooks/useCurrency.tsx";
import { useRuntime } from "../hooks/useRuntime.ts";
import { LOCALE_COOKIE, LOCALE_NAMES, LOCALES, type Locale } from "../i18n/locales.ts";
import { CURRENCIES, isCurrency } from "../lib/currency.ts";

function ChainSwitcher() {
  const t = useTranslations("shell");
  const id = useId();
  const runtime = useRuntime();
  const chainId = useChainId();
  const { switchChain, isPending } = useSwitchChain();
  return (
    <div className="control">
      <label htmlFor={id}>{t("network")}</label>
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
      <label htmlFor={id}>{t("language")}</label>
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
      <label htmlFor={id}>{t("currency")}</label>
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

export function Header() {
  const t = useTranslations("nav");
  const shell = useTranslations("shell");
  const pathname = usePathname();
  return (
    <header className="header">
      <a href="#main" className="skip-link">
        {shell("skip")}
      </a>
      <div className="header-row">
        <Link href="/global" className="brand">
          Peper
        </Link>
        <nav aria-label={shell("mainNav")}>
          <ul className="nav-list">
            {ROUTES.map((r) => (
              <li key={r.href}>
                <Link href={r.href} aria-current={pathname.startsWith(r.href) ? "page" : undefined}>
                  {t(r.key)}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
        <div className="header-controls">
          <ChainSwitcher />
          <LanguageSwitcher />
          <CurrencySwitcher />
          <ConnectButton showBalance={false} chainStatus="none" accountStatus="address" label={shell("connect")} />
        </div>
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
