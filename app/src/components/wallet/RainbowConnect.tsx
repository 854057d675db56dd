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
import { useAccount, useConfig, type Config } from "wagmi";
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
 * on the internet). Returns the ids of the connectors it added now (none after the first call).
 */
export function installWalletConnectors(config: Config, projectId: string | undefined): string[] {
  if (installed.has(config)) return [];
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
  const added = connectors.filter((c) => !config.connectors.some((x) => x.id === c.id));
  config._internal.connectors.setState((current) => [
    ...current,
    ...added.filter((c) => !current.some((x) => x.id === c.id)),
  ]);
  return added.map((c) => c.id);
}

/**
 * A wallet connected in an earlier visit through one of the connectors just added (window.ethereum
 * without an EIP-6963 announcement, WalletConnect) could not reconnect on load, before they were
 * there: reconnect it now, once wagmi's own reconnect on load is over (a second one started while
 * the first runs is ignored by wagmi).
 */
function useReconnectAdded(config: Config, added: string[]) {
  const { status } = useAccount();
  const done = useRef(false);
  useEffect(() => {
    if (done.current || added.length === 0 || status === "reconnecting" || status === "connecting") return;
    done.current = true;
    if (status === "connected") return;
    void (async () => {
      const recent = await config.storage?.getItem("recentConnectorId");
      if (recent && added.includes(recent)) await reconnect(config);
    })();
  }, [config, added, status]);
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
  useReconnectAdded(config, added);
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
