"use client";
import { useInfiniteQuery, useMutation, useQueryClient } from "@tanstack/react-query";
import { useTranslations } from "next-intl";

import { useCourseCertificates } from "../../hooks/useCourseCertificates.ts";
import { api, retryUnlessRefused } from "../../lib/apiClient.ts";
import { AUTHOR_ROLES, type Role } from "../../lib/compliance.ts";
import { progressPercent, type Course, type CoursePage, type Enrolment } from "../../lib/education.ts";
import { ApiProblem } from "../compliance/access.tsx";
import { Empty, ErrorState, Loading, LoadMore } from "../States.tsx";

/**
 * The catalogue (GET /education/courses, newest first, "load more" by cursor): published courses,
 * and the drafts of a signed-in educator (all drafts for an admin) with a Publish button.
 */
export function CourseCatalogue({
  signedIn,
  address,
  role,
  enrolments,
  onOpen,
}: {
  signedIn: boolean;
  address: string | undefined;
  role: Role | undefined;
  enrolments: readonly Enrolment[];
  onOpen: (slug: string) => void;
}) {
  const t = useTranslations("education.catalogue");
  const queryClient = useQueryClient();
  const courses = useInfiniteQuery({
    queryKey: ["courses", signedIn ? address?.toLowerCase() : "anyone"],
    initialPageParam: undefined as string | undefined,
    retry: retryUnlessRefused,
    queryFn: ({ pageParam }) =>
      api<CoursePage>(`/education/courses?limit=20${pageParam ? `&cursor=${encodeURIComponent(pageParam)}` : ""}`, {
        auth: signedIn,
      }),
    getNextPageParam: (last) => last.next_cursor ?? undefined,
  });
  const publish = useMutation({
    mutationFn: (id: string) => api<Course>(`/education/courses/${id}/publish`, { method: "POST", auth: true }),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: ["courses"] }),
  });
  const list = courses.data?.pages.flatMap((p) => p.courses) ?? [];
  // Courses of the first certificate chain in the list (the demo's and most deployments' only one).
  const certificateChain = list.find((c) => c.chain_id !== null)?.chain_id ?? undefined;
  const onChain = useCourseCertificates(
    certificateChain,
    list.filter((c) => c.chain_id === certificateChain).map((c) => c.certificate_course_id),
  );
  return (
    <section className="card stack" aria-labelledby="catalogue-title" data-testid="course-catalogue">
      <h2 id="catalogue-title">{t("title")}</h2>
      {publish.isError ? <ApiProblem error={publish.error} roles={AUTHOR_ROLES} role={role} /> : null}
      {courses.isPending ? (
        <Loading />
      ) : courses.isError ? (
        <ErrorState error={courses.error} retry={() => void courses.refetch()} />
      ) : list.length === 0 ? (
        <Empty>
          <span data-testid="catalogue-empty">{t("empty")}</span>
        </Empty>
      ) : (
        <ul className="proposal-list">
          {list.map((c) => {
            const enrolment = enrolments.find((e) => e.course.id === c.id);
            return (
              <li key={c.id}>
                <article className="card" aria-labelledby={`course-${c.id}`} data-testid={`course-${c.slug}`}>
                  <div className="proposal-head">
                    <h3 id={`course-${c.id}`} className="proposal-title">
                      {c.title}
                    </h3>
                    {!c.published ? <span className="badge badge-queued">{t("draft")}</span> : null}
                    {c.vr ? <span className="badge">{t("vr")}</span> : null}
                  </div>
                  {c.description ? <p className="small reasoning">{c.description}</p> : null}
                  <p className="small muted">
                    {t("modules", { count: c.module_count })}
                    {enrolment
                      ? ` · ${t("yourProgress", { percent: progressPercent(enrolment.progress.done, enrolment.progress.total) })}`
                      : ""}
                    {c.chain_id === certificateChain && onChain.data
                      ? ` · ${t("certificatesOnChain", { count: onChain.data.get(c.certificate_course_id.toLowerCase()) ?? 0 })}`
                      : ""}
                  </p>
                  <div className="button-row">
                    <button type="button" className="button-secondary" onClick={() => onOpen(c.slug)}>
                      {t("open")}
                    </button>
                    {!c.published && c.educator_id !== null ? (
                      <button
                        type="button"
                        disabled={publish.isPending}
                        onClick={() => publish.mutate(c.id)}
                        aria-label={t("publishCourse", { title: c.title })}
                      >
                        {publish.isPending && publish.variables === c.id ? t("publishing") : t("publish")}
                      </button>
                    ) : null}
                  </div>
                </article>
              </li>
            );
          })}
        </ul>
      )}
      <LoadMore query={courses} label={t("more")} />
    </section>
  );
}
