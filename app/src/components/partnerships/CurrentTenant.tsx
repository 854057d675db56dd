"use client";
import { useQuery } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import type { ReactNode } from "react";

import { api, ApiError } from "../../lib/apiClient.ts";
import {
  COLOUR_KEYS,
  isColour,
  isTenantDomain,
  previewColours,
  tenantToForm,
  type PublicTenant,
} from "../../lib/tenants.ts";
import { ErrorState, Loading } from "../States.tsx";
import styles from "./partnerships.module.css";
import { TenantPreview } from "./TenantPreview.tsx";

export const tenantByDomainKey = (domain: string | undefined) => ["tenant-by-domain", domain] as const;

/**
 * The public config of the tenant served on a domain (GET /tenants/by-domain/:domain, no sign-in):
 * null when no tenant is on it (404). Not asked for a host the API would refuse (localhost, an IP).
 */
export function useTenantByDomain(domain: string | undefined) {
  return useQuery({
    queryKey: tenantByDomainKey(domain),
    enabled: domain !== undefined && isTenantDomain(domain),
    queryFn: async (): Promise<PublicTenant | null> => {
      try {
        return await api<PublicTenant>(`/tenants/by-domain/${encodeURIComponent(domain!.trim().toLowerCase())}`);
      } catch (error) {
        if (error instanceof ApiError && error.status === 404) return null;
        throw error;
      }
    },
  });
}

/** A tenant's branding: name, slug, colours, assets, font and mode, and the preview. */
export function TenantCard({ tenant }: { tenant: PublicTenant }) {
  const t = useTranslations("partnerships.tenant");
  const tf = useTranslations("partnerships.tenantForm");
  const { theme } = tenant;
  return (
    <div className="stack" data-testid="tenant-card">
      <dl className={styles.dl}>
        <dt>{tf("fields.name")}</dt>
        <dd data-testid="tenant-name">{tenant.name}</dd>
        <dt>{tf("fields.slug")}</dt>
        <dd className="mono" data-testid="tenant-slug">
          {tenant.slug}
        </dd>
        {theme.mode ? (
          <>
            <dt>{tf("fields.mode")}</dt>
            <dd>{tf(`modes.${theme.mode}`)}</dd>
          </>
        ) : null}
        {theme.font ? (
          <>
            <dt>{tf("fields.fontFamily")}</dt>
            <dd>{theme.font.family}</dd>
          </>
        ) : null}
        {theme.logo_url ? (
          <>
            <dt>{tf("fields.logoUrl")}</dt>
            <dd className="mono small">{theme.logo_url}</dd>
          </>
        ) : null}
        {theme.favicon_url ? (
          <>
            <dt>{tf("fields.faviconUrl")}</dt>
            <dd className="mono small">{theme.favicon_url}</dd>
          </>
        ) : null}
      </dl>
      <ul className={styles.swatches} aria-label={t("colours")}>
        {COLOUR_KEYS.flatMap((key) => {
          const value = theme.colors[key];
          return value
            ? [
                <li key={key}>
                  <span
                    className={styles.swatch}
                    style={{ background: isColour(value) ? value : undefined }}
                    aria-hidden="true"
                  />
                  <span className="small">
                    {tf(`colours.${key}`)} <span className="mono">{value}</span>
                  </span>
                </li>,
              ]
            : [];
        })}
      </ul>
      <TenantPreview
        name={tenant.name}
        colours={previewColours(tenantToForm(tenant))}
        fontFamily={theme.font?.family}
      />
    </div>
  );
}

/**
 * Which tenant a domain is served as: its branding, or "no tenant: served as Peper" (404, or a host
 * that cannot carry a tenant, like localhost).
 */
export function TenantForDomain({
  domain,
  extra,
}: {
  domain: string | undefined;
  /** Shown under a tenant that was found (the admins' edit form). */
  extra?: (tenant: PublicTenant) => ReactNode;
}) {
  const t = useTranslations("partnerships.tenant");
  const query = useTenantByDomain(domain);
  let body: ReactNode;
  if (domain === undefined) body = <Loading />;
  else if (!isTenantDomain(domain)) {
    body = <p data-testid="tenant-none">{t("notADomain", { domain })}</p>;
  } else if (query.isPending) body = <Loading />;
  else if (query.isError) body = <ErrorState error={query.error} retry={() => void query.refetch()} />;
  else if (query.data === null) {
    body = <p data-testid="tenant-none">{t("none", { domain })}</p>;
  } else body = <TenantCard tenant={query.data} />;
  return (
    <div className="stack" data-testid="tenant-by-domain" data-domain={domain ?? ""}>
      {body}
      {query.data && extra ? extra(query.data) : null}
    </div>
  );
}
