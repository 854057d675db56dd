"use client";
import { useQuery } from "@tanstack/react-query";
import dynamic from "next/dynamic";
import { useLocale, useTranslations } from "next-intl";
import type { Abi, Address } from "viem";
import { useBalance, useConfig, usePublicClient } from "wagmi";
import { simulateContract, writeContract } from "wagmi/actions";

import { collectiblesAbi } from "@protocol/generated/abis/Collectibles.ts";
import { marketplaceAbi } from "@protocol/generated/abis/Marketplace.ts";

import type { MarketEntry, Nft } from "../../data/nfts.ts";
import { useChainTime } from "../../hooks/useChainTime.ts";
import { useCollection, useMarketEntries } from "../../hooks/useCollection.ts";
import { useTransactor } from "../../hooks/useTransactor.ts";
import { formatAmount } from "../../lib/amounts.ts";
import { shortAddress } from "../../lib/format.ts";
import { ChainTimeNote } from "../analytics/ChainTimeNote.tsx";
import { NftCard } from "../nft/NftCard.tsx";
import { Stat, Stats } from "../Stat.tsx";
import { Empty, ErrorState, Loading } from "../States.tsx";
import { useConnectWallet } from "../wallet/WalletContext.tsx";
import { ActionGate } from "./ActionGate.tsx";
import { approvalState } from "./approval.ts";

// The sell and offer forms are behind ActionGate (a connected wallet): loaded when they are shown; the
// signed-order book (with its own sell forms for a connected wallet) is loaded after the page.
const loading = () => <Loading />;
const PriceForm = dynamic(() => import("./PriceForm.tsx").then((m) => m.PriceForm), { loading });
const SignedOrders = dynamic(() => import("./SignedOrders.tsx").then((m) => m.SignedOrders), { loading });

const ABI = [...marketplaceAbi, ...collectiblesAbi] as Abi;
const same = (a: string | undefined, b: string | undefined) => !!a && !!b && a.toLowerCase() === b.toLowerCase();

