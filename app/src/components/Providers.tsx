"use client";
import { darkTheme, RainbowKitProvider, type Locale as RainbowLocale } from "@rainbow-me/rainbowkit";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { useState, type ReactNode } from "react";
import { WagmiProvider } from "wagmi";

import type { RuntimeConfig } from "../config/runtime.ts";
import { createWagmiConfig } from "../config/wagmi.ts";
import { CurrencyProvider } from "../hooks/useCurrency.tsx";
import { NoticesProvider } from "../hooks/useNotices.tsx";
import { RuntimeContext } from "../hooks/useRuntime.ts";
import type { Currency } from "../lib/currency.ts";

const RAINBOW_LOCALES: Record<string, RainbowLocale> = {
  en: "en-US",
  ru: "ru-RU",
  es: "es-419",
  zh: "zh-CN",
  de: "de-DE",
};

export function Providers({
  runtime,
  locale,
  currency,
  children,
}: {
  runtime: RuntimeConfig;
  locale: string;
  currency: Currency;
  children: ReactNode;
}) {
  const [wagmiConfig] = useState(() =>
    createWagmiConfig(runtime, typeof window === "undefined" ? "http://127.0.0.1" : window.location.origin),
  );
  const [queryClient] = useState(
    () =>
      new QueryClient({
        defaultOptions: { queries: { staleTime: 4_000, retry: 1, refetchOnWindowFocus: false } },
      }),
  );
  return (
    <RuntimeContext.Provider value={runtime}>
      <WagmiProvider config={wagmiConfig}>
        <QueryClientProvider client={queryClient}>
          <RainbowKitProvider
            locale={RAINBOW_LOCALES[locale] ?? "en-US"}
            theme={darkTheme({ accentColor: "#e8590c", borderRadius: "medium" })}
            modalSize="compact"
          >
            <CurrencyProvider initial={currency}>
              <NoticesProvider>{children}</NoticesProvider>
            </CurrencyProvider>
          </RainbowKitProvider>
        </QueryClientProvider>
      </WagmiProvider>
    </RuntimeContext.Provider>
  );
}
