"use client";
import { useQuery } from "@tanstack/react-query";
import { useLocale, useTranslations } from "next-intl";
import { useId, useState } from "react";
import * as v from "valibot";

import { integerLike, querySubgraph, SubgraphError } from "../../data/subgraph.ts";
import { useOrigin } from "../../hooks/useLocation.ts";
import { useActiveChain, useRuntime } from "../../hooks/useRuntime.ts";
import { Empty, Loading } from "../States.tsx";
import { CopyButton } from "./CopyButton.tsx";
import styles from "./partnerships.module.css";

/** The oracle contracts a partner reads: prices, AI decisions, the optimiser's portfolio. */
export const ORACLE_FEEDS = ["PriceFeed", "DecisionFeed", "PortfolioFeed"] as const;

const META_QUERY = /* GraphQL */ `
  query IntegrationMeta {
    _meta {
      block {
        number
      }
    }
  }
`;

/**
 * What a partner needs to integrate with Peper on a chain, from what the app serves: the contract
 * addresses of the deployment (runtime config), the oracle feeds, the API and its OpenAPI document,
 * the JSON-RPC read proxy and the chain's subgraph endpoint (with whether it answers).
 */
export function IntegrationPanel() {
  const t = useTranslations("partnerships.integration");
  const runtime = useRuntime();
  const active = useActiveChain();
  const origin = useOrigin() ?? "";
  const ids = { chain: useId(), endpoints: useId(), feeds: useId(), contracts: useId() };
  const [picked, setPicked] = useState<number>();
  const chainId = picked ?? active.chainId;
  const chain = runtime.chains.find((c) => c.chainId === chainId);
  const deployment = runtime.deployments[chainId] ?? {};
  const names = Object.keys(deployment).sort((a, b) => a.localeCompare(b));
  const explorer = (address: string) => (chain?.explorerUrl ? `${chain.explorerUrl}/address/${address}` : undefined);

  return (
    <div className="stack" data-testid="integration" data-chain-id={chainId}>
      <section className="card stack" aria-labelledby={ids.chain}>
        <h2 id={ids.chain}>{t("chainTitle")}</h2>
        <div className="field">
          <label htmlFor={`${ids.chain}-select`}>{t("chain")}</label>
          <select id={`${ids.chain}-select`} value={chainId} onChange={(e) => setPicked(Number(e.target.value))}>
            {runtime.chains.map((c) => (
              <option key={c.chainId} value={c.chainId}>
                {c.name} ({c.chainId})
              </option>
            ))}
          </select>
          <span className="small muted">{chainId === active.chainId ? t("activeChain") : t("otherChain")}</span>
        </div>
        <dl className={styles.dl}>
          <dt>{t("chainId")}</dt>
          <dd className="mono" data-testid="integration-chain-id">
            {chainId}
          </dd>
          <dt>{t("kind")}</dt>
          <dd>{chain ? t(`kinds.${chain.kind}`) : "—"}</dd>
          {chain?.explorerUrl ? (
            <>
              <dt>{t("explorer")}</dt>
              <dd>
                <a href={chain.explorerUrl} rel="noreferrer" target="_blank">
                  {chain.explorerUrl}
                </a>
              </dd>
            </>
          ) : null}
        </dl>
      </section>

      <section className="card stack" aria-labelledby={ids.endpoints}>
        <h2 id={ids.endpoints}>{t("endpointsTitle")}</h2>
        <dl className={styles.dl}>
          <dt>{t("api")}</dt>
          <dd>
            <Copyable value={`${origin}/api/v5`} label={t("copyApi")} testId="endpoint-api" />
            <p className="small muted">
              {t("apiNote")} {/* the API's own documents (proxied), not pages of this app */}
              {/* eslint-disable-next-line @next/next/no-html-link-for-pages */}
              <a href="/api/v5/docs" data-testid="openapi-docs">
                {t("openapiDocs")}
              </a>{" "}
              · {/* eslint-disable-next-line @next/next/no-html-link-for-pages */}
              <a href="/api/v5/docs/json">{t("openapiJson")}</a>
            </p>
          </dd>
          <dt>{t("subgraph")}</dt>
          <dd>
            <Copyable value={`${origin}/subgraph/${chainId}`} label={t("copySubgraph")} testId="endpoint-subgraph" />
            <SubgraphStatus chainId={chainId} />
          </dd>
          <dt>{t("rpc")}</dt>
          <dd>
            <Copyable value={`${origin}/rpc/${chainId}`} label={t("copyRpc")} testId="endpoint-rpc" />
            <p className="small muted">{t("rpcNote")}</p>
          </dd>
        </dl>
      </section>

      <section className="card stack" aria-labelledby={ids.feeds}>
        <h2 id={ids.feeds}>{t("feedsTitle")}</h2>
        <p className="small muted">{t("feedsLead")}</p>
        <dl className={styles.dl}>
          {ORACLE_FEEDS.map((name) => {
            const address = deployment[name];
            return (
              <div key={name} style={{ display: "contents" }}>
                <dt>{name}</dt>
                <dd>
                  {address ? (
                    <Copyable
                      value={address}
                      label={t("copyAddress", { name })}
                      testId={`feed-${name}`}
                      href={explorer(address)}
                    />
                  ) : (
                    <span className="muted">{t("notDeployed")}</span>
                  )}
                  <p className="small muted">{t(`feeds.${name}`)}</p>
                </dd>
              </div>
            );
          })}
        </dl>
      </section>

      <section className="card stack" aria-labelledby={ids.contracts}>
        <h2 id={ids.contracts}>{t("contractsTitle")}</h2>
        {names.length === 0 ? (
          <Empty>{t("noDeployment", { chain: chain?.name ?? String(chainId) })}</Empty>
        ) : (
          <>
            <p className="small muted">{t("contractsLead")}</p>
            <div className="table-wrap">
              <table className="table" data-testid="contract-addresses">
                <caption className="sr-only">{t("contractsTitle")}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t("contract")}</th>
                    <th scope="col">{t("address")}</th>
                  </tr>
                </thead>
                <tbody>
                  {names.map((name) => (
                    <tr key={name}>
                      <th scope="row">{name}</th>
                      <td>
                        <Copyable
                          value={deployment[name]!}
                          label={t("copyAddress", { name })}
                          testId={`contract-${name}`}
                          href={explorer(deployment[name]!)}
                        />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </>
        )}
      </section>
    </div>
  );
}

/** A value in monospace with a copy button (and an explorer link when there is one). */
function Copyable({
  value,
  label,
  testId,
  href,
}: {
  value: string;
  label: string;
  testId: string;
  href?: string | undefined;
}) {
  const t = useTranslations("partnerships.integration");
  return (
    <span className={styles.addressRow}>
      <code className={styles.address} data-testid={testId}>
        {value}
      </code>
      <CopyButton text={value} label={label} />
      {href ? (
        <a className="small" href={href} rel="noreferrer" target="_blank">
          {t("onExplorer")}
        </a>
      ) : null}
    </span>
  );
}

const META = v.object({ _meta: v.object({ block: v.object({ number: integerLike }) }) });

/** Whether the chain's subgraph answers, and the block it has indexed. */
function SubgraphStatus({ chainId }: { chainId: number }) {
  const t = useTranslations("partnerships.integration");
  const errors = useTranslations("analytics.errors");
  const locale = useLocale();
  const meta = useQuery({
    queryKey: ["integration-subgraph", chainId],
    retry: false,
    queryFn: () => querySubgraph(chainId, META_QUERY, META),
  });
  if (meta.isPending) return <Loading label={t("subgraphChecking")} />;
  if (meta.isError) {
    const e = meta.error;
    const kind = e instanceof SubgraphError ? e.kind : "http";
    // a partner checks SUBGRAPH_URL here: an answer of the wrong shape or a refused query is not "down"
    return (
      <p className="small form-warning" data-testid="subgraph-status">
        {kind === "not-configured"
          ? t("subgraphNone")
          : kind === "unavailable"
            ? t("subgraphDown")
            : `${errors(kind)} (${e instanceof SubgraphError ? e.detail : e.message})`}
      </p>
    );
  }
  return (
    <p className="small form-ok" data-testid="subgraph-status">
      {t("subgraphIndexed", { block: new Intl.NumberFormat(locale).format(Number(meta.data._meta.block.number)) })}
    </p>
  );
}
