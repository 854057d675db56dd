"use client";
import { useInfiniteQuery, useMutation, useQueryClient } from "@tanstack/react-query";
import { useLocale, useTranslations } from "next-intl";

import { api, retryUnlessRefused } from "../../lib/apiClient.ts";
import { REVIEW_ROLES, shortHash, type KycQueuePage, type ReviewDecision, type Role } from "../../lib/compliance.ts";
import { Empty, Loading, LoadMore } from "../States.tsx";
import { ApiProblem } from "./access.tsx";
import { ReviewForm } from "./ReviewForm.tsx";

interface Review {
  userId: string;
  body: { status: ReviewDecision; reason?: string };
}

/** The KYC review queue (compliance officers): pending submissions, oldest first, each with its decision form. */
export function KycQueue({ role }: { role: Role | undefined }) {
  const t = useTranslations("compliance.queue");
  const locale = useLocale();
  const queryClient = useQueryClient();
  const queue = useInfiniteQuery({
    queryKey: ["kycQueue"],
    initialPageParam: undefined as string | undefined,
    retry: retryUnlessRefused,
    queryFn: ({ pageParam }) =>
      api<KycQueuePage>(`/compliance/kyc/queue?limit=50${pageParam ? `&after=${encodeURIComponent(pageParam)}` : ""}`, {
        auth: true,
      }),
    getNextPageParam: (last) => last.next_cursor ?? undefined,
  });
  const review = useMutation({
    mutationFn: ({ userId, body }: Review) =>
      api<{ status: string }>(`/compliance/kyc/${encodeURIComponent(userId)}/review`, { body, auth: true }),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: ["kycQueue"] }),
  });
  const items = queue.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <section className="card stack" aria-labelledby="kyc-queue-title" data-testid="kyc-queue">
      <h2 id="kyc-queue-title">{t("title")}</h2>
      <p className="small muted">{t("lead")}</p>
      {review.isSuccess ? (
        <p className="form-ok" role="status" data-testid="kyc-review-done">
          {t("review.done", { status: t(`review.${review.data.status === "verified" ? "verified" : "rejected"}`) })}
        </p>
      ) : null}
      {queue.isPending ? (
        <Loading />
      ) : queue.isError ? (
        <ApiProblem error={queue.error} roles={REVIEW_ROLES} role={role} retry={() => void queue.refetch()} />
      ) : items.length === 0 ? (
        <Empty>{t("empty")}</Empty>
      ) : (
        <ul className="proposal-list">
          {items.map((item) => {
            const mine = review.variables?.userId === item.user_id;
            return (
              <li key={item.user_id} className="card" data-testid={`kyc-queue-${item.user_id}`}>
                <dl className="quote">
                  <dt>{t("user")}</dt>
                  <dd className="mono" title={item.user_id}>
                    {shortHash(item.user_id, 8, 4)}
                  </dd>
                  <dt>{t("region")}</dt>
                  <dd>{item.region}</dd>
                  <dt>{t("reference")}</dt>
                  <dd className="mono break">{item.reference}</dd>
                  <dt>{t("submitted")}</dt>
                  <dd>{new Date(item.submitted_at).toLocaleString(locale)}</dd>
                </dl>
                <ReviewForm
                  label={t("review.label", { reference: item.reference })}
                  busy={review.isPending && mine}
                  {...(review.isError && mine ? { error: review.error } : {})}
                  onSubmit={(body) => review.mutate({ userId: item.user_id, body })}
                />
              </li>
            );
          })}
        </ul>
      )}
      <LoadMore query={queue} label={t("more")} />
    </section>
  );
}
