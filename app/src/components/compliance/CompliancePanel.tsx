"use client";
import { useTranslations } from "next-intl";
import { useState } from "react";

import { RoleRequired } from "../account/RoleRequired.tsx";
import { SignInGate } from "../account/SignInGate.tsx";
import { useApiAccount } from "../../hooks/useApiAccount.ts";
import { allows, AUDIT_ROLES, REVIEW_ROLES } from "../../lib/compliance.ts";
import { SignInPanel } from "../SignInPanel.tsx";
import { AboutCompliance } from "./AboutCompliance.tsx";
import { RoleChanged } from "./access.tsx";
import { AuditLog } from "./AuditLog.tsx";
import { KycPanel } from "./KycPanel.tsx";
import { KycQueue } from "./KycQueue.tsx";
import { PrivacyPanel } from "./PrivacyPanel.tsx";

/**
 * /compliance: your KYC status and submission, your data (export, erasure); for compliance officers
 * the KYC review queue, for officers and admins the audit log with its verification. A section the
 * session's role does not open says which role it needs.
 */
export function CompliancePanel() {
  const t = useTranslations("compliance");
  const { session, signedIn, role, me, signOut } = useApiAccount();
  const [erased, setErased] = useState(false);
  if (!signedIn && !erased) {
    return (
      <div className="grid-2">
        <AboutCompliance />
        <SignInGate
          title={t("about.gateTitle")}
          label={t("about.gate")}
          hint={t("about.gateHint")}
          testId="compliance-gate"
        >
          <SignInPanel />
        </SignInGate>
      </div>
    );
  }
  return (
    <div className="stack">
      {erased ? (
        <p className="card form-ok" role="status" data-testid="account-erased">
          {t("privacy.erase.done")}
        </p>
      ) : null}
      <div className="grid-2">
        <div className="stack">
          <KycPanel signedIn={signedIn} address={session?.account} />
          <PrivacyPanel
            signedIn={signedIn}
            account={{
              email: me.data?.user_profile.email,
              error: me.isError ? me.error : undefined,
              retry: () => void me.refetch(),
            }}
            onErased={async () => {
              setErased(true);
              await signOut();
            }}
          />
        </div>
        <div className="stack">
          <SignInPanel />
          {signedIn ? <RoleChanged current={me.data?.user_profile.role} session={role} /> : null}
        </div>
      </div>
      {signedIn && allows(role, REVIEW_ROLES) ? (
        <KycQueue role={role} />
      ) : (
        <section className="card" aria-labelledby="kyc-queue-locked">
          <h2 id="kyc-queue-locked">{t("queue.title")}</h2>
          <RoleRequired roles={REVIEW_ROLES} role={role} email={me.data?.user_profile.email} testId="kyc-queue-role" />
        </section>
      )}
      {signedIn && allows(role, AUDIT_ROLES) ? (
        <AuditLog role={role} />
      ) : (
        <section className="card" aria-labelledby="audit-locked">
          <h2 id="audit-locked">{t("audit.title")}</h2>
          <RoleRequired roles={AUDIT_ROLES} role={role} email={me.data?.user_profile.email} testId="audit-role" />
        </section>
      )}
    </div>
  );
}
