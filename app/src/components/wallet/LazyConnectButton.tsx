"use client";
/**
 * RainbowKit's ConnectButton, loaded when it is needed: a plain "Connect wallet" button until the
 * visitor clicks it (or any useConnectWallet asks) or a wallet is (re)connecting; then RainbowKit's
 * chunk (RainbowConnect.tsx) with its provider, modal, wallet list and account button.
 */
import { useEffect, useState, type ComponentType } from "react";
import { useAccount } from "wagmi";

import type { RainbowConnectProps, WalletButtonProps } from "./RainbowConnect.tsx";
import { useWalletState } from "./WalletContext.tsx";

export function LazyConnectButton(props: WalletButtonProps) {
  const wallet = useWalletState();
  const { status } = useAccount();
  const [Rainbow, setRainbow] = useState<ComponentType<RainbowConnectProps> | null>(null);
  const [failed, setFailed] = useState(false);
  const needed = wallet.requests > 0 || status === "connected" || status === "reconnecting";
  useEffect(() => {
    if (!needed || Rainbow) return;
    let live = true;
    import("./RainbowConnect.tsx").then(
      (m) => live && setRainbow(() => m.default),
      () => live && setFailed(true),
    );
    return () => {
      live = false;
    };
  }, [needed, Rainbow, wallet.requests]);
  if (Rainbow) {
    return (
      <Rainbow
        button={props}
        locale={wallet.locale}
        walletConnectProjectId={wallet.walletConnectProjectId}
        requests={wallet.requests}
      />
    );
  }
  return (
    <button
      type="button"
      className="connect-button"
      aria-busy={needed && !failed}
      onClick={() => {
        setFailed(false);
        wallet.request();
      }}
    >
      {props.label}
    </button>
  );
}
