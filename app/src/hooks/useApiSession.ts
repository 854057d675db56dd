"use client";
import { useCallback, useState, useSyncExternalStore } from "react";
import { createSiweMessage } from "viem/siwe";
import { useConfig } from "wagmi";
import { signMessage } from "wagmi/actions";

import { api, ApiError, getSession, setSession, signOut, subscribeSession, type ApiSession } from "../lib/apiClient.ts";
import { decodeContractError } from "../lib/decodeError.ts";

export interface SignInRequest {
  address: `0x${string}`;
  chainId: number;
  region: string;
  /** Needed the first time a wallet signs in (it creates a wallet-only account). */
  email?: string;
}

/** The API session (SIWE sign-in with the connected wallet), shared by every panel that needs it. */
export function useApiSession() {
  const config = useConfig();
  const session = useSyncExternalStore(subscribeSession, getSession, () => undefined);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<{ code: string; message: string }>();

  const signIn = useCallback(
    async (request: SignInRequest): Promise<ApiSession | undefined> => {
      setBusy(true);
      setError(undefined);
      try {
        const { nonce } = await api<{ nonce: string }>("/auth/siwe/nonce", { method: "POST" });
        const message = createSiweMessage({
          domain: window.location.host,
          address: request.address,
          statement: "Sign in to Peper.",
          uri: window.location.origin,
          version: "1",
          chainId: request.chainId,
          nonce,
          issuedAt: new Date(),
        });
        const signature = await signMessage(config, { account: request.address, message });
        const body = await api<{ access_token: string; refresh_token: string }>("/auth/siwe/verify", {
          body: { message, signature, region: request.region, ...(request.email ? { email: request.email } : {}) },
        });
        const next = { accessToken: body.access_token, refreshToken: body.refresh_token, address: request.address };
        setSession(next);
        return next;
      } catch (e) {
        if (e instanceof ApiError) setError({ code: e.code, message: e.message });
        else {
          const decoded = decodeContractError(e, []);
          setError({ code: decoded.key, message: decoded.values.message ?? "" });
        }
        return undefined;
      } finally {
        setBusy(false);
      }
    },
    [config],
  );
  return { session, signIn, signOut, busy, error };
}
