"use client";
import { useQuery } from "@tanstack/react-query";
import { useLocale, useTranslations } from "next-intl";
import type { Address } from "viem";
import { usePublicClient } from "wagmi";

import { explorerTxUrl } from "../../config/explorers.ts";
import { useRuntime } from "../../hooks/useRuntime.ts";
import { shortHash } from "../../lib/compliance.ts";
import { certificateCourseId, type Certificate } from "../../lib/education.ts";
import { shortAddress } from "../nft/NftCard.tsx";
import { Empty, ErrorState, Loading } from "../States.tsx";
import { readCertificate } from "./certificateChain.ts";

/**
 * Your certificates: where each is in the API's minting queue (queued → submitted → minted, with the
 * transaction hash), and what the Certificates contract says — that the connected wallet holds it.
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

/** Reads the Certificates contract on the certificate's chain: does the connected wallet hold it? */
function OnChain({ certificate: c, account }: { certificate: Certificate; account: Address | undefined }) {
  const t = useTranslations("education.certificates");
  const runtime = useRuntime();
  const contract = runtime.deployments[c.chain_id]?.Certificates;
  const client = usePublicClient({ chainId: c.chain_id });
  const courseId = certificateCourseId(c.course.slug);
  const read = useQuery({
    queryKey: ["certificateOnChain", c.chain_id, contract, account, courseId],
    enabled: !!client && !!contract && !!account,
    refetchInterval: (query) => (query.state.data?.held ? false : 5_000),
    queryFn: () => readCertificate(client!, contract!, account!, courseId),
  });
  const testId = `certificate-onchain-${c.course.slug}`;
  let body;
  if (!account) body = <span className="muted">{t("connect")}</span>;
  else if (!contract) body = <span className="muted">{t("noContract", { chainId: c.chain_id })}</span>;
  else if (!client) body = <span className="muted">{t("unreadable", { chainId: c.chain_id })}</span>;
  else if (read.isPending) body = <span className="muted">{t("checking")}</span>;
  else if (read.isError) body = <ErrorState error={read.error} retry={() => void read.refetch()} />;
  else if (read.data.held) {
    body = (
      <span className="form-ok" data-held="true">
        {t("held", { id: read.data.tokenId.toString() })}
        {read.data.locked ? ` ${t("soulbound")}` : ""}
      </span>
    );
  } else {
    body = (
      <span className="muted" data-held="false">
        {c.recipient.toLowerCase() !== account.toLowerCase()
          ? t("otherWallet", { address: shortAddress(c.recipient) })
          : t("notHeld")}
      </span>
    );
  }
  return (
    <div className="small" data-testid={testId}>
      <strong>{t("onChain")}:</strong> {body}
    </div>
  );
}
