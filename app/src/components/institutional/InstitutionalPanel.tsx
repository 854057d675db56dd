"use client";
import { useTranslations } from "next-intl";

import { SignInGate } from "../account/SignInGate.tsx";
import { useApiAccount } from "../../hooks/useApiAccount.ts";
import { hasInstitutionalAccess } from "../../lib/institutional.ts";
import { RoleChanged } from "../compliance/access.tsx";
import { SignInPanel } from "../SignInPanel.tsx";
import { Loading } from "../States.tsx";
import { AboutDesk } from "./AboutDesk.tsx";
import { PortfolioDesk } from "./PortfolioDesk.tsx";
import { RoleNeeded } from "./RoleNeeded.tsx";
import { WhiteLabelPanel } from "./WhiteLabelPanel.tsx";

/**
 * The institutional desk: sign in with the wallet; with the institutional (or admin) role in the
 * session (what the API checks), the portfolios, their wallets and P&L, and the white-label settings.
 * Without it, one sentence on how to get it — or, when the account has it now but the session was
 * opened before, that signing in again brings it.
 */
export function InstitutionalPanel() {
  const t = useTranslations("institutional.access");
  const { session, signedIn, role, me } = useApiAccount();
  const current = me.data?.user_profile.role;
  if (!signedIn || !session) {
    return (
      <div className="grid-2">
        <AboutDesk />
        <SignInGate title={t("gateTitle")} label={t("gate")} hint={t("signInFirst")} testId="desk-gate">
          <div className="stack">
            <SignInPanel />
            <p className="small muted">{t("signInFirst")}</p>
          </div>
        </SignInGate>
      </div>
    );
  }
  if (hasInstitutionalAccess(role)) {
    return (
      <div className="stack">
        <SignInPanel />
        <RoleChanged current={current} session={role} />
        <PortfolioDesk address={session.account} />
        <WhiteLabelPanel admin={role === "admin"} />
      </div>
    );
  }
  return (
    <div className="stack">
      <SignInPanel />
      {me.isPending ? (
        <Loading />
      ) : hasInstitutionalAccess(current) ? (
        <RoleNeeded stale />
      ) : (
        <>
          <RoleChanged current={current} session={role} />
          <RoleNeeded email={me.data?.user_profile.email} />
        </>
      )}
    </div>
  );
}
