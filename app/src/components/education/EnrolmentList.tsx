"use client";
import { useTranslations } from "next-intl";

import { progressPercent, type Enrolment } from "../../lib/education.ts";
import { Empty, ErrorState, Loading } from "../States.tsx";

/** Your enrolments (GET /education/enrolments) with a progress bar each. */
export function EnrolmentList({
  query,
  onOpen,
}: {
  query: {
    isPending: boolean;
    isError: boolean;
    error: unknown;
    data: { enrolments: Enrolment[] } | undefined;
    refetch: () => unknown;
  };
  onOpen: (slug: string) => void;
}) {
  const t = useTranslations("education.enrolments");
  return (
    <section className="card stack" aria-labelledby="enrolments-title" data-testid="enrolments">
      <h2 id="enrolments-title">{t("title")}</h2>
      {query.isPending ? (
        <Loading />
      ) : query.isError ? (
        <ErrorState error={query.error} retry={() => void query.refetch()} />
      ) : !query.data || query.data.enrolments.length === 0 ? (
        <Empty>{t("empty")}</Empty>
      ) : (
        <ul className="proposal-list">
          {query.data.enrolments.map((e) => {
            const percent = progressPercent(e.progress.done, e.progress.total);
            return (
              <li key={e.id} data-testid={`enrolment-${e.course.slug}`}>
                <div className="proposal-head">
                  <button type="button" className="link-button" onClick={() => onOpen(e.course.slug)}>
                    {e.course.title}
                  </button>
                  {e.completed_at ? <span className="badge badge-active">{t("completed")}</span> : null}
                </div>
                <progress
                  value={e.progress.done}
                  max={Math.max(1, e.progress.total)}
                  aria-label={t("progressLabel", { title: e.course.title })}
                />
                <p className="small muted" data-testid={`enrolment-progress-${e.course.slug}`}>
                  {t("progress", { done: e.progress.done, total: e.progress.total, percent })}
                </p>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
