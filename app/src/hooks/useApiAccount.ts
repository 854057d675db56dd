"use client";
import { useQuery } from "@tanstack/react-query";

import { sessionActive, type AccountMethods, type Me } from "../lib/account.ts";
import { api, retryUnlessRefused } from "../lib/apiClient.ts";
import { roleOfAccessToken } from "../lib/compliance.ts";
import { useApiSession } from "./useApiSession.ts";
import { useActiveChain } from "./useRuntime.ts";

/**
 * The API session as every API-backed panel sees it — one session whether it was made with the
 * e-mail or a wallet: signed in with an e-mail session always, with a wallet session while no wallet
 * or that wallet is connected (sessionActive); `role`, the role in the access token (what the API
 * checks); `me`, the profile from GET /auth/me (the e-mail, and the role stored now, which a new
 * session picks up — RoleChanged in compliance/access.tsx says so when they differ). `{ me: false }`
 * skips the profile for panels that need only the session.
 */
export function useApiAccount(options: { me?: boolean } = {}) {
  const chain = useActiveChain();
  const { session, signOut } = useApiSession();
  const signedIn = sessionActive(session, chain.account);
  const role = signedIn && session ? roleOfAccessToken(session.accessToken) : undefined;
  const me = useQuery({
    // A new sign-in (a new token role) reads the profile again.
    queryKey: ["me", session?.account, role],
    enabled: signedIn && options.me !== false,
    retry: retryUnlessRefused,
    queryFn: () => api<Me>("/auth/me", { auth: true }),
  });
  return { chain, session, signedIn, role, me, signOut };
}

/** GET /account: the signed-in account's e-mail, password, TOTP, passkeys and linked wallets. */
export function useAccountMethods(enabled: boolean, account: string | undefined) {
  return useQuery({
    queryKey: ["account", account],
    enabled: enabled && !!account,
    retry: retryUnlessRefused,
    queryFn: () => api<AccountMethods>("/account", { auth: true }),
  });
}
