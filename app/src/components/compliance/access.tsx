"use client";
import { useLocale, useTranslations } from "next-intl";

import { isForbidden } from "../../lib/apiClient.ts";
import type { Role } from "../../lib/compliance.ts";
import { ErrorState } from "../States.tsx";

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
