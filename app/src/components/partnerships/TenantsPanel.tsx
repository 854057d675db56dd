"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useId, useState } from "react";

import { RoleRequired } from "../account/RoleRequired.tsx";
import { SignInGate } from "../account/SignInGate.tsx";
import { useApiAccount } from "../../hooks/useApiAccount.ts";
import { useHostname } from "../../hooks/useLocation.ts";
import { api, isForbidden } from "../../lib/apiClient.ts";
import {
  formError,
  isColour,
  tenantToForm,
  type AdminTenant,
  type CreateTenantBody,
  type UpdateTenantBody,
} from "../../lib/tenants.ts";
import { RoleChanged } from "../compliance/access.tsx";
import { SignInPanel } from "../SignInPanel.tsx";
import { Empty, ErrorState, Loading } from "../States.tsx";
import { TenantForDomain } from "./CurrentTenant.tsx";
import { DomainLookupForm } from "./DomainLookupForm.tsx";
import styles from "./partnerships.module.css";
import { TenantForm } from "./TenantForm.tsx";

/** White-label tenants: the one this domain is served as, any domain's, and the admins' list and forms. */
export function TenantsPanel() {
  const t = useTranslations("partnerships.tenants");
  const hostname = useHostname();
  const [looked, setLooked] = useState<string>();
  const ids = { current: useId(), lookup: useId(), admin: useId() };
  return (
    <div className="stack">
      <div className="grid-halves">
        <section className="card stack" aria-labelledby={ids.current}>
          <h2 id={ids.current}>{t("currentTitle")}</h2>
          <p className="small muted">{t("currentLead", { domain: hostname ?? "…" })}</p>
          <TenantForDomain domain={hostname} />
        </section>
        <section className="card stack" aria-labelledby={ids.lookup}>
          <h2 id={ids.lookup}>{t("lookupTitle")}</h2>
          <DomainLookupForm onSubmit={setLooked} />
          {looked ? <TenantForDomain key={looked} domain={looked} /> : null}
        </section>
      </div>
      <section className="card stack" aria-labelledby={ids.admin}>
        <h2 id={ids.admin}>{t("adminTitle")}</h2>
        <TenantAdmin />
      </section>
    </div>
  );
}

/**
 * For admins (the role in the session, which the API checks): every tenant, and create, edit, delete.
 * Others: sign in, or the admin role is needed — or signing in again, when the account is admin now.
 */
function TenantAdmin() {
  const t = useTranslations("partnerships.tenants");
  const { signedIn, role, me } = useApiAccount();
  const current = me.data?.user_profile.role;
  if (!signedIn) {
    return (
      <>
        <p className="small muted">{t("adminSignIn")}</p>
        <SignInGate label={t("adminGate")} hint={t("adminSignIn")} testId="tenants-gate">
          <SignInPanel />
        </SignInGate>
      </>
    );
  }
  if (role !== "admin") {
    const stale = current === "admin";
    return (
      <>
        <SignInPanel />
        {stale ? null : <RoleChanged current={current} session={role} />}
        {stale ? (
          <p className="form-warning" data-testid="admin-needed">
            {t("adminStale")}
          </p>
        ) : (
          <RoleRequired roles={["admin"]} role={role} email={me.data?.user_profile.email} testId="admin-needed" />
        )}
      </>
    );
  }
  return (
    <>
      <SignInPanel />
      <RoleChanged current={current} session={role} />
      <TenantList />
    </>
  );
}

