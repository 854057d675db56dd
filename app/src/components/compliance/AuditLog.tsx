"use client";
import { keepPreviousData, useMutation, useQuery } from "@tanstack/react-query";
import { useLocale, useTranslations } from "next-intl";
import { useId, useState, type FormEvent } from "react";

import { api, retryUnlessRefused } from "../../lib/apiClient.ts";
import {
  AUDIT_ROLES,
  auditPath,
  checkAuditFilter,
  shortHash,
  type AuditPage,
  type AuditVerification,
  type Role,
} from "../../lib/compliance.ts";
import { Empty, Loading } from "../States.tsx";
import { ApiProblem } from "./access.tsx";

const PAGE = 25;

/**
 * The audit log (compliance officers and admins): pages of entries in order (pseudonymous actor,
 * action, target, time, hash), filtered by actor or action, and the verification of the hash chain.
 */
export function AuditLog({ role }: { role: Role | undefined }) {
  const t = useTranslations("compliance.audit");
  const locale = useLocale();
  const ids = { actor: useId(), action: useId() };
  const [actor, setActor] = useState("");
  const [action, setAction] = useState("");
  const [filter, setFilter] = useState<{ actor?: string; action?: string }>({});
  const [filterError, setFilterError] = useState<"actorInvalid" | "actionInvalid">();
  /** The `after_seq` of each page opened so far; the last is the page shown. */
  const [starts, setStarts] = useState<number[]>([0]);
  const after = starts[starts.length - 1] ?? 0;
  const page = useQuery({
    queryKey: ["audit", after, filter],
    retry: retryUnlessRefused,
    placeholderData: keepPreviousData,
    queryFn: () => api<AuditPage>(auditPath(after, PAGE, filter), { auth: true }),
  });
  const verify = useMutation({
    mutationFn: () => api<AuditVerification>("/compliance/audit/verify", { auth: true }),
  });
  const applyFilter = (e: FormEvent) => {
    e.preventDefault();
    const check = checkAuditFilter(actor, action);
    if (!check.ok) {
      setFilterError(check.key);
      return;
    }
    setFilterError(undefined);
    setFilter(check.filter);
    setStarts([0]);
  };
  const entries = page.data?.entries ?? [];
  const v = verify.data;
  return (
    <section className="card stack" aria-labelledby="audit-title" data-testid="audit-log">
      <div className="section-head">
        <h2 id="audit-title">{t("title")}</h2>
        <button type="button" disabled={verify.isPending} onClick={() => verify.mutate()}>
          {verify.isPending ? t("verifying") : t("verify")}
        </button>
      </div>
      <p className="small muted">{t("lead")}</p>
      {verify.isError ? (
        <ApiProblem error={verify.error} roles={AUDIT_ROLES} role={role} />
      ) : v ? (
        <p
          className={v.ok ? "form-ok" : "form-error"}
          role="status"
          data-testid="audit-verify-result"
          data-intact={v.ok ? "true" : "false"}
        >
          {v.ok || !v.problem
            ? t("intact", { entries: v.entries, hash: v.head_hash ? shortHash(v.head_hash, 12, 8) : "—" })
            : t("broken", { seq: v.problem.seq, message: v.problem.message, entries: v.entries })}
        </p>
      ) : null}
      <form className="field-row" onSubmit={applyFilter} noValidate aria-label={t("filters")}>
        <div className="field">
          <label htmlFor={ids.actor}>{t("actorFilter")}</label>
          <input
            id={ids.actor}
            value={actor}
            spellCheck={false}
            autoComplete="off"
            placeholder="u_…"
            onChange={(e) => setActor(e.target.value)}
            aria-invalid={filterError === "actorInvalid" ? true : undefined}
          />
        </div>
        <div className="field">
          <label htmlFor={ids.action}>{t("actionFilter")}</label>
          <input
            id={ids.action}
            value={action}
            spellCheck={false}
            autoComplete="off"
            placeholder="kyc.review"
            onChange={(e) => setAction(e.target.value)}
            aria-invalid={filterError === "actionInvalid" ? true : undefined}
          />
        </div>
        <button type="submit" className="button-secondary">
          {t("filter")}
        </button>
      </form>
      {filterError ? (
        <p className="field-error" role="alert">
          {t(filterError)}
        </p>
      ) : null}
      {page.isPending ? (
        <Loading />
      ) : page.isError ? (
        <ApiProblem error={page.error} roles={AUDIT_ROLES} role={role} retry={() => void page.refetch()} />
      ) : entries.length === 0 ? (
        <Empty>{t("empty")}</Empty>
      ) : (
        <div className="table-wrap">
          <table className="table small" aria-busy={page.isFetching ? true : undefined}>
            <caption>{t("caption", { from: entries[0]!.seq, to: entries[entries.length - 1]!.seq })}</caption>
            <thead>
              <tr>
                <th scope="col">{t("seq")}</th>
                <th scope="col">{t("time")}</th>
                <th scope="col">{t("actor")}</th>
                <th scope="col">{t("action")}</th>
                <th scope="col">{t("hash")}</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((e) => (
                <tr key={e.seq} data-testid="audit-entry">
                  <td>{e.seq}</td>
                  <td>{new Date(e.at).toLocaleString(locale)}</td>
                  <td className="mono" title={e.actor}>
                    {shortHash(e.actor, 8, 4)}
                  </td>
                  <td className="mono">{e.action}</td>
                  <td className="mono" title={e.hash}>
                    {shortHash(e.hash, 8, 6)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <div className="button-row">
        <button
          type="button"
          className="button-secondary"
          disabled={starts.length <= 1 || page.isFetching}
          onClick={() => setStarts(starts.slice(0, -1))}
        >
          {t("previous")}
        </button>
        <button
          type="button"
          className="button-secondary"
          disabled={page.data?.next_after_seq == null || page.isFetching}
          onClick={() => {
            const next = page.data?.next_after_seq;
            if (next != null) setStarts([...starts, next]);
          }}
        >
          {t("next")}
        </button>
      </div>
    </section>
  );
}
