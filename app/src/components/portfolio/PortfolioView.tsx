"use client";
import Form from "next/form";
import Link from "next/link";
import { useLocale, useTranslations } from "next-intl";
import { useId } from "react";
import type { Address } from "viem";
import { useAccount } from "wagmi";

import type { ClientChain } from "../../config/runtime.ts";
import { useMoney } from "../../hooks/useMoney.ts";
import { formatAmount } from "../../lib/amounts.ts";
import { shortAddress } from "../../lib/format.ts";
import {
  formatShare,
  portfolioTotal,
  type AddressParam,
  type ChainPortfolio,
  type TokenAmount,
} from "../../lib/portfolio.ts";
import { ActionGate } from "../market/ActionGate.tsx";
import { Stat, Stats } from "../Stat.tsx";
import { Empty, ErrorState, Loading } from "../States.tsx";
import styles from "./portfolio.module.css";
import { usePortfolio, usePortfolioChains } from "./usePortfolio.ts";

/**
 * /portfolio: the connected wallet's holdings on every chain at once, or any address's, read-only,
 * with `?address=`. A visitor without a wallet sees the address form and one connect prompt.
 */
export function PortfolioView({ param }: { param: AddressParam }) {
  const t = useTranslations("portfolio");
  const { address: connected } = useAccount();
  return (
    <div className="stack">
      <AddressForm initial={param.kind === "invalid" ? param.input : param.kind === "ok" ? param.address : ""} />
      {param.kind === "invalid" ? (
        <p role="alert" className={`form-error ${styles.address}`} data-testid="portfolio-address-error">
          {t("invalidAddress", { input: param.input })}
        </p>
      ) : param.kind === "ok" ? (
        <>
          <p className={`small muted ${styles.address}`} data-testid="portfolio-viewing">
            {t("viewing", { address: param.address })}{" "}
            {connected && connected !== param.address ? <Link href="/portfolio">{t("back")}</Link> : null}
          </p>
          <Portfolio account={param.address} self={connected === param.address} />
        </>
      ) : (
        <ActionGate title={t("gateTitle")} label={t("connect")} hint={t("gateHint")} testId="portfolio-gate">
          {connected ? <Portfolio account={connected} self /> : null}
        </ActionGate>
      )}
    </div>
  );
}

function AddressForm({ initial }: { initial: string }) {
  const t = useTranslations("portfolio");
  const id = useId();
  return (
    <Form action="/portfolio" aria-label={t("addressForm")} className={styles.addressForm}>
      <div className="field">
        <label htmlFor={id}>{t("addressLabel")}</label>
        <input
          id={id}
          name="address"
          defaultValue={initial}
          placeholder="0x…"
          autoComplete="off"
          spellCheck={false}
          className="mono"
        />
      </div>
      <button type="submit" className="button-secondary">
        {t("view")}
      </button>
    </Form>
  );
}

