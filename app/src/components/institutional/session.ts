"use client";
import { useQuery } from "@tanstack/react-query";
import { useSyncExternalStore } from "react";

import { useApiSession } from "../../hooks/useApiSession.ts";
import { useActiveChain } from "../../hooks/useRuntime.ts";
import { api, ApiError } from "../../lib/apiClient.ts";
import type { Me } from "../../lib/institutional.ts";

/** Signed in to the API with the wallet that is connected now (as the other API-backed panels check). */
export function useSignedIn(): { signedIn: boolean; address: string | undefined } {
  const chain = useActiveChain();
  const { session } = useApiSession();
  const signedIn = !!session && !!chain.account && session.address.toLowerCase() === chain.account.toLowerCase();
  return { signedIn, address: session?.address };
}

/** The signed-in user's profile (GET /auth/me): its role is the one stored now. */
export function useMe(signedIn: boolean, address: string | undefined) {
  return useQuery({
    queryKey: ["me", address],
    enabled: signedIn,
    queryFn: () => api<Me>("/auth/me", { auth: true }),
  });
}

/** True for the API's 403 "forbidden": the session's role does not admit the route. */
export const isForbidden = (error: unknown): boolean => error instanceof ApiError && error.code === "forbidden";

/** A call answered 204 No Content (the DELETEs). */
export async function apiNoContent(path: string, options: { method: string }): Promise<void> {
  await api<undefined>(path, { ...options, auth: true });
}

const noSubscribe = () => () => {};

/** The page's host name (undefined while rendering on the server). */
export function useHostname(): string | undefined {
  return useSyncExternalStore(
    noSubscribe,
    () => window.location.hostname,
    () => undefined,
  );
}

/** The page's origin (undefined while rendering on the server). */
export function useOrigin(): string | undefined {
  return useSyncExternalStore(
    noSubscribe,
    () => window.location.origin,
    () => undefined,
  );
}
