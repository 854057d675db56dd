"use client";
import dynamic from "next/dynamic";
import { useTranslations } from "next-intl";
import { useState } from "react";

import { SignInGate } from "../account/SignInGate.tsx";
import { useApiAccount } from "../../hooks/useApiAccount.ts";
import { RoleChanged } from "../compliance/access.tsx";
import { SignInPanel } from "../account/LazySignInPanel.tsx";
import { Loading } from "../States.tsx";
import { CourseCatalogue } from "./CourseCatalogue.tsx";
import { CreateCoursePanel } from "./CreateCoursePanel.tsx";
import { useCertificates, useEnrolments } from "./queries.ts";

// Loaded when they are shown: one open course (its lessons in Markdown, the quiz) when a course is
// opened; the enrolments and certificates once signed in.
const loading = () => <Loading />;
const CourseDetail = dynamic(() => import("./CourseDetail.tsx").then((m) => m.CourseDetail), { loading });
const EnrolmentList = dynamic(() => import("./EnrolmentList.tsx").then((m) => m.EnrolmentList), { loading });
const CertificateList = dynamic(() => import("./CertificateList.tsx").then((m) => m.CertificateList), { loading });

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
