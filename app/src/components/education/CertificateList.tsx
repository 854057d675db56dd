"use client";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useLocale, useTranslations } from "next-intl";
import type { Address } from "viem";
import { usePublicClient } from "wagmi";

import { explorerTxUrl } from "../../config/explorers.ts";
import { useRuntime } from "../../hooks/useRuntime.ts";
import { shortHash } from "../../lib/compliance.ts";
import {
  CHAIN_CHECK,
  chainCheckable,
  chainCheckInterval,
  certificateCourseId,
  type Certificate,
} from "../../lib/education.ts";
import { shortAddress } from "../../lib/format.ts";
import { Empty, ErrorState, Loading } from "../States.tsx";
import { readCertificate } from "./certificateChain.ts";

/**
 * Your certificates: where each is in the API's minting queue (queued → submitted → minted, with the
 * transaction hash), and what the Certificates contract says once it is minted — that its recipient
 * holds it.
 */
export function CertificateList({
  query,
  account,
}: {
  query: {
    isPending: boolean;
    isError: boolean;
    error: unknown;
    data: { certificates: Certificate[] } | undefined;
    refetch: () => unknown;
  };
  account: Address | undefined;
}) {
  const t = useTranslations("education.certificates");
  const locale = useLocale();
  const time = (iso: string) => new Date(iso).toLocaleString(locale);
  return (
    <section className="card stack" aria-labelledby="certificates-title" data-testid="certificates">
      <h2 id="certificates-title">{t("title")}</h2>
      {query.isPending ? (
        <Loading />
      ) : query.isError ? (
        <ErrorState error={query.error} retry={() => void query.refetch()} />
      ) : !query.data || query.data.certificates.length === 0 ? (
        <Empty>{t("empty")}</Empty>
      ) : (
        <ul className="proposal-list">
          {query.data.certificates.map((c) => {
            const tx = c.tx_hash ? explorerTxUrl(c.chain_id, c.tx_hash) : undefined;
            return (
              <li key={c.id} className="card stack" data-testid={`certificate-${c.course.slug}`}>
                <div className="proposal-head">
                  <strong className="proposal-title">{c.course.title}</strong>
                  <span
                    className={`badge ${c.status === "confirmed" ? "badge-active" : c.status === "failed" ? "badge-defeated" : "badge-queued"}`}
                    data-testid={`certificate-status-${c.course.slug}`}
                  >
                    {t(`status.${c.status}`)}
                  </span>
                </div>
                <dl className="quote small">
                  <dt>{t("recipient")}</dt>
                  <dd className="mono" title={c.recipient}>
                    {shortAddress(c.recipient)}
                  </dd>
                  {c.tx_hash ? (
                    <>
                      <dt>{t("tx")}</dt>
                      <dd className="mono break" data-testid={`certificate-tx-${c.course.slug}`} title={c.tx_hash}>
                        {tx ? (
                          <a href={tx} target="_blank" rel="noopener noreferrer">
                            {shortHash(c.tx_hash, 12, 8)}
                          </a>
                        ) : (
                          shortHash(c.tx_hash, 12, 8)
                        )}
                      </dd>
                    </>
                  ) : null}
                  {c.token_id ? (
                    <>
                      <dt>{t("token")}</dt>
                      <dd>#{c.token_id}</dd>
                    </>
                  ) : null}
                  {c.next_attempt_at && c.status === "queued" ? (
                    <>
                      <dt>{t("nextAttempt")}</dt>
                      <dd>{time(c.next_attempt_at)}</dd>
                    </>
                  ) : null}
                </dl>
                {c.last_error ? (
                  <p className="small form-warning">
                    {t("lastError", { attempts: c.attempts, message: c.last_error })}
                  </p>
                ) : null}
                <OnChain certificate={c} account={account} />
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}

/**
 * Reads the Certificates contract on the certificate's chain: does its recipient hold it? Asked only
 * once the API reports it minted, every 5 s until it is seen, at most CHAIN_CHECK.tries times; then
 * a button asks again.
 */
function OnChain({ certificate: c, account }: { certificate: Certificate; account: Address | undefined }) {
  const t = useTranslations("education.certificates");
  const queryClient = useQueryClient();
  const runtime = useRuntime();
  const contract = runtime.deployments[c.chain_id]?.Certificates;
  const client = usePublicClient({ chainId: c.chain_id });
  const courseId = certificateCourseId(c.course.slug);
  const recipient = c.recipient as Address;
  const checkable = chainCheckable(c.status);
  const queryKey = ["certificateOnChain", c.chain_id, contract, recipient.toLowerCase(), courseId];
  const tries = (state: { dataUpdateCount: number; errorUpdateCount: number }) =>
    state.dataUpdateCount + state.errorUpdateCount;
  const read = useQuery({
    queryKey,
    enabled: !!client && !!contract && checkable,
    refetchInterval: (query) => chainCheckInterval({ held: query.state.data?.held, tries: tries(query.state) }),
    queryFn: () => readCertificate(client!, contract!, recipient, courseId),
  });
  const fetching = read.isFetching;
  const mine = !!account && recipient.toLowerCase() === account.toLowerCase();
  const testId = `certificate-onchain-${c.course.slug}`;
  let body;
  if (!contract) body = <span className="muted">{t("noContract", { chainId: c.chain_id })}</span>;
  else if (!client) body = <span className="muted">{t("unreadable", { chainId: c.chain_id })}</span>;
  else if (c.status === "failed") body = <span className="muted">{t("failedMint")}</span>;
  else if (!checkable) body = <span className="muted">{t("afterMint")}</span>;
  else if (read.isPending) body = <span className="muted">{t("checking")}</span>;
  else if (read.isError) body = <ErrorState error={read.error} retry={() => void read.refetch()} />;
  else if (read.data.held) {
    const id = read.data.tokenId.toString();
    body = (
      <span className="form-ok" data-held="true">
        {mine ? t("held", { id }) : t("heldBy", { id, address: shortAddress(c.recipient) })}
        {read.data.locked ? ` ${t("soulbound")}` : ""}
      </span>
    );
  } else {
    const state = queryClient.getQueryState(queryKey);
    const gaveUp = !fetching && !!state && chainCheckInterval({ held: false, tries: tries(state) }) === false;
    body = (
      <>
        <span className="muted" data-held="false">
          {mine ? t("notHeld") : t("otherWallet", { address: shortAddress(c.recipient) })}
        </span>
        {gaveUp ? (
          <>
            {" "}
            <span className="muted">{t("notFound", { tries: CHAIN_CHECK.tries })}</span>{" "}
            <button
              type="button"
              className="button-secondary"
              onClick={() => void queryClient.resetQueries({ queryKey, exact: true })}
            >
              {t("checkAgain")}
            </button>
          </>
        ) : null}
      </>
    );
  }
  return (
    <div className="small" data-testid={testId}>
      <strong>{t("onChain")}:</strong> {body}
    </div>
  );
}
