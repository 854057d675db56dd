"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useId, useState } from "react";

import { useHostname } from "../../hooks/useLocation.ts";
import { api } from "../../lib/apiClient.ts";
import {
  formError,
  tenantToForm,
  type AdminTenant,
  type PublicTenant,
  type UpdateTenantBody,
} from "../../lib/tenants.ts";
import { TenantForDomain, tenantByDomainKey } from "../partnerships/CurrentTenant.tsx";
import { TenantForm } from "../partnerships/TenantForm.tsx";

/**
 * White-label settings: the tenant this deployment is served as (by this page's domain), and for
 * admins, its name and theme to edit (PATCH /tenants/:slug; the domain stays).
 */
export function WhiteLabelPanel({ admin }: { admin: boolean }) {
  const t = useTranslations("institutional.whiteLabel");
  const hostname = useHostname();
  const headingId = useId();
  return (
    <section className="card stack" aria-labelledby={headingId} data-testid="white-label">
      <h2 id={headingId}>{t("title")}</h2>
      <p className="small muted">{t("lead", { domain: hostname ?? "…" })}</p>
      <TenantForDomain
        domain={hostname}
        extra={admin ? (tenant) => <EditTenant tenant={tenant} domain={hostname!} /> : undefined}
      />
      <p className="small muted">{admin ? t("adminNote") : t("viewerNote")}</p>
    </section>
  );
}

function EditTenant({ tenant, domain }: { tenant: PublicTenant; domain: string }) {
  const t = useTranslations("institutional.whiteLabel");
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const update = useMutation({
    mutationFn: (body: UpdateTenantBody) =>
      api<AdminTenant>(`/tenants/${tenant.slug}`, { method: "PATCH", body, auth: true }),
    onSuccess: () => {
      setOpen(false);
      void queryClient.invalidateQueries({ queryKey: tenantByDomainKey(domain) });
      void queryClient.invalidateQueries({ queryKey: ["tenants"] });
    },
  });
  if (!open) {
    return (
      <div className="button-row">
        <button type="button" className="button-secondary" onClick={() => setOpen(true)}>
          {t("edit")}
        </button>
        {update.isSuccess ? (
          <span className="form-ok" role="status">
            {t("saved")}
          </span>
        ) : null}
      </div>
    );
  }
  return (
    <TenantForm
      mode="edit"
      withDomain={false}
      initial={tenantToForm(tenant)}
      busy={update.isPending}
      error={formError(update.error)}
      onSubmit={(body) => update.mutate(body)}
      onCancel={() => {
        setOpen(false);
        update.reset();
      }}
    />
  );
}
