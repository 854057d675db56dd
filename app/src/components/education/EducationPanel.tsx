"use client";
import { useTranslations } from "next-intl";
import { useState } from "react";

import { SignInGate } from "../account/SignInGate.tsx";
import { useApiAccount } from "../../hooks/useApiAccount.ts";
import { RoleChanged } from "../compliance/access.tsx";
import { SignInPanel } from "../SignInPanel.tsx";
import { CertificateList } from "./CertificateList.tsx";
import { CourseCatalogue } from "./CourseCatalogue.tsx";
import { CourseDetail } from "./CourseDetail.tsx";
import { CreateCoursePanel } from "./CreateCoursePanel.tsx";
import { EnrolmentList } from "./EnrolmentList.tsx";
import { useCertificates, useEnrolments } from "./queries.ts";

/**
 * /education: the catalogue or one open course; your enrolments and certificates (after signing in
 * with the wallet); the course form for educators and admins.
 */
export function EducationPanel() {
  const t = useTranslations("education");
  const { chain, session, signedIn, role, me } = useApiAccount();
  const [slug, setSlug] = useState<string>();
  const enrolments = useEnrolments(signedIn, session?.account);
  const certificates = useCertificates(signedIn, session?.account);
  const list = signedIn ? (enrolments.data?.enrolments ?? []) : [];
  const open = (next: string) => {
    setSlug(next);
    if (typeof window !== "undefined") window.scrollTo({ top: 0 });
  };
  return (
    <div className="grid-2">
      <div className="stack">
        {slug ? (
          <CourseDetail
            key={slug}
            slug={slug}
            signedIn={signedIn}
            account={chain.account}
            enrolment={list.find((e) => e.course.slug === slug)}
            onBack={() => setSlug(undefined)}
          />
        ) : (
          <CourseCatalogue signedIn={signedIn} address={session?.account} role={role} enrolments={list} onOpen={open} />
        )}
        {signedIn ? (
          <>
            <EnrolmentList query={enrolments} onOpen={open} />
            <CertificateList query={certificates} account={chain.account} />
          </>
        ) : null}
      </div>
      <div className="stack">
        {!signedIn ? (
          <SignInGate title={t("gateTitle")} label={t("gate")} hint={t("signInFirst")} testId="education-gate">
            <SignInPanel />
            <p className="small muted">{t("signInFirst")}</p>
          </SignInGate>
        ) : (
          <>
            <SignInPanel />
            <RoleChanged current={me.data?.user_profile.role} session={role} />
          </>
        )}
        <CreateCoursePanel signedIn={signedIn} role={role} preferredChainId={chain.chainId} />
      </div>
    </div>
  );
}
