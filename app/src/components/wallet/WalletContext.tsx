"use client";
/**
 * Who asked for the wallet modal. RainbowKit (its modal, wallet list and connectors) is loaded on
 * the first request (LazyConnectButton), so pages ask through useConnectWallet, not RainbowKit's
 * useConnectModal, which works only inside RainbowKit's provider.
 */
import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from "react";
import { useAccount } from "wagmi";

export interface WalletSettings {
  /** The app's locale (RainbowKit's modal speaks it). */
  locale: string;
  /** WalletConnect's project id; without one, only the browser's wallets are offered. */
  walletConnectProjectId?: string | undefined;
}

interface WalletState extends WalletSettings {
  /** How many times the modal was asked for (each new request opens it once RainbowKit is there). */
  requests: number;
  request: () => void;
  /** wagmi's account status, read once here for every useConnectWallet. */
  status: ReturnType<typeof useAccount>["status"];
}

const WalletContext = createContext<WalletState | null>(null);

export function WalletProvider({ children, locale, walletConnectProjectId }: WalletSettings & { children: ReactNode }) {
  const [requests, setRequests] = useState(0);
  const request = useCallback(() => setRequests((n) => n + 1), []);
  const { status } = useAccount();
  const value = useMemo(
    () => ({ locale, walletConnectProjectId, requests, request, status }),
    [locale, walletConnectProjectId, requests, request, status],
  );
  return <WalletContext.Provider value={value}>{children}</WalletContext.Provider>;
}

export function useWalletState(): WalletState {
  const state = useContext(WalletContext);
  if (!state) throw new Error("useWalletState needs a WalletProvider (components/Providers.tsx)");
  return state;
}

/**
 * RainbowKit's useConnectModal, without loading RainbowKit before it is needed: `openConnectModal`
 * opens the wallet modal (loading RainbowKit the first time); undefined while a wallet is connected,
 * and outside a WalletProvider (as RainbowKit's hook outside its provider: a component rendered
 * alone, in a unit test, shows no connect button).
 */
export function useConnectWallet(): { openConnectModal: (() => void) | undefined } {
  const state = useContext(WalletContext);
  return { openConnectModal: state && state.status !== "connected" ? state.request : undefined };
}
