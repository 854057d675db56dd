import "@rainbow-me/rainbowkit/styles.css";
import "./globals.css";

import type { Metadata, Viewport } from "next";
import { cookies } from "next/headers";
import { NextIntlClientProvider } from "next-intl";
import { getLocale, getMessages, getTranslations } from "next-intl/server";
import type { ReactNode } from "react";

import { Footer, Header } from "../components/Header.tsx";
import { Providers } from "../components/Providers.tsx";
import { TxNotices } from "../components/TxNotices.tsx";
import { CURRENCY_COOKIE, isCurrency } from "../lib/currency.ts";
import { runtimeConfig } from "../server/runtimeConfig.ts";

// Addresses, chains and the language are read per request: one build serves every deployment.
export const dynamic = "force-dynamic";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("meta");
  return { title: { default: "Peper", template: "%s · Peper" }, description: t("description") };
}

export const viewport: Viewport = { width: "device-width", initialScale: 1, themeColor: "#15171c" };

export default async function RootLayout({ children }: { children: ReactNode }) {
  const locale = await getLocale();
  const messages = await getMessages();
  const saved = (await cookies()).get(CURRENCY_COOKIE)?.value;
  return (
    <html lang={locale}>
      <body>
        <NextIntlClientProvider locale={locale} messages={messages}>
          <Providers runtime={runtimeConfig()} locale={locale} currency={isCurrency(saved) ? saved : "USD"}>
            <Header />
            <main id="main" className="main">
              {children}
            </main>
            <TxNotices />
            <Footer />
          </Providers>
        </NextIntlClientProvider>
      </body>
    </html>
  );
}
