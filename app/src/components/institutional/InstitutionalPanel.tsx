"use client";
import { useTranslations } from "next-intl";

import { hasInstitutionalAccess } from "../../lib/institutional.ts";
import { SignInPanel } from "../SignInPanel.tsx";
import { ErrorState, Loading } from "../States.tsx";
import { PortfolioDesk } from "./PortfolioDesk.tsx";
import { RoleNeeded } from "./RoleNeeded.tsx";
import { useMe, useSignedIn } from "./session.ts";
import { WhiteLabelPanel } from "./WhiteLabelPanel.tsx";

/**
 * The institutional desk: sign in with the wallet; with the institutional (or admin) role, the
 * portfolios, their wallets and P&L, and the white-label settings. Without it, one sentence on how
 * to get it.
 */
export function InstitutionalPanel() {
  const t = useTranslations("institutional.access");
  const { signedIn, address } = useSignedIn();
  const me = useMe(signedIn, address);
  return (
    <div className="stack">
      <SignInPanel />
      {!signedIn ? (
        <p className="small muted">{t("signInFirst")}</p>
      ) : me.isPending ? (
        <Loading />
      ) : me.isError ? (
        <ErrorState error={me.error} retry={() => void me.refetch()} />
      ) : !hasInstitutionalAccess(me.data.user_profile.role) ? (
        <RoleNeeded email={me.data.user_profile.email} />
      ) : (
        <>
          <PortfolioDesk address={address!} />
          <WhiteLabelPanel admin={me.data.user_profile.role === "admin"} />
        </>
      )}
    </div>
  );
}
