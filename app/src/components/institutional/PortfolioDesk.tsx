"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useId, useState } from "react";
import { useBlockNumber } from "wagmi";

import { useApiAccount } from "../../hooks/useApiAccount.ts";
import { useActiveChain, useRuntime } from "../../hooks/useRuntime.ts";
import { api, isForbidden } from "../../lib/apiClient.ts";
import {
  checksummed,
  valuationChain,
  type LinkedWallet,
  type Portfolio,
  type PortfolioDetail,
  type PositionsReport,
} from "../../lib/institutional.ts";
import { Empty, ErrorState, Loading } from "../States.tsx";
import { AddWalletForm, type AddWalletRequest } from "./AddWalletForm.tsx";
import styles from "./institutional.module.css";
import { NameForm } from "./NameForm.tsx";
import { PositionsView } from "./PositionsView.tsx";
import { RoleNeeded } from "./RoleNeeded.tsx";
import { SinceBlockForm } from "./SinceBlockForm.tsx";

const message = (error: unknown): string | undefined => (error instanceof Error ? error.message : undefined);

/** Portfolios (list, create, rename, delete), their trading accounts and wallets, and their P&L. */
export function PortfolioDesk({ address }: { address: string }) {
  const t = useTranslations("institutional.portfolios");
  const queryClient = useQueryClient();
  const headingId = useId();
  const [chosen, setChosen] = useState<string>();
  const [notice, setNotice] = useState<string>();
  const list = useQuery({
    queryKey: ["institutional", "portfolios", address],
    queryFn: () => api<{ portfolios: Portfolio[] }>("/institutional/portfolios", { auth: true }),
  });
  const create = useMutation({
    mutationFn: (name: string) => api<Portfolio>("/institutional/portfolios", { body: { name }, auth: true }),
    onSuccess: (created) => {
      setChosen(created.id);
      setNotice(undefined);
      void queryClient.invalidateQueries({ queryKey: ["institutional", "portfolios"] });
    },
  });
  if (list.isPending) return <Loading />;
  if (list.isError) {
    if (isForbidden(list.error)) return <RoleNeeded stale />;
    return <ErrorState error={list.error} retry={() => void list.refetch()} />;
  }
  const portfolios = list.data.portfolios;
  const selected = portfolios.find((p) => p.id === chosen) ?? portfolios[0];
  return (
    <div className="stack">
      <div className="grid-halves">
        <section className="card stack" aria-labelledby={headingId}>
          <h2 id={headingId}>{t("title")}</h2>
          {portfolios.length === 0 ? (
            <Empty>{t("empty")}</Empty>
          ) : (
            <ul className={styles.portfolioList} aria-label={t("title")}>
              {portfolios.map((p) => (
                <li key={p.id}>
                  <button
                    type="button"
                    aria-pressed={p.id === selected?.id}
                    onClick={() => {
                      setChosen(p.id);
                      setNotice(undefined);
                    }}
                  >
                    <span>{p.name}</span>
                    <span className="small muted">{t("accountsCount", { count: p.accounts })}</span>
                  </button>
                </li>
              ))}
            </ul>
          )}
          {notice ? (
            <p className="form-ok small" role="status">
              {notice}
            </p>
          ) : null}
          <NameForm
            key={create.data?.id ?? "new"}
            title={t("createTitle")}
            label={t("name")}
            submitLabel={t("create")}
            busy={create.isPending}
            error={message(create.error)}
            onSubmit={(name) => create.mutate(name)}
          />
        </section>
        {selected ? (
          <PortfolioCard
            key={selected.id}
            portfolio={selected}
            onDeleted={(name, ungrouped) => {
              setChosen(undefined);
              setNotice(t("deleted", { name, count: ungrouped }));
            }}
          />
        ) : null}
      </div>
      {selected ? <PositionsCard key={selected.id} portfolio={selected} /> : null}
    </div>
  );
}

