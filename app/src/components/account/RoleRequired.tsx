"use client";
import { useTranslations } from "next-intl";

import type { Role } from "../../lib/compliance.ts";
import { useRoleList } from "../compliance/access.tsx";

/**
 * For a page (or a part of one) that needs a role: which role, what the account has, and how to get
 * it — an admin grants roles to an account (its e-mail), and the next sign-in (or the session's next
 * refresh) carries the new role. Signed out, it says to sign in first with an account that has it.
 */
export function RoleRequired({
  roles,
  role,
  email,
  testId = "role-required",
}: {
  roles: readonly Role[];
  /** The role of the session (undefined when signed out). */
  role: Role | undefined;
  /** The account's e-mail, named in the request to the admin. */
  email?: string | undefined;
  testId?: string;
}) {
  const t = useTranslations("account.role");
  const r = useTranslations("compliance.roles");
  const list = useRoleList();
  return (
    <div className="form-warning" role="status" data-testid={testId}>
      <p>{role ? t("needs", { roles: list(roles), role: r(role) }) : t("signIn", { roles: list(roles) })}</p>
      <p className="small">{email ? t("howEmail", { email }) : t("how")}</p>
    </div>
  );
}
