"use client";
/**
 * The chunk LazyConnectButton loads: RainbowKit's provider, modal and ConnectButton, and its wallet
 * connectors added to the wagmi config (components/wallet/config.ts starts without them).
 */
import {
  ConnectButton,
  connectorsForWallets,
  darkTheme,
  RainbowKitProvider,
  useConnectModal,
  type Locale as RainbowLocale,
} from "@rainbow-me/rainbowkit";
import { injectedWallet, metaMaskWallet, rainbowWallet, walletConnectWallet } from "@rainbow-me/rainbowkit/wallets";
import { useEffect, useRef, useState } from "react";
import { useConfig, type Config } from "wagmi";
import { reconnect } from "wagmi/actions";

export interface WalletButtonProps {
  /** The button's text while no wallet is connected. */
  label: string;
  showBalance?: boolean;
  chainStatus?: "full" | "icon" | "name" | "none";
  accountStatus?: "full" | "avatar" | "address";
}

export interface RainbowConnectProps {
  button: WalletButtonProps;
  locale: string;
  walletConnectProjectId?: string | undefined;
  /** Requests for the modal so far; each one not yet served opens it. */
  requests: number;
}

const RAINBOW_LOCALES: Record<string, RainbowLocale> = {
  en: "en-US",
  ru: "ru-RU",
  es: "es-419",
  zh: "zh-CN",
  de: "de-DE",
};

const installed = new WeakSet<Config>();

/**
 * Adds RainbowKit's wallet connectors to the config, once: injected wallets always; MetaMask's and
 * Rainbow's mobile apps and WalletConnect only with a WalletConnect project id (they need its relay
 * on the internet). Returns whether it added them now.
 */
export function installWalletConnectors(config: Config, projectId: string | undefined): boolean {
  if (installed.has(config)) return false;
  installed.add(config);
  const connectors = connectorsForWallets(
    [
      {
        groupName: "Wallets",
        wallets: projectId ? [injectedWallet, metaMaskWallet, rainbowWallet, walletConnectWallet] : [injectedWallet],
      },
    ],
    // Without a project id no WalletConnect wallet is listed, so this placeholder is never used.
    { appName: "Peper", projectId: projectId ?? "walletconnect-not-configured" },
  ).map((fn) => config._internal.connectors.setup(fn));
  config._internal.connectors.setState((current) => [
    ...current,
    ...connectors.filter((c) => !current.some((x) => x.id === c.id)),
  ]);
  return true;
}

/** Opens the modal for every request made before RainbowKit was there, and every later one. */
function Opener({ requests }: { requests: number }) {
  const { openConnectModal } = useConnectModal();
  const served = useRef(0);
  useEffect(() => {
    if (requests > served.current && openConnectModal) {
      served.current = requests;
      openConnectModal();
    }
  }, [requests, openConnectModal]);
  return null;
}

export default function RainbowConnect({ button, locale, walletConnectProjectId, requests }: RainbowConnectProps) {
  const config = useConfig();
  const [added] = useState(() => installWalletConnectors(config, walletConnectProjectId));
  useEffect(() => {
    // A wallet connected through one of RainbowKit's connectors (WalletConnect, window.ethereum) in an
    // earlier visit could not reconnect before they were added: try again now.
    if (added && config.state.status !== "connected") void reconnect(config);
  }, [added, config]);
  const { label, ...rest } = button;
  return (
    <RainbowKitProvider
      locale={RAINBOW_LOCALES[locale] ?? "en-US"}
      theme={darkTheme({ accentColor: "#e8590c", borderRadius: "medium" })}
      modalSize="compact"
    >
      <ConnectButton label={label} {...rest} />
      <Opener requests={requests} />
    </RainbowKitProvider>
  );
}
