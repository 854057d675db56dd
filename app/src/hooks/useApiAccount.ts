"use client";
import { useQuery } from "@tanstack/react-query";

import { sessionIsFor, type Me } from "../lib/account.ts";
import { api, retryUnlessRefused } from "../lib/apiClient.ts";
import { roleOfAccessToken } from "../lib/compliance.ts";
import { useApiSession } from "./useApiSession.ts";
import { useActiveChain } from "./useRuntime.ts";

/**
 * The API session of the connected wallet, as every API-backed panel sees it: signed in only when the
 * session's wallet is the connected one; `role`, the role in the access token (what the API checks);
 * `me`, the profile from GET /auth/me (the e-mail, and the role stored now, which a new session picks
 * up — RoleChanged in compliance/access.tsx says so when they differ). `{ me: false }` skips the
 * profile for panels that need only the session.
 */
export function useApiAccount(options: { me?: boolean } = {}) {
  const chain = useActiveChain();
  const { session, signOut } = useApiSession();
  const signedIn = sessionIsFor(session, chain.account);
  const role = signedIn && session ? roleOfAccessToken(session.accessToken) : undefined;
  const me = useQuery({
    // A new sign-in (a new token role) reads the profile again.
    queryKey: ["me", session?.address, role],
    enabled: signedIn && options.me !== false,
    retry: retryUnlessRefused,
    queryFn: () => api<Me>("/auth/me", { auth: true }),
  });
  return { chain, session, signedIn, role, me, signOut };
}
