"use client";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { useState, type ReactNode } from "react";
import { WagmiProvider } from "wagmi";

import type { RuntimeConfig } from "../config/runtime.ts";
import { CurrencyProvider } from "../hooks/useCurrency.tsx";
import { NoticesProvider } from "../hooks/useNotices.tsx";
import { RuntimeContext } from "../hooks/useRuntime.ts";
import type { Currency } from "../lib/currency.ts";
import { createWalletConfig } from "./wallet/config.ts";
import { WalletProvider } from "./wallet/WalletContext.tsx";

/**
 * The app's providers. RainbowKit is not among them: its provider, modal and wallet list load with
 * the header's wallet button on the first "Connect wallet" (components/wallet/), so wagmi's config
 * here has the chains and the wallets the browser announces (EIP-6963), enough to reconnect.
 */
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
    createWalletConfig(runtime, typeof window === "undefined" ? "http://127.0.0.1" : window.location.origin),
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
          <WalletProvider locale={locale} walletConnectProjectId={runtime.walletConnectProjectId}>
            <CurrencyProvider initial={currency}>
              <NoticesProvider>{children}</NoticesProvider>
            </CurrencyProvider>
          </WalletProvider>
        </QueryClientProvider>
      </WagmiProvider>
    </RuntimeContext.Provider>
  );
}