/** Listings (buy, cancel), list a token, offers (make, accept, cancel), strategy NFTs with their backtest. */
export function MarketPanel() {
  const t = useTranslations("market");
  const n = useTranslations("nft");
  const locale = useLocale();
  const config = useConfig();
  const { chain, collectibles, query: collection } = useCollection();
  const { marketplace, query: market } = useMarketEntries();
  const client = usePublicClient({ chainId: chain.chainId });
  const tx = useTransactor(chain.chainId);
  const { openConnectModal } = useConnectWallet();
  const now = useChainTime(chain.chainId);
  const account = chain.account;
  const balance = useBalance({ chainId: chain.chainId, ...(account ? { address: account } : {}) });
  const approved = useQuery({
    queryKey: ["approvedForAll", chain.chainId, collectibles, account, marketplace],
    enabled: !!client && !!collectibles && !!account && !!marketplace,
    queryFn: () =>
      client!.readContract({
        address: collectibles!,
        abi: collectiblesAbi,
        functionName: "isApprovedForAll",
        args: [account!, marketplace!],
      }),
  });

  const approval = approvalState(approved, !!account);

  if (!marketplace || !collectibles) return <Empty>{n("notDeployed")}</Empty>;
  if (market.isPending || collection.isPending) return <Loading />;
  if (market.isError) return <ErrorState error={market.error} retry={() => void market.refetch()} />;
  if (collection.isError) return <ErrorState error={collection.error} retry={() => void collection.refetch()} />;

  const nfts = new Map(collection.data.map((x) => [String(x.tokenId), x]));
  const nftOf = (e: MarketEntry): Nft | undefined =>
    same(e.collection, collectibles) ? nfts.get(String(e.tokenId)) : undefined;
  const price = (e: MarketEntry) => `${formatAmount(e.price, e.currency.decimals, { locale })} ${e.currency.symbol}`;
  const nameOf = (e: MarketEntry) => nftOf(e)?.metadata?.name ?? n("unnamed", { id: String(e.tokenId) });
  const send = (label: string, functionName: string, args: readonly unknown[], value?: bigint) => {
    if (!account) return;
    void tx.run(label, ABI, async () => {
      const { request } = await simulateContract(config, {
        address: marketplace,
        abi: marketplaceAbi,
        functionName: functionName as "buy",
        args: args as [bigint],
        account,
        chainId: chain.chainId,
        ...(value !== undefined ? { value } : {}),
      });
      return writeContract(config, request);
    });
  };
  const approve = () => {
    if (!account) return;
    void tx.run(
      t("approveLabel"),
      ABI,
      async () => {
        const { request } = await simulateContract(config, {
          address: collectibles,
          abi: collectiblesAbi,
          functionName: "setApprovalForAll",
          args: [marketplace, true],
          account,
          chainId: chain.chainId,
        });
        return writeContract(config, request);
      },
      { keepForm: true },
    );
  };
  const listedIds = new Set(
    market.data.listings.filter((l) => same(l.collection, collectibles)).map((l) => String(l.tokenId)),
  );
  const mine = collection.data.filter((x) => same(x.owner, account));
  const others = collection.data.filter((x) => !same(x.owner, account));
  const problem = chain.problem ? { problem: chain.problem } : {};
  const error = tx.error ? { error: tx.error } : {};
  const strategies = collection.data.filter((x) => x.kind === "strategy" && x.metadata?.strategy);
  const expiry = async (days: number) => (await now()) + BigInt(days) * 86_400n;

  return (
    <>
      <section aria-labelledby="listings">
        <h2 id="listings">{t("listings")}</h2>
        <p className="small muted" data-testid="market-summary">
          {t("summary", {
            listings: market.data.listings.length,
            offers: market.data.offers.length,
            items: collection.data.length,
          })}
        </p>
        {market.data.listings.length === 0 ? (
          <Empty>{t("noListings")}</Empty>
        ) : (
          <div className="nft-grid">
            {market.data.listings.map((l) => {
              const nft = nftOf(l);
              const body = (
                <>
                  <p data-testid={`listing-price-${l.id}`}>
                    <strong>{price(l)}</strong>{" "}
                    <span className="small muted">
                      {t("seller")} {shortAddress(l.maker)}
                    </span>
                  </p>
                  {same(l.maker, account) ? (
                    <button
                      type="button"
                      className="button-secondary"
                      disabled={tx.busy || !!chain.problem}
                      onClick={() => send(t("cancelListingLabel", { name: nameOf(l) }), "cancelListing", [l.id])}
                    >
                      {t("cancelListing")}
                    </button>
                  ) : (
                    <button
                      type="button"
                      disabled={
                        tx.busy ||
                        (!!account && !!chain.problem) ||
                        l.currency.symbol !== "ETH" ||
                        (!account && !openConnectModal)
                      }
                      aria-label={t("buyNamed", { name: nameOf(l), price: price(l) })}
                      onClick={() =>
                        account
                          ? send(t("buyLabel", { name: nameOf(l), price: price(l) }), "buy", [l.id], l.price)
                          : openConnectModal?.()
                      }
                    >
                      {t("buy")}
                    </button>
                  )}
                </>
              );
              return nft ? (
                <NftCard key={String(l.id)} nft={nft}>
                  {body}
                </NftCard>
              ) : (
                <article key={String(l.id)} className="card nft-card">
                  <h3>{nameOf(l)}</h3>
                  {body}
                </article>
              );
            })}
          </div>
        )}
        <p className="small muted">{t("fee", { percent: (Number(market.data.feeBps) / 100).toString() })}</p>
      </section>

      {/* the signed-order book for everyone (its sell forms once a wallet is connected) */}
      <SignedOrders
        chain={chain}
        marketplace={marketplace}
        collectibles={collectibles}
        nfts={nfts}
        sellable={mine
          .filter((x) => !listedIds.has(String(x.tokenId)))
          .map((x) => ({ tokenId: x.tokenId, label: `#${x.tokenId} ${x.metadata?.name ?? ""}` }))}
        {...approval}
        approve={approve}
        tx={tx}
        abi={ABI}
        now={now}
      />

      <ActionGate title={t("gate.title")} label={t("gate.sell")} hint={t("gate.sellHint")} testId="market-gate">
        <div className="grid-halves">
          <PriceForm
            key={`list-${tx.confirmations}`}
            title={t("listTitle")}
            tokens={mine
              .filter((x) => !listedIds.has(String(x.tokenId)))
              .map((x) => ({ tokenId: x.tokenId, label: `#${x.tokenId} ${x.metadata?.name ?? ""}` }))}
            submitLabel={t("list")}
            approveLabel={t("approve")}
            {...approval}
            {...problem}
            busy={tx.busy}
            {...error}
            onApprove={approve}
            onSubmit={(tokenId, amount, days) => {
              if (!account) return;
              void tx.run(
                t("listLabel", { id: String(tokenId), price: `${formatAmount(amount, 18, { locale })} ETH` }),
                ABI,
                async () => {
                  const { request } = await simulateContract(config, {
                    address: marketplace,
                    abi: marketplaceAbi,
                    functionName: "list",
                    args: [
                      collectibles,
                      tokenId,
                      "0x0000000000000000000000000000000000000000" as Address,
                      amount,
                      await expiry(days),
                    ],
                    account,
                    chainId: chain.chainId,
                  });
                  return writeContract(config, request);
                },
              );
            }}
          />
          <PriceForm
            key={`offer-${tx.confirmations}`}
            title={t("offerTitle")}
            tokens={others.map((x) => ({ tokenId: x.tokenId, label: `#${x.tokenId} ${x.metadata?.name ?? ""}` }))}
            submitLabel={t("makeOffer")}
            {...(balance.data ? { balance: balance.data.value } : {})}
            {...problem}
            busy={tx.busy}
            {...error}
            onSubmit={(tokenId, amount, days) => {
              if (!account) return;
              void tx.run(
                t("offerLabel", { id: String(tokenId), price: `${formatAmount(amount, 18, { locale })} ETH` }),
                ABI,
                async () => {
                  const { request } = await simulateContract(config, {
                    address: marketplace,
                    abi: marketplaceAbi,
                    functionName: "makeOffer",
                    args: [
                      collectibles,
                      tokenId,
                      "0x0000000000000000000000000000000000000000" as Address,
                      amount,
                      await expiry(days),
                    ],
                    value: amount,
                    account,
                    chainId: chain.chainId,
                  });
                  return writeContract(config, request);
                },
              );
            }}
          />
        </div>
      </ActionGate>

      <section aria-labelledby="offers">
        <h2 id="offers">{t("offers")}</h2>
        {market.data.offers.length === 0 ? (
          <Empty>{t("noOffers")}</Empty>
        ) : (
          <div className="table-wrap">
            <table className="table">
              <caption className="sr-only">{t("offers")}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("token")}</th>
                  <th scope="col">{t("amount")}</th>
                  <th scope="col">{t("bidder")}</th>
                  <th scope="col">{t("expires")}</th>
                  <th scope="col">
                    <span className="sr-only">{t("actions")}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {market.data.offers.map((o) => {
                  const owner = nftOf(o)?.owner;
                  return (
                    <tr key={String(o.id)}>
                      <td>{`#${o.tokenId} ${nameOf(o)}`}</td>
                      <td>{price(o)}</td>
                      <td className="mono">{shortAddress(o.maker)}</td>
                      <td>{new Date(Number(o.expiry) * 1000).toLocaleDateString(locale)}</td>
                      <td>
                        {same(o.maker, account) ? (
                          <button
                            type="button"
                            className="button-secondary"
                            disabled={tx.busy || !!chain.problem}
                            onClick={() => send(t("cancelOfferLabel", { name: nameOf(o) }), "cancelOffer", [o.id])}
                          >
                            {t("cancelOffer")}
                          </button>
                        ) : same(owner, account) ? (
                          approval.needsApproval || approval.checkingApproval ? (
                            <button
                              type="button"
                              disabled={tx.busy || !!chain.problem || approval.checkingApproval}
                              onClick={approve}
                            >
                              {approval.checkingApproval ? t("form.checkingApproval") : t("approve")}
                            </button>
                          ) : (
                            <button
                              type="button"
                              disabled={tx.busy || !!chain.problem}
                              onClick={() =>
                                send(t("acceptLabel", { name: nameOf(o), price: price(o) }), "acceptOffer", [o.id])
                              }
                            >
                              {t("accept")}
                            </button>
                          )
                        ) : null}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        )}
        {market.data.offers.length > 0 ? <ChainTimeNote chainId={chain.chainId} /> : null}
      </section>

      <section aria-labelledby="strategies">
        <h2 id="strategies">{t("strategies")}</h2>
        {strategies.length === 0 ? (
          <Empty>{t("noStrategies")}</Empty>
        ) : (
          strategies.map((s) => {
            const b = s.metadata!.strategy!.backtest;
            const pct = (x: number | undefined) =>
              x === undefined
                ? "—"
                : new Intl.NumberFormat(locale, { style: "percent", maximumFractionDigits: 1 }).format(x);
            const num = (x: number | undefined) =>
              x === undefined ? "—" : new Intl.NumberFormat(locale, { maximumFractionDigits: 2 }).format(x);
            return (
              <article key={String(s.tokenId)} className="card" data-testid={`strategy-${s.tokenId}`}>
                <h3>{s.metadata!.name}</h3>
                <p>{s.metadata!.description}</p>
                <Stats label={t("backtest")}>
                  <Stat label={t("totalReturn")} testId="backtest-return">
                    {pct(b.totalReturn)}
                  </Stat>
                  <Stat label={t("sharpe")}>{num(b.sharpe)}</Stat>
                  <Stat label={t("maxDrawdown")}>{pct(b.maxDrawdown)}</Stat>
                  <Stat label={t("turnover")}>{num(b.annualTurnover)}</Stat>
                  <Stat label={t("days")}>{num(b.days)}</Stat>
                </Stats>
                <p className="small muted">
                  {Object.entries(s.metadata!.strategy!.config)
                    .map(([k, v]) => `${k}: ${String(v)}`)
                    .join(" · ")}
                </p>
              </article>
            );
          })
        )}
      </section>
    </>
  );
}
