"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import dynamic from "next/dynamic";
import { useTranslations } from "next-intl";

import { useRuntime } from "../../hooks/useRuntime.ts";
import { api, isForbidden } from "../../lib/apiClient.ts";
import { allows, AUTHOR_ROLES, type Role } from "../../lib/compliance.ts";
import type { Course, CreateCourseBody } from "../../lib/education.ts";
import { ApiProblem } from "../compliance/access.tsx";
import { RoleRequired } from "../account/RoleRequired.tsx";
import { Loading } from "../States.tsx";

// The form itself only for the roles that may use it (educators and admins), loaded when shown.
const CreateCourseForm = dynamic(() => import("./CreateCourseForm.tsx").then((m) => m.CreateCourseForm), {
  loading: () => <Loading />,
});

/**
 * For educators and admins: create a course as a draft (POST /education/create-vr-course), then
 * publish it (POST /education/courses/:id/publish). Others read which role it needs.
 */
export function CreateCoursePanel({
  signedIn,
  role,
  preferredChainId,
}: {
  signedIn: boolean;
  role: Role | undefined;
  preferredChainId: number;
}) {
  const t = useTranslations("education.create");
  const runtime = useRuntime();
  const queryClient = useQueryClient();
  const chains = runtime.chains
    .filter((c) => runtime.deployments[c.chainId]?.Certificates)
    .sort((a, b) => Number(b.chainId === preferredChainId) - Number(a.chainId === preferredChainId))
    .map((c) => ({ chainId: c.chainId, name: c.name }));
  const create = useMutation({
    mutationFn: (body: CreateCourseBody) => api<Course>("/education/create-vr-course", { body, auth: true }),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: ["courses"] }),
  });
  const publish = useMutation({
    mutationFn: (id: string) => api<Course>(`/education/courses/${id}/publish`, { method: "POST", auth: true }),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: ["courses"] }),
  });
  const allowed = signedIn && allows(role, AUTHOR_ROLES);
  return (
    <section className="card stack" aria-labelledby="create-course-title" data-testid="create-course">
      <h2 id="create-course-title">{t("title")}</h2>
      {!allowed ? (
        <RoleRequired roles={AUTHOR_ROLES} role={signedIn ? role : undefined} testId="create-course-role" />
      ) : (
        <>
          <p className="small muted">{t("lead")}</p>
          {chains.length === 0 ? <p className="form-warning">{t("noChain")}</p> : null}
          {create.data ? (
            <div className="stack" role="status">
              {publish.data ? (
                <p className="form-ok" data-testid="course-published">
                  {t("published", { title: publish.data.title })}
                </p>
              ) : (
                <p className="form-ok" data-testid="course-created">
                  {t("created", { title: create.data.title })}
                </p>
              )}
              <div className="button-row">
                {!publish.data ? (
                  <button
                    type="button"
                    disabled={publish.isPending}
                    onClick={() => create.data && publish.mutate(create.data.id)}
                  >
                    {publish.isPending ? t("publishing") : t("publish")}
                  </button>
                ) : null}
                <button
                  type="button"
                  className="button-secondary"
                  onClick={() => {
                    publish.reset();
                    create.reset();
                  }}
                >
                  {t("another")}
                </button>
              </div>
              {publish.isError ? <ApiProblem error={publish.error} roles={AUTHOR_ROLES} role={role} /> : null}
            </div>
          ) : (
            <>
              {create.isError && isForbidden(create.error) ? (
                <ApiProblem error={create.error} roles={AUTHOR_ROLES} role={role} />
              ) : null}
              <CreateCourseForm
                chains={chains}
                busy={create.isPending}
                {...(create.isError && !isForbidden(create.error) ? { error: create.error } : {})}
                onSubmit={(body) => create.mutate(body)}
              />
            </>
          )}
        </>
      )}
    </section>
  );
}
