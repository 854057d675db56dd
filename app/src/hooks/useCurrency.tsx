"use client";
import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from "react";

import { CURRENCY_COOKIE, type Currency } from "../lib/currency.ts";

interface CurrencyApi {
  currency: Currency;
  setCurrency: (c: Currency) => void;
}

const CurrencyContext = createContext<CurrencyApi>({ currency: "USD", setCurrency: () => {} });

export function CurrencyProvider({ initial, children }: { initial: Currency; children: ReactNode }) {
  const [currency, set] = useState<Currency>(initial);
  const setCurrency = useCallback((c: Currency) => {
    document.cookie = `${CURRENCY_COOKIE}=${c}; path=/; max-age=31536000; samesite=lax`;
    set(c);
  }, []);
  const api = useMemo(() => ({ currency, setCurrency }), [currency, setCurrency]);
  return <CurrencyContext.Provider value={api}>{children}</CurrencyContext.Provider>;
}

export const useCurrency = (): CurrencyApi => useContext(CurrencyContext);
