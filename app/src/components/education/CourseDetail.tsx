"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useEffect, useRef } from "react";
import type { Address } from "viem";

import { api, ApiError, retryUnlessRefused } from "../../lib/apiClient.ts";
import {
  completable,
  contentHref,
  mergeEnrolment,
  type Certificate,
  type Course,
  type CourseModule,
  type Enrolment,
  type EnrolmentPage,
  type ModuleProgress,
} from "../../lib/education.ts";
import { shortAddress } from "../../lib/format.ts";
import { Empty, ErrorState, Loading } from "../States.tsx";
import { Markdown } from "./Markdown.tsx";
import { QuizForm } from "./QuizForm.tsx";

interface Progress {
  module_id: string;
  answers?: number[];
}

/**
 * One course (GET /education/courses/:slug) with its modules: enrol, mark lessons and scenes done,
 * answer quizzes (graded by the API), and once every module is done complete it, which queues the
 * certificate for minting to the connected wallet.
 */
export function CourseDetail({
  slug,
  signedIn,
  account,
  enrolment,
  onBack,
}: {
  slug: string;
  signedIn: boolean;
  /** The connected wallet: the certificate's recipient. */
  account: Address | undefined;
  enrolment: Enrolment | undefined;
  onBack: () => void;
}) {
  const t = useTranslations("education.course");
  const queryClient = useQueryClient();
  const heading = useRef<HTMLHeadingElement>(null);
  const course = useQuery({
    queryKey: ["course", slug, signedIn],
    retry: retryUnlessRefused,
    queryFn: () => api<Course>(`/education/courses/${encodeURIComponent(slug)}`, { auth: signedIn }),
  });
  useEffect(() => {
    if (course.data) heading.current?.focus();
  }, [course.data]);
  const refresh = (next?: Enrolment) => {
    if (next) {
      queryClient.setQueriesData<EnrolmentPage>({ queryKey: ["enrolments"] }, (page) => mergeEnrolment(page, next));
    }
    void queryClient.invalidateQueries({ queryKey: ["enrolments"] });
    void queryClient.invalidateQueries({ queryKey: ["courses"] });
  };
  const enrol = useMutation({
    mutationFn: (id: string) => api<Enrolment>(`/education/courses/${id}/enrol`, { method: "POST", auth: true }),
    onSuccess: (next) => refresh(next),
  });
  const progress = useMutation({
    mutationFn: ({ id, body }: { id: string; body: Progress }) =>
      api<Enrolment>(`/education/courses/${id}/progress`, { method: "PUT", body, auth: true }),
    onSuccess: (next) => refresh(next),
  });
  const complete = useMutation({
    mutationFn: ({ id, recipient }: { id: string; recipient: Address }) =>
      api<Certificate>(`/education/courses/${id}/complete`, { body: { recipient }, auth: true }),
    onSuccess: () => {
      refresh();
      void queryClient.invalidateQueries({ queryKey: ["certificates"] });
    },
  });
  const back = (
    <button type="button" className="link-button" onClick={onBack}>
      {t("back")}
    </button>
  );
  if (course.isPending) return <Loading />;
  if (course.isError) {
    return (
      <section className="card stack">
        {back}
        {course.error instanceof ApiError && course.error.status === 404 ? (
          <Empty>{t("notFound")}</Empty>
        ) : (
          <ErrorState error={course.error} retry={() => void course.refetch()} />
        )}
      </section>
    );
  }
  const c = course.data;
  const done = new Map<string, ModuleProgress>(
    (enrolment?.progress.modules ?? []).filter((m) => m.completed_at !== null).map((m) => [m.module_id, m]),
  );
  const completed = enrolment?.completed_at != null;
  const canRecord = signedIn && !!enrolment && !completed;
  const blocked = !signedIn ? t("signInFirst") : !enrolment ? t("notEnrolled") : undefined;
  const busyModule = progress.isPending ? progress.variables.body.module_id : undefined;
  const failedModule = progress.isError ? progress.variables.body.module_id : undefined;
  const record = (module: CourseModule, answers?: number[]) =>
    progress.mutate({ id: c.id, body: { module_id: module.id, ...(answers ? { answers } : {}) } });

  return (
    <section className="card stack" aria-labelledby="course-title" data-testid="course-detail">
      {back}
      <h2 id="course-title" ref={heading} tabIndex={-1}>
        {c.title}
      </h2>
      {c.description ? <Markdown>{c.description}</Markdown> : null}
      {enrolment ? (
        <div>
          <p className="small" data-testid="course-progress">
            {t("progress", { done: enrolment.progress.done, total: enrolment.progress.total })}
          </p>
          <progress
            value={enrolment.progress.done}
            max={Math.max(1, enrolment.progress.total)}
            aria-label={t("progressLabel")}
          />
        </div>
      ) : signedIn ? (
        <div className="stack">
          <p className="small muted">{t("notEnrolled")}</p>
          <div className="button-row">
            <button type="button" disabled={enrol.isPending} onClick={() => enrol.mutate(c.id)}>
              {enrol.isPending ? t("enrolling") : t("enrol")}
            </button>
          </div>
          {enrol.isError ? <ErrorState error={enrol.error} /> : null}
        </div>
      ) : (
        <p className="form-warning">{t("signInFirst")}</p>
      )}
      <h3>{t("modules")}</h3>
      <ol className="proposal-list">
        {c.modules.map((m, i) => {
          const state = done.get(m.id);
          return (
            <li
              key={m.id}
              className="card stack"
              data-testid={`module-${m.id}`}
              aria-labelledby={`module-${m.id}-title`}
            >
              <div className="proposal-head">
                <span className="badge">{t(`kinds.${m.kind}`)}</span>
                <h4 id={`module-${m.id}-title`} className="proposal-title">
                  {i + 1}. {m.title}
                </h4>
                {state ? (
                  <span className="badge badge-active" data-testid={`module-done-${m.id}`}>
                    {state.score !== null ? t("doneScore", { score: state.score }) : t("done")}
                  </span>
                ) : null}
              </div>
              <ModuleBody module={m} />
              {m.kind === "quiz" ? (
                <>
                  <p className="small muted">{t("passMark", { mark: m.pass_mark })}</p>
                  {!state && !completed ? (
                    <QuizForm
                      key={`${m.id}-${enrolment?.id ?? "none"}`}
                      title={m.title}
                      questions={m.questions}
                      busy={busyModule === m.id}
                      {...(failedModule === m.id ? { error: progress.error } : {})}
                      {...(blocked ? { disabled: blocked } : {})}
                      onSubmit={(answers) => record(m, answers)}
                    />
                  ) : null}
                </>
              ) : !state && canRecord ? (
                <div className="stack">
                  <div className="button-row">
                    <button
                      type="button"
                      className="button-secondary"
                      disabled={busyModule === m.id}
                      onClick={() => record(m)}
                      aria-label={t("markDoneModule", { title: m.title })}
                    >
                      {busyModule === m.id ? t("marking") : t("markDone")}
                    </button>
                  </div>
                  {failedModule === m.id ? <ErrorState error={progress.error} /> : null}
                </div>
              ) : null}
            </li>
          );
        })}
      </ol>
      {completed ? (
        <p className="form-ok" data-testid="course-completed">
          {t("completed")}
        </p>
      ) : enrolment && completable(enrolment) ? (
        <div className="stack" data-testid="course-complete">
          {c.chain_id === null ? (
            <p className="form-warning">{t("noChain")}</p>
          ) : account ? (
            <p className="small">{t("completeHint", { address: shortAddress(account) })}</p>
          ) : (
            <p className="form-warning">{t("needWallet")}</p>
          )}
          <div className="button-row">
            <button
              type="button"
              disabled={complete.isPending || !account || c.chain_id === null}
              onClick={() => account && complete.mutate({ id: c.id, recipient: account })}
            >
              {complete.isPending ? t("completing") : t("complete")}
            </button>
          </div>
          {complete.isError ? <ErrorState error={complete.error} /> : null}
        </div>
      ) : null}
    </section>
  );
}

function ModuleBody({ module: m }: { module: CourseModule }) {
  const t = useTranslations("education.course");
  if (m.kind === "lesson") {
    const media = m.media_url ? contentHref(m.media_url) : undefined;
    return (
      <>
        <Markdown>{m.body}</Markdown>
        {media ? (
          <p>
            <a href={media} target="_blank" rel="noopener noreferrer">
              {t("media")}
            </a>
          </p>
        ) : null}
      </>
    );
  }
  if (m.kind === "vr-scene") {
    const scene = contentHref(m.scene_url);
    return (
      <>
        {m.instructions ? <p className="reasoning">{m.instructions}</p> : null}
        {m.duration_minutes ? <p className="small muted">{t("duration", { minutes: m.duration_minutes })}</p> : null}
        {scene ? (
          <p>
            <a href={scene} target="_blank" rel="noopener noreferrer">
              {t("scene")}
            </a>
          </p>
        ) : null}
      </>
    );
  }
  return null;
}
