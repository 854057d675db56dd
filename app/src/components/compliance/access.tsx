"use client";
import { useQuery } from "@tanstack/react-query";
import { useLocale, useTranslations } from "next-intl";

import { useApiSession } from "../../hooks/useApiSession.ts";
import { useActiveChain } from "../../hooks/useRuntime.ts";
import { api } from "../../lib/apiClient.ts";
import { isForbidden, retryUnlessRefused, roleOfAccessToken, type Me, type Role } from "../../lib/compliance.ts";
import { ErrorState } from "../States.tsx";

/**
 * The API session of the connected wallet: signed in only when the session's wallet is the connected
 * one; the role the API will check (from the access token) and the profile from GET /auth/me (the
 * e-mail, and the current role, which a new session picks up).
 */
export function useApiAccount() {
  const chain = useActiveChain();
  const { session, signOut } = useApiSession();
  const signedIn = !!session && !!chain.account && session.address.toLowerCase() === chain.account.toLowerCase();
  const role = signedIn ? roleOfAccessToken(session.accessToken) : undefined;
  const me = useQuery({
    queryKey: ["me", session?.address],
    enabled: signedIn,
    retry: retryUnlessRefused,
    queryFn: () => api<Me>("/auth/me", { auth: true }),
  });
  return { chain, session, signedIn, role, me, signOut };
}

/** "compliance officer or admin", in the page's language. */
export function useRoleList(): (roles: readonly Role[]) => string {
  const t = useTranslations("compliance.roles");
  const locale = useLocale();
  return (roles) => new Intl.ListFormat(locale, { type: "disjunction" }).format(roles.map((r) => t(r)));
}

/** A clear sentence for a caller without the role a section needs (never an error dump). */
export function RoleNotice({
  roles,
  role,
  testId,
}: {
  roles: readonly Role[];
  role: Role | undefined;
  testId?: string;
}) {
  const t = useTranslations("compliance");
  const list = useRoleList();
  return (
    <p className="form-warning" role="status" data-testid={testId}>
      {role
        ? t("access.needsRole", { roles: list(roles), role: t(`roles.${role}`) })
        : t("access.needsSignIn", { roles: list(roles) })}
    </p>
  );
}

/** When GET /auth/me reports a role the session's token does not carry yet (granted or revoked since). */
export function RoleChanged({ current, session }: { current: Role | undefined; session: Role | undefined }) {
  const t = useTranslations("compliance");
  if (!current || !session || current === session) return null;
  return (
    <p className="form-warning" role="status" data-testid="role-changed">
      {t("access.roleChanged", { role: t(`roles.${current}`), old: t(`roles.${session}`) })}
    </p>
  );
}

/** An API error: a 403 for the role becomes the role sentence; anything else the API's own message. */
export function ApiProblem({
  error,
  roles,
  role,
  retry,
}: {
  error: unknown;
  roles?: readonly Role[];
  role?: Role | undefined;
  retry?: () => void;
}) {
  if (roles && isForbidden(error)) return <RoleNotice roles={roles} role={role} />;
  return <ErrorState error={error} {...(retry ? { retry } : {})} />;
}