function Portfolio({ account, self }: { account: Address; self: boolean }) {
  const t = useTranslations("portfolio");
  const money = useMoney();
  const chains = usePortfolioChains();
  const results = usePortfolio(chains, account);
  if (chains.length === 0) return <Empty>{t("notDeployed")}</Empty>;
  const loaded = results.flatMap((r) => (r.data ? [r.data] : []));
  const pending = results.some((r) => r.isPending);
  const failed = results.some((r) => r.isError);
  const total = portfolioTotal(loaded);
  return (
    <div className="stack" data-testid="portfolio" data-account={account}>
      <section className="card stack" aria-label={t("total")}>
        {!self ? null : <p className="small muted">{t("yours", { address: shortAddress(account) })}</p>}
        <Stats>
          <Stat label={t("total")} testId="portfolio-total">
            {pending && loaded.length === 0 ? <span className="muted">…</span> : money(total.usd)}
          </Stat>
          {chains.map((c, i) => (
            <Stat key={c.chainId} label={t("chainTotal", { chain: c.name })} testId={`portfolio-total-${c.chainId}`}>
              {results[i]?.data ? money(results[i].data.totalUsd) : results[i]?.isError ? "—" : "…"}
            </Stat>
          ))}
        </Stats>
        <p className="small muted">{t("totalHint", { count: chains.length })}</p>
        {total.unpriced > 0 ? <p className="small muted">{t("unpriced", { count: total.unpriced })}</p> : null}
        {failed ? (
          <p className="form-warning" role="alert">
            {t("partial")}
          </p>
        ) : null}
      </section>
      <div className={styles.chains}>
        {chains.map((c, i) => {
          const q = results[i]!;
          return (
            <section
              key={c.chainId}
              className="card stack"
              aria-label={c.name}
              data-testid={`portfolio-chain-${c.chainId}`}
            >
              <h2>{c.name}</h2>
              {q.isPending ? (
                <Loading label={t("loadingChain", { chain: c.name })} />
              ) : q.isError ? (
                <ErrorState error={q.error} retry={() => void q.refetch()} />
              ) : (
                <ChainPositions chain={c} data={q.data!} self={self} />
              )}
            </section>
          );
        })}
      </div>
    </div>
  );
}