/** One portfolio: rename, delete, its trading accounts with their wallets, add and remove one. */
function PortfolioCard({
  portfolio,
  onDeleted,
}: {
  portfolio: Portfolio;
  onDeleted: (name: string, ungrouped: number) => void;
}) {
  const t = useTranslations("institutional");
  const chain = useActiveChain();
  const queryClient = useQueryClient();
  const headingId = useId();
  const [renaming, setRenaming] = useState(false);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const [confirmRemove, setConfirmRemove] = useState<string>();
  const refresh = () => void queryClient.invalidateQueries({ queryKey: ["institutional"] });
  const detail = useQuery({
    queryKey: ["institutional", "portfolio", portfolio.id],
    queryFn: () => api<PortfolioDetail>(`/institutional/portfolios/${portfolio.id}`, { auth: true }),
  });
  const address = useApiAccount({ me: false }).session?.account;
  const wallets = useQuery({
    queryKey: ["siwe-wallets", address],
    queryFn: () => api<{ wallets: LinkedWallet[] }>("/auth/siwe/wallets", { auth: true }),
  });
  const rename = useMutation({
    mutationFn: (name: string) =>
      api<Portfolio>(`/institutional/portfolios/${portfolio.id}`, { method: "PATCH", body: { name }, auth: true }),
    onSuccess: () => {
      setRenaming(false);
      refresh();
    },
  });
  const remove = useMutation({
    mutationFn: () =>
      api<{ deleted: string; ungrouped_accounts: number }>(`/institutional/portfolios/${portfolio.id}`, {
        method: "DELETE",
        auth: true,
      }),
    onSuccess: (result) => {
      onDeleted(portfolio.name, result.ungrouped_accounts);
      refresh();
    },
  });
  const add = useMutation({
    mutationFn: (request: AddWalletRequest) =>
      api("/institutional/accounts", {
        body: { name: request.name, portfolio_id: portfolio.id, wallet_id: request.walletId },
        auth: true,
      }),
    onSuccess: refresh,
  });
  const close = useMutation({
    mutationFn: (accountId: string) =>
      api<undefined>(`/institutional/accounts/${accountId}`, { method: "DELETE", auth: true }),
    onSuccess: () => {
      setConfirmRemove(undefined);
      refresh();
    },
  });
  return (
    <section className="card stack" aria-labelledby={headingId} data-testid="portfolio-detail">
      <div className="section-head">
        <h2 id={headingId}>{portfolio.name}</h2>
        {!renaming && !confirmDelete ? (
          <div className="button-row">
            <button type="button" className="button-secondary" onClick={() => setRenaming(true)}>
              {t("portfolios.rename")}
            </button>
            <button type="button" className="button-secondary" onClick={() => setConfirmDelete(true)}>
              {t("portfolios.delete")}
            </button>
          </div>
        ) : null}
      </div>
      {renaming ? (
        <NameForm
          title={t("portfolios.renameTitle")}
          label={t("portfolios.newName")}
          submitLabel={t("portfolios.save")}
          initial={portfolio.name}
          busy={rename.isPending}
          error={message(rename.error)}
          onSubmit={(name) => rename.mutate(name)}
          onCancel={() => {
            setRenaming(false);
            rename.reset();
          }}
        />
      ) : null}
      {confirmDelete ? (
        <div className="stack" role="group" aria-label={t("portfolios.delete")}>
          <p className="form-warning">{t("portfolios.deleteConfirm", { name: portfolio.name })}</p>
          {remove.isError ? <ErrorState error={remove.error} /> : null}
          <div className="button-row">
            <button type="button" disabled={remove.isPending} onClick={() => remove.mutate()}>
              {remove.isPending ? t("working") : t("portfolios.deleteYes")}
            </button>
            <button type="button" className="button-secondary" onClick={() => setConfirmDelete(false)}>
              {t("cancel")}
            </button>
          </div>
        </div>
      ) : null}
      <h3>{t("accounts.title")}</h3>
      {detail.isPending ? (
        <Loading />
      ) : detail.isError ? (
        <ErrorState error={detail.error} retry={() => void detail.refetch()} />
      ) : detail.data.trading_accounts.length === 0 ? (
        <Empty>{t("accounts.empty")}</Empty>
      ) : (
        <div className="table-wrap">
          <table className="table" data-testid="trading-accounts">
            <caption className="sr-only">{t("accounts.title")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("accounts.name")}</th>
                <th scope="col">{t("accounts.wallet")}</th>
                <th scope="col">
                  <span className="sr-only">{t("accounts.actions")}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {detail.data.trading_accounts.map((a) => (
                <tr key={a.id}>
                  <th scope="row">{a.name}</th>
                  <td>
                    {a.wallet ? (
                      <>
                        <span className={`mono ${styles.address}`}>{checksummed(a.wallet.address)}</span>{" "}
                        <span className="small muted">{t("accounts.onChain", { chain: a.wallet.chain_id })}</span>
                      </>
                    ) : (
                      <span className="muted">{t("accounts.noWallet")}</span>
                    )}
                  </td>
                  <td>
                    {confirmRemove === a.id ? (
                      <div className="button-row">
                        <button type="button" disabled={close.isPending} onClick={() => close.mutate(a.id)}>
                          {close.isPending ? t("working") : t("accounts.removeYes", { name: a.name })}
                        </button>
                        <button type="button" className="button-secondary" onClick={() => setConfirmRemove(undefined)}>
                          {t("cancel")}
                        </button>
                      </div>
                    ) : (
                      <button
                        type="button"
                        className="button-secondary"
                        aria-label={t("accounts.removeLabel", { name: a.name })}
                        onClick={() => {
                          close.reset();
                          setConfirmRemove(a.id);
                        }}
                      >
                        {t("accounts.remove")}
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {close.isError ? <ErrorState error={close.error} /> : null}
      {wallets.isPending ? (
        <Loading />
      ) : wallets.isError ? (
        <ErrorState error={wallets.error} retry={() => void wallets.refetch()} />
      ) : (
        <AddWalletForm
          key={detail.data?.trading_accounts.length ?? 0}
          wallets={wallets.data.wallets}
          chainId={chain.chainId}
          defaultAddress={chain.account ?? ""}
          busy={add.isPending}
          error={message(add.error)}
          onSubmit={(request) => add.mutate(request)}
        />
      )}
    </section>
  );
}

/** The positions and P&L of a portfolio since a block, on one chain. */
function PositionsCard({ portfolio }: { portfolio: Portfolio }) {
  const t = useTranslations("institutional.positions");
  const runtime = useRuntime();
  const chain = useActiveChain();
  const headingId = useId();
  const detail = useQuery({
    queryKey: ["institutional", "portfolio", portfolio.id],
    queryFn: () => api<PortfolioDetail>(`/institutional/portfolios/${portfolio.id}`, { auth: true }),
  });
  const [picked, setPicked] = useState<number>();
  // the chain of the portfolio's wallets when the app offers it, else the app's
  const suggested = valuationChain(detail.data?.trading_accounts ?? [], chain.chainId);
  const chainId = picked ?? (runtime.chains.some((c) => c.chainId === suggested) ? suggested : chain.chainId);
  const latest = useBlockNumber({ chainId, query: { staleTime: 10_000 } });
  const value = useMutation({
    mutationFn: ({ sinceBlock, chainId: id }: { sinceBlock: number; chainId: number }) =>
      api<PositionsReport>(
        `/institutional/portfolios/${portfolio.id}/positions?since_block=${sinceBlock}&chain_id=${id}`,
        { auth: true },
      ),
  });
  const chains = runtime.chains.map((c) => ({ chainId: c.chainId, name: c.name }));
  const chainName = (id: number) => runtime.chains.find((c) => c.chainId === id)?.name;
  return (
    <section className="card stack" aria-labelledby={headingId}>
      <h2 id={headingId}>{t("title", { portfolio: portfolio.name })}</h2>
      {/* keyed by chain: a new chain starts from its own default block */}
      <SinceBlockForm
        key={chainId}
        chains={chains}
        chainId={chainId}
        onChainChange={(id) => {
          setPicked(id);
          value.reset();
        }}
        latest={latest.data}
        busy={value.isPending}
        onSubmit={(request) => value.mutate(request)}
      />
      {latest.isError ? <p className="small form-warning">{t("latestFailed")}</p> : null}
      {value.isPending ? <Loading label={t("valuing")} /> : null}
      {value.isError ? <ErrorState error={value.error} /> : null}
      {value.data ? <PositionsView report={value.data} chainName={chainName(value.data.chain_id)} /> : null}
    </section>
  );
}
