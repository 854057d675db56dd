"use client";
import { useTranslations } from "next-intl";
import type { UseQueryResult } from "@tanstack/react-query";
import type { ReactNode } from "react";

/** Loading, empty and error states, the same on every page. */
export function Loading({ label }: { label?: string }) {
  const t = useTranslations("states");
  return (
    <div className="state state-loading" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" />
      {label ?? t("loading")}
    </div>
  );
}

export function Empty({ children }: { children: ReactNode }) {
  return (
    <div className="state state-empty" role="status">
      {children}
    </div>
  );
}

export function ErrorState({ error, retry }: { error: unknown; retry?: () => void }) {
  const t = useTranslations("states");
  const message = error instanceof Error ? (error.message.split("\n")[0] ?? "") : String(error);
  return (
    <div className="state state-error" role="alert">
      <strong>{t("error")}</strong> <span>{message}</span>
      {retry ? (
        <button type="button" className="button-secondary" onClick={retry}>
          {t("retry")}
        </button>
      ) : null}
    </div>
  );
}

/**
 * A query's data, or the state in its place: `unavailable` (the source is not there, e.g. a contract
 * not deployed on this chain), loading, the error with a retry, or `empty` when `isEmpty(data)`.
 */
export function Queried<T>({
  query,
  unavailable,
  empty,
  isEmpty,
  children,
}: {
  query: Pick<UseQueryResult<T>, "isPending" | "isError" | "error" | "data" | "refetch">;
  /** Shown instead of everything else when set. */
  unavailable?: ReactNode;
  empty?: ReactNode;
  isEmpty?: (data: T) => boolean;
  children: (data: T) => ReactNode;
}) {
  if (unavailable) return <Empty>{unavailable}</Empty>;
  if (query.isPending) return <Loading />;
  if (query.isError) return <ErrorState error={query.error} retry={() => void query.refetch()} />;
  const data = query.data as T;
  if (empty !== undefined && isEmpty?.(data)) return <Empty>{empty}</Empty>;
  return <>{children(data)}</>;
}

/** "Load more" under a paged list, while the query has a next page. */
export function LoadMore({
  query,
  label,
}: {
  query: { hasNextPage: boolean; isFetchingNextPage: boolean; fetchNextPage: () => unknown };
  label: string;
}) {
  if (!query.hasNextPage) return null;
  return (
    <div className="button-row">
      <button
        type="button"
        className="button-secondary"
        disabled={query.isFetchingNextPage}
        onClick={() => void query.fetchNextPage()}
      >
        {label}
      </button>
    </div>
  );
}