function TenantList() {
  const t = useTranslations("partnerships.tenants");
  const queryClient = useQueryClient();
  const [editing, setEditing] = useState<string>();
  const [creating, setCreating] = useState(false);
  const [confirmDelete, setConfirmDelete] = useState<string>();
  const [notice, setNotice] = useState<string>();
  const refresh = () => {
    void queryClient.invalidateQueries({ queryKey: ["tenants"] });
    void queryClient.invalidateQueries({ queryKey: ["tenant-by-domain"] });
  };
  const list = useQuery({
    queryKey: ["tenants"],
    queryFn: () => api<{ tenants: AdminTenant[] }>("/tenants", { auth: true }),
  });
  const create = useMutation({
    mutationFn: (body: CreateTenantBody) => api<AdminTenant>("/tenants", { body, auth: true }),
    onSuccess: (tenant) => {
      setCreating(false);
      setNotice(t("created", { name: tenant.name }));
      refresh();
    },
  });
  const update = useMutation({
    mutationFn: ({ slug, body }: { slug: string; body: UpdateTenantBody }) =>
      api<AdminTenant>(`/tenants/${slug}`, { method: "PATCH", body, auth: true }),
    onSuccess: (tenant) => {
      setEditing(undefined);
      setNotice(t("updated", { name: tenant.name }));
      refresh();
    },
  });
  const remove = useMutation({
    mutationFn: (slug: string) => api<undefined>(`/tenants/${slug}`, { method: "DELETE", auth: true }),
    onSuccess: (_, slug) => {
      setConfirmDelete(undefined);
      setNotice(t("deleted", { slug }));
      refresh();
    },
  });
  if (list.isPending) return <Loading />;
  if (list.isError) {
    if (isForbidden(list.error)) {
      return (
        <p className="form-warning" data-testid="admin-needed">
          {t("adminStale")}
        </p>
      );
    }
    return <ErrorState error={list.error} retry={() => void list.refetch()} />;
  }
  const tenants = list.data.tenants;
  const editingTenant = tenants.find((x) => x.slug === editing);
  return (
    <div className="stack">
      {notice ? (
        <p className="form-ok" role="status" data-testid="tenant-notice">
          {notice}
        </p>
      ) : null}
      {tenants.length === 0 ? (
        <Empty>{t("empty")}</Empty>
      ) : (
        <div className="table-wrap">
          <table className="table" data-testid="tenant-list">
            <caption className="sr-only">{t("listCaption")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("name")}</th>
                <th scope="col">{t("slug")}</th>
                <th scope="col">{t("domain")}</th>
                <th scope="col">{t("primary")}</th>
                <th scope="col">
                  <span className="sr-only">{t("actions")}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {tenants.map((x) => (
                <tr key={x.id} data-testid={`tenant-row-${x.slug}`}>
                  <th scope="row">{x.name}</th>
                  <td className="mono">{x.slug}</td>
                  <td className="mono">{x.domain ?? <span className="muted">{t("noDomain")}</span>}</td>
                  <td>
                    <span
                      className={styles.swatch}
                      style={{ background: isColour(x.theme.colors.primary) ? x.theme.colors.primary : undefined }}
                      aria-hidden="true"
                    />{" "}
                    <span className="mono small">{x.theme.colors.primary}</span>
                  </td>
                  <td>
                    {confirmDelete === x.slug ? (
                      <div className="button-row">
                        <button type="button" disabled={remove.isPending} onClick={() => remove.mutate(x.slug)}>
                          {remove.isPending ? t("working") : t("deleteYes", { slug: x.slug })}
                        </button>
                        <button type="button" className="button-secondary" onClick={() => setConfirmDelete(undefined)}>
                          {t("cancel")}
                        </button>
                      </div>
                    ) : (
                      <div className="button-row">
                        <button
                          type="button"
                          className="button-secondary"
                          aria-label={t("editLabel", { slug: x.slug })}
                          onClick={() => {
                            update.reset();
                            setCreating(false);
                            setEditing(x.slug);
                          }}
                        >
                          {t("edit")}
                        </button>
                        <button
                          type="button"
                          className="button-secondary"
                          aria-label={t("deleteLabel", { slug: x.slug })}
                          onClick={() => {
                            remove.reset();
                            setConfirmDelete(x.slug);
                          }}
                        >
                          {t("delete")}
                        </button>
                      </div>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {remove.isError ? <ErrorState error={remove.error} /> : null}
      {editingTenant ? (
        <TenantForm
          key={editingTenant.id}
          mode="edit"
          withDomain
          initial={tenantToForm(editingTenant)}
          busy={update.isPending}
          error={formError(update.error)}
          onSubmit={(body) => update.mutate({ slug: editingTenant.slug, body })}
          onCancel={() => setEditing(undefined)}
        />
      ) : creating ? (
        <TenantForm
          mode="create"
          busy={create.isPending}
          error={formError(create.error)}
          onSubmit={(body) => create.mutate(body)}
          onCancel={() => {
            setCreating(false);
            create.reset();
          }}
        />
      ) : (
        <div className="button-row">
          <button
            type="button"
            onClick={() => {
              create.reset();
              setNotice(undefined);
              setCreating(true);
            }}
          >
            {t("new")}
          </button>
        </div>
      )}
    </div>
  );
}
