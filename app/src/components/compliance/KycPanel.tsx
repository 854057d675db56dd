"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useLocale, useTranslations } from "next-intl";

import { api, retryUnlessRefused } from "../../lib/apiClient.ts";
import type { KycView } from "../../lib/compliance.ts";
import { Stat, Stats } from "../Stat.tsx";
import { ErrorState, Loading } from "../States.tsx";
import { KycForm } from "./KycForm.tsx";

/** Your KYC status (GET /compliance/kyc) and the submission of your provider's case reference. */
export function KycPanel({ signedIn, address }: { signedIn: boolean; address: string | undefined }) {
  const t = useTranslations("compliance.kyc");
  const locale = useLocale();
  const queryClient = useQueryClient();
  const key = ["kyc", address?.toLowerCase()];
  const kyc = useQuery({
    queryKey: key,
    enabled: signedIn,
    retry: retryUnlessRefused,
    queryFn: () => api<KycView>("/compliance/kyc", { auth: true }),
  });
  const submit = useMutation({
    mutationFn: (reference: string) => api<KycView>("/compliance/kyc/submit", { body: { reference }, auth: true }),
    onSuccess: (view) => {
      queryClient.setQueryData(key, view);
      void queryClient.invalidateQueries({ queryKey: ["me"] });
    },
  });
  const time = (iso: string) => new Date(iso).toLocaleString(locale);
  return (
    <section className="card stack" aria-labelledby="kyc-title">
      <h2 id="kyc-title">{t("title")}</h2>
      <p className="small muted">{t("why")}</p>
      {!signedIn ? (
        <p className="form-warning">{t("signInFirst")}</p>
      ) : kyc.isPending ? (
        <Loading />
      ) : kyc.isError ? (
        <ErrorState error={kyc.error} retry={() => void kyc.refetch()} />
      ) : (
        <>
          <Stats label={t("title")}>
            <Stat label={t("status")} testId="kyc-status">
              <span className="badge">{t(`states.${kyc.data.status}`)}</span>
            </Stat>
            {kyc.data.reference ? (
              <Stat label={t("reference")}>
                <span className="mono break">{kyc.data.reference}</span>
              </Stat>
            ) : null}
            {kyc.data.updated_at ? <Stat label={t("updated")}>{time(kyc.data.updated_at)}</Stat> : null}
            {kyc.data.reviewed_at ? <Stat label={t("reviewed")}>{time(kyc.data.reviewed_at)}</Stat> : null}
          </Stats>
          {kyc.data.reason ? (
            <p data-testid="kyc-reason">
              {t("reason")}: {kyc.data.reason}
            </p>
          ) : null}
          {submit.isSuccess ? (
            <p className="form-ok" role="status">
              {t("form.submitted")}
            </p>
          ) : null}
          {kyc.data.status !== "verified" ? (
            <KycForm
              key={kyc.data.updated_at ?? "new"}
              status={kyc.data.status}
              busy={submit.isPending}
              {...(submit.isError ? { error: submit.error } : {})}
              onSubmit={(reference) => submit.mutate(reference)}
            />
          ) : null}
        </>
      )}
    </section>
  );
}
