"use client";
import { useLocale, useTranslations } from "next-intl";

import { shortAddress } from "../../lib/format.ts";
import {
  checksummed,
  formatBalance,
  formatPnl,
  formatPrice,
  formatUsd,
  pnlPercent,
  type AccountPositions,
  type PositionsReport,
} from "../../lib/institutional.ts";
import { Stat, Stats } from "../Stat.tsx";
import styles from "./institutional.module.css";

/**
 * A portfolio's positions valued in USDC at two blocks, as the API reports them: the blocks, the
 * totals and P&L, the valuation method in the API's words, and each account's positions in human
 * units with each token's decimals.
 */
export function PositionsView({ report, chainName }: { report: PositionsReport; chainName?: string | undefined }) {
  const t = useTranslations("institutional.positions");
  const locale = useLocale();
  const usdDecimals = report.quote.decimals;
  const usd = (text: string | null) => formatUsd(text, usdDecimals, locale) ?? t("unpriced");
  const when = (iso: string) => new Date(iso).toLocaleString(locale, { dateStyle: "medium", timeStyle: "short" });
  const block = (text: string) => new Intl.NumberFormat(locale).format(BigInt(text));
  const pnl = formatPnl(report.totals.pnl_usdc, usdDecimals, locale);
  const percent = pnlPercent(report.totals, usdDecimals, locale);
  return (
    <section className="stack" aria-label={t("resultTitle")} data-testid="positions">
      <Stats label={t("totals")}>
        <Stat label={t("since")} testId="positions-since-block">
          {t("block", { block: block(report.since.block) })}
          <span className="small muted"> · {when(report.since.timestamp)}</span>
        </Stat>
        <Stat label={t("now")} testId="positions-now-block">
          {t("block", { block: block(report.now.block) })}
          <span className="small muted"> · {when(report.now.timestamp)}</span>
        </Stat>
        <Stat label={t("valueSince", { quote: report.quote.symbol })} testId="value-since">
          {usd(report.totals.value_usdc.since)}
        </Stat>
        <Stat label={t("valueNow", { quote: report.quote.symbol })} testId="value-now">
          {usd(report.totals.value_usdc.now)}
        </Stat>
        <Stat label={t("pnl", { quote: report.quote.symbol })} testId="pnl-total">
          <span className={styles[pnl.direction]}>{pnl.text}</span>
          {percent ? <span className="small muted"> ({percent})</span> : null}
        </Stat>
      </Stats>
      <p className="small" data-testid="pnl-note">
        {t("notFlowAdjusted")}
      </p>
      {report.totals.unpriced_positions > 0 ? (
        <p className="form-warning small">{t("unpricedCount", { count: report.totals.unpriced_positions })}</p>
      ) : null}
      <p className="small muted">
        {t("chainQuote", {
          chain: chainName ?? String(report.chain_id),
          id: report.chain_id,
          quote: report.quote.symbol,
        })}
      </p>
      <details>
        <summary>{t("method")}</summary>
        <p className={`small ${styles.method}`} data-testid="valuation-method">
          {report.method}
        </p>
      </details>
      {report.accounts.length === 0 ? (
        <p className="muted">{t("noAccounts")}</p>
      ) : (
        report.accounts.map((account) => <AccountTable key={account.account_id} account={account} report={report} />)
      )}
    </section>
  );
}

function AccountTable({ account, report }: { account: AccountPositions; report: PositionsReport }) {
  const t = useTranslations("institutional.positions");
  const locale = useLocale();
  const usdDecimals = report.quote.decimals;
  const usd = (text: string | null) => formatUsd(text, usdDecimals, locale) ?? t("unpriced");
  const pnl = formatPnl(account.totals.pnl_usdc, usdDecimals, locale);
  const note = !account.wallet
    ? t("noWalletNote")
    : account.wallet.chain_id !== report.chain_id
      ? t("otherChainNote", { chain: account.wallet.chain_id })
      : null;
  return (
    <div className={styles.account} data-testid={`account-positions-${account.name}`}>
      <h4>
        {account.name}{" "}
        {account.wallet ? (
          <span className="small muted mono" title={checksummed(account.wallet.address)}>
            {shortAddress(checksummed(account.wallet.address))}
          </span>
        ) : null}
      </h4>
      {note ? (
        <p className="small muted">{note}</p>
      ) : account.positions.length === 0 ? (
        <p className="small muted">{t("noPositions")}</p>
      ) : (
        <div className="table-wrap">
          <table className="table">
            <caption className="sr-only">{t("tableCaption", { account: account.name })}</caption>
            <thead>
              <tr>
                <th scope="col">{t("position")}</th>
                <th scope="col" className={styles.numeric}>
                  {t("balanceSince")}
                </th>
                <th scope="col" className={styles.numeric}>
                  {t("balanceNow")}
                </th>
                <th scope="col" className={styles.numeric}>
                  {t("priceNow", { quote: report.quote.symbol })}
                </th>
                <th scope="col" className={styles.numeric}>
                  {t("valueSince", { quote: report.quote.symbol })}
                </th>
                <th scope="col" className={styles.numeric}>
                  {t("valueNow", { quote: report.quote.symbol })}
                </th>
                <th scope="col" className={styles.numeric}>
                  {t("pnl", { quote: report.quote.symbol })}
                </th>
              </tr>
            </thead>
            <tbody>
              {account.positions.map((p) => {
                const rowPnl = p.pnl_usdc === null ? null : formatPnl(p.pnl_usdc, usdDecimals, locale);
                const balance = (text: string | null) =>
                  text === null ? "—" : formatBalance(text, p.token.decimals, locale);
                return (
                  <tr key={`${p.kind}-${p.contract}-${p.token.address}`}>
                    <th scope="row">
                      {p.token.symbol} <span className="small muted">{t(`kind.${p.kind}`)}</span>
                    </th>
                    <td className={styles.numeric}>{balance(p.balance.since)}</td>
                    <td className={styles.numeric}>{balance(p.balance.now)}</td>
                    <td className={styles.numeric}>
                      {formatPrice(p.price_usdc.now, usdDecimals, locale) ?? t("unpriced")}
                    </td>
                    <td className={styles.numeric}>{usd(p.value_usdc.since)}</td>
                    <td className={styles.numeric}>{usd(p.value_usdc.now)}</td>
                    <td className={styles.numeric}>
                      {rowPnl ? <span className={styles[rowPnl.direction]}>{rowPnl.text}</span> : t("unpriced")}
                    </td>
                  </tr>
                );
              })}
            </tbody>
            <tfoot>
              <tr>
                <th scope="row">{t("accountTotal")}</th>
                <td />
                <td />
                <td />
                <td className={styles.numeric}>{usd(account.totals.value_usdc.since)}</td>
                <td className={styles.numeric}>{usd(account.totals.value_usdc.now)}</td>
                <td className={styles.numeric}>
                  <span className={styles[pnl.direction]}>{pnl.text}</span>
                </td>
              </tr>
            </tfoot>
          </table>
        </div>
      )}
    </div>
  );
}
