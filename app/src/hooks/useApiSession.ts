"use client";
import { useCallback, useState, useSyncExternalStore } from "react";
import { createSiweMessage } from "viem/siwe";
import { useConfig } from "wagmi";
import { signMessage } from "wagmi/actions";

import {
  api,
  ApiError,
  getSession,
  sessionOf,
  setSession,
  signOut,
  subscribeSession,
  type ApiSession,
  type LoginResponse,
} from "../lib/apiClient.ts";
import {
  assertionJson,
  attestationJson,
  creationOptions,
  requestOptions,
  type AuthenticationOptionsJson,
  type RegistrationOptionsJson,
} from "../components/account/passkey.ts";
import { decodeContractError } from "../lib/decodeError.ts";

export interface SignInRequest {
  address: `0x${string}`;
  chainId: number;
  region: string;
  /** Needed the first time a wallet signs in (it creates a wallet-only account). */
  email?: string;
}

export interface EmailSignInRequest {
  email: string;
  password: string;
  region: string;
  /** The authenticator's 6-digit code, when the account has TOTP (the API answers `mfa-required`). */
  totpCode?: string;
  /** Create the account first (POST /auth/register), then sign in. */
  register?: boolean;
}

export interface SessionError {
  code: string;
  message: string;
  field?: string;
}

const toSessionError = (e: unknown): SessionError => {
  if (e instanceof ApiError) return { code: e.code, message: e.message, ...(e.field ? { field: e.field } : {}) };
  // The browser's WebAuthn refusals: the user closed the dialog, or no passkey matched.
  if (e instanceof DOMException && (e.name === "NotAllowedError" || e.name === "AbortError")) {
    return { code: "passkey-cancelled", message: e.message };
  }
  if (e instanceof DOMException) return { code: "passkey-unavailable", message: e.message };
  const decoded = decodeContractError(e, []);
  return { code: decoded.key, message: decoded.values.message ?? "" };
};

/**
 * The API session, shared by every page that calls the API: one session whichever way it was made —
 * Sign-In with Ethereum with the connected wallet, or the e-mail and password (and TOTP code) — and
 * linking the connected wallet to the signed-in account (a fresh signature by that wallet).
 */
export function useApiSession() {
  const config = useConfig();
  const session = useSyncExternalStore(subscribeSession, getSession, () => undefined);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<SessionError>();

  /** Runs one sign-in step with the busy flag and the error kept for the form. */
  const run = useCallback(async <T>(step: () => Promise<T>): Promise<T | undefined> => {
    setBusy(true);
    setError(undefined);
    try {
      return await step();
    } catch (e) {
      setError(toSessionError(e));
      return undefined;
    } finally {
      setBusy(false);
    }
  }, []);

  /** A signed EIP-4361 message for this site with a fresh nonce of the API. */
  const siwe = useCallback(
    async (address: `0x${string}`, chainId: number, statement: string) => {
      const { nonce } = await api<{ nonce: string }>("/auth/siwe/nonce", { method: "POST" });
      const message = createSiweMessage({
        domain: window.location.host,
        address,
        statement,
        uri: window.location.origin,
        version: "1",
        chainId,
        nonce,
        issuedAt: new Date(),
      });
      const signature = await signMessage(config, { account: address, message });
      return { message, signature };
    },
    [config],
  );

  const signIn = useCallback(
    (request: SignInRequest): Promise<ApiSession | undefined> =>
      run(async () => {
        const signed = await siwe(request.address, request.chainId, "Sign in to Peper.");
        const body = await api<LoginResponse>("/auth/siwe/verify", {
          body: { ...signed, region: request.region, ...(request.email ? { email: request.email } : {}) },
        });
        const next = sessionOf(body, "siwe", request.address);
        setSession(next);
        return next;
      }),
    [run, siwe],
  );

  const signInWithEmail = useCallback(
    (request: EmailSignInRequest): Promise<ApiSession | undefined> =>
      run(async () => {
        const credentials = { email: request.email, password: request.password, region: request.region };
        if (request.register) await api("/auth/register", { body: credentials });
        const body = await api<LoginResponse>("/auth/global-login", {
          body: { ...credentials, ...(request.totpCode ? { totp_code: request.totpCode } : {}) },
        });
        const next = sessionOf(body, "password");
        setSession(next);
        return next;
      }),
    [run],
  );

  /** Signs in with a passkey of this device (the API's options, navigator.credentials.get()). */
  const signInWithPasskey = useCallback(
    (request: { region: string; email?: string }): Promise<ApiSession | undefined> =>
      run(async () => {
        const options = await api<AuthenticationOptionsJson>("/auth/passkeys/login/options", {
          body: request.email ? { email: request.email } : {},
        });
        const credential = await navigator.credentials.get({ publicKey: requestOptions(options) });
        if (!(credential instanceof PublicKeyCredential)) throw new DOMException("No passkey", "NotAllowedError");
        const body = await api<LoginResponse>("/auth/passkeys/login/verify", {
          body: { response: assertionJson(credential), region: request.region },
        });
        const next = sessionOf(body, "passkey");
        setSession(next);
        return next;
      }),
    [run],
  );

  /** Registers a passkey of this device for the signed-in account (a sign-in of the last 5 minutes). */
  const addPasskey = useCallback(
    (): Promise<boolean> =>
      run(async () => {
        const options = await api<RegistrationOptionsJson>("/auth/passkeys/register/options", {
          method: "POST",
          auth: true,
        });
        const credential = await navigator.credentials.create({ publicKey: creationOptions(options) });
        if (!(credential instanceof PublicKeyCredential)) throw new DOMException("No passkey", "NotAllowedError");
        await api("/auth/passkeys/register/verify", { body: { response: attestationJson(credential) }, auth: true });
        return true;
      }).then((ok) => ok === true),
    [run],
  );

  /** Links the connected wallet to the signed-in account (POST /auth/siwe/link). */
  const linkWallet = useCallback(
    (address: `0x${string}`, chainId: number): Promise<boolean> =>
      run(async () => {
        const signed = await siwe(address, chainId, "Link this wallet to my Peper account.");
        await api("/auth/siwe/link", { body: signed, auth: true });
        return true;
      }).then((ok) => ok === true),
    [run, siwe],
  );

  return {
    session,
    signIn,
    signInWithEmail,
    signInWithPasskey,
    addPasskey,
    linkWallet,
    signOut,
    busy,
    error,
    clearError: () => setError(undefined),
  };
}
