"use client";
import { useTranslations } from "next-intl";

/**
 * The one sentence a signed-in user without the institutional role sees: what is needed and how to
 * get it. `stale`: the account has the role now, but the session was opened before it was granted.
 */
export function RoleNeeded({ email, stale = false }: { email?: string | undefined; stale?: boolean }) {
  const t = useTranslations("institutional.access");
  return (
    <p className="card form-warning" role="status" data-testid="role-needed">
      {stale ? t("staleRole") : email ? t("roleNeeded", { email }) : t("roleNeededNoEmail")}
    </p>
  );
}