function ChainPositions({ chain, data, self }: { chain: ClientChain; data: ChainPortfolio; self: boolean }) {
  const t = useTranslations("portfolio");
  const locale = useLocale();
  const money = useMoney();
  const id = chain.chainId;
  const amount = (v: bigint, decimals: number, symbol: string) =>
    `${formatAmount(v, decimals, { locale, maxFractionDigits: 4 })}${symbol ? ` ${symbol}` : ""}`;
  const fmt = (a: TokenAmount) => amount(a.amount, a.decimals, a.symbol);
  const usd = (v: number | undefined) => (v === undefined ? t("noPrice") : money(v));
  return (
    <>
      {data.empty ? <Empty>{t("chainEmpty", { chain: chain.name })}</Empty> : null}
      <h3>{t("balances")}</h3>
      <div className={styles.scroll}>
        <table className="table" aria-label={t("balancesOn", { chain: chain.name })}>
          <thead>
            <tr>
              <th scope="col">{t("token")}</th>
              <th scope="col">{t("amount")}</th>
              <th scope="col">{t("value")}</th>
            </tr>
          </thead>
          <tbody>
            {data.balances.map((b) => (
              <tr key={b.address ?? "native"} data-testid={`balance-${id}-${b.symbol}`}>
                <th scope="row" title={b.name}>
                  {b.symbol}
                </th>
                <td data-raw={b.amount.toString()} data-token={b.address ?? ""} data-testid="amount">
                  {formatAmount(b.amount, b.decimals, { locale, maxFractionDigits: 4 })}
                </td>
                <td>{b.amount === 0n ? "—" : usd(b.usd)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>

      <h3>{t("liquidity")}</h3>
      {data.lp.length === 0 ? (
        <p className="small muted">{t("lpEmpty")}</p>
      ) : (
        <div className={styles.scroll}>
          <table className="table" aria-label={t("liquidityOn", { chain: chain.name })}>
            <thead>
              <tr>
                <th scope="col">{t("pool")}</th>
                <th scope="col">{t("share")}</th>
                <th scope="col">{t("underlying")}</th>
                <th scope="col">{t("value")}</th>
              </tr>
            </thead>
            <tbody>
              {data.lp.map((r) => (
                <tr key={r.pool.address} data-testid={`lp-${id}-${r.pool.address}`} data-name={r.name}>
                  <th scope="row">
                    {r.name}
                    {r.farmed > 0n ? (
                      <span className="small muted" style={{ display: "block" }}>
                        {t("inFarm", { amount: formatAmount(r.farmed, 18, { locale, maxFractionDigits: 6 }) })}
                      </span>
                    ) : null}
                  </th>
                  <td data-testid="lp-share" data-share={r.share}>
                    {formatShare(r.share, locale)}
                  </td>
                  <td>
                    {amount(r.amount0, r.pool.token0.decimals, r.pool.token0.symbol)}
                    <br />
                    {amount(r.amount1, r.pool.token1.decimals, r.pool.token1.symbol)}
                  </td>
                  <td>{usd(r.usd)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      <h3>{t("stake")}</h3>
      {data.stake ? (
        <Stats label={t("stake")}>
          <Stat label={t("staked")} testId={`stake-${id}`}>
            {fmt(data.stake.staked)} <span className="muted">· {usd(data.stake.staked.usd)}</span>
          </Stat>
          <Stat label={t("earned")} testId={`stake-earned-${id}`}>
            {fmt(data.stake.earned)}
          </Stat>
        </Stats>
      ) : (
        <p className="small muted">{t("stakeEmpty")}</p>
      )}

      <h3>{t("farm")}</h3>
      {data.farm.length === 0 ? (
        <p className="small muted">{t("farmEmpty")}</p>
      ) : (
        <>
          <div className={styles.scroll}>
            <table className="table" aria-label={t("farmOn", { chain: chain.name })}>
              <thead>
                <tr>
                  <th scope="col">{t("pool")}</th>
                  <th scope="col">{t("deposited")}</th>
                  <th scope="col">{t("pending")}</th>
                </tr>
              </thead>
              <tbody>
                {data.farm.map((f) => (
                  <tr key={f.pid} data-testid={`farm-${id}-${f.pid}`}>
                    <th scope="row">{f.name}</th>
                    <td>{formatAmount(f.deposited, 18, { locale, maxFractionDigits: 6 })}</td>
                    <td>
                      {fmt(f.pending)} <span className="muted">· {usd(f.pending.usd)}</span>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <p className="small muted">{t("farmNote")}</p>
        </>
      )}

      <h3>{t("vault")}</h3>
      {data.vault ? (
        <Stats label={t("vault")}>
          <Stat label={t("shares")} testId={`vault-${id}`}>
            {amount(data.vault.shares, data.vault.shareDecimals, data.vault.symbol)}
          </Stat>
          <Stat label={t("redeemsFor")}>
            {fmt(data.vault.assets)} <span className="muted">· {usd(data.vault.assets.usd)}</span>
          </Stat>
        </Stats>
      ) : (
        <p className="small muted">{t("vaultEmpty")}</p>
      )}

      <h3>{t("nfts")}</h3>
      <Stats label={t("nfts")}>
        {data.nfts.collectibles !== undefined ? (
          <Stat label={t("collectibles")} testId={`collectibles-${id}`}>
            {data.nfts.collectibles > 0n ? (
              <Link href="/nft">{t("nftCount", { count: Number(data.nfts.collectibles) })}</Link>
            ) : (
              t("nftCount", { count: 0 })
            )}
          </Stat>
        ) : null}
        {data.nfts.certificates !== undefined ? (
          <Stat label={t("certificates")} testId={`certificates-${id}`}>
            {t("nftCount", { count: Number(data.nfts.certificates) })}
          </Stat>
        ) : null}
      </Stats>

      {data.votes ? (
        <>
          <h3>{t("votes")}</h3>
          <Stats label={t("votes")}>
            <Stat label={t("votingPower")} testId={`votes-${id}`}>
              {amount(data.votes.votes, 18, "")}
            </Stat>
            <Stat label={t("delegate")}>
              <span data-testid={`delegate-${id}`} data-delegate={data.votes.delegate} className={styles.address}>
                {data.votes.delegation === "self"
                  ? t("delegation.self", { who: self ? "you" : "other", address: shortAddress(data.votes.delegate) })
                  : data.votes.delegation === "none"
                    ? t("delegation.none")
                    : data.votes.delegate}
              </span>
            </Stat>
          </Stats>
        </>
      ) : null}
    </>
  );
}
