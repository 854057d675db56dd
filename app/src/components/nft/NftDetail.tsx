"use client";
import { useLocale, useTranslations } from "next-intl";
import type { Address } from "viem";
import { zeroAddress } from "viem";

import type { Nft } from "../../data/nfts.ts";
import { useNftHistory } from "../../hooks/useNftHistory.ts";
import { formatAmount } from "../../lib/amounts.ts";
import { shortAddress } from "../../lib/format.ts";
import { gatewayPath } from "../../lib/nft.ts";
import type { HistoryEvent } from "../../lib/nftHistory.ts";
import { ChainTimeNote } from "../analytics/ChainTimeNote.tsx";
import { Stat, Stats } from "../Stat.tsx";
import { Empty, ErrorState, Loading } from "../States.tsx";

/** The item page: the token's image and metadata, its open listings and offers, and its history. */
export function NftDetail({
  nft,
  chainId,
  collection,
  onClose,
}: {
  nft: Nft;
  chainId: number;
  collection: Address;
  onClose: () => void;
}) {
  const t = useTranslations("nft.item");
  const n = useTranslations("nft");
  const locale = useLocale();
  const history = useNftHistory(chainId, collection, nft.tokenId);
  const name = nft.metadata?.name ?? n("unnamed", { id: String(nft.tokenId) });
  const src = gatewayPath(nft.metadata?.image);
  const amount = (currency: string, value: bigint) =>
    currency === zeroAddress
      ? `${formatAmount(value, 18, { locale })} ETH`
      : t("tokenAmount", { amount: value.toString(), token: shortAddress(currency) });
  const date = (seconds: bigint) =>
    new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeStyle: "short" }).format(Number(seconds) * 1000);
  const describe = (e: HistoryEvent): string => {
    switch (e.kind) {
      case "minted":
        return t("minted", { to: shortAddress(e.to) });
      case "transferred":
        return t("transferred", { from: shortAddress(e.from), to: shortAddress(e.to) });
      case "sold":
        return t("sold", { from: shortAddress(e.from), to: shortAddress(e.to), price: amount(e.currency, e.price) });
      case "listed":
        return t("listed", {
          from: shortAddress(e.from),
          price: amount(e.currency, e.price),
          status: t(`status.${e.status}`),
        });
      case "offered":
        return t("offered", {
          from: shortAddress(e.from),
          price: amount(e.currency, e.price),
          status: t(`status.${e.status}`),
        });
    }
  };
  return (
    <article className="card stack" aria-labelledby="nft-item-title" data-testid="nft-detail">
      <div className="section-head">
        <h2 id="nft-item-title">{name}</h2>
        <button type="button" className="button-secondary" onClick={onClose}>
          {t("close")}
        </button>
      </div>
      <div className="grid-2">
        {src ? (
          // Same-origin gateway image (/ipfs/<cid>).
          // eslint-disable-next-line @next/next/no-img-element
          <img src={src} alt={name} width={400} height={400} style={{ width: "100%", height: "auto", maxWidth: 400 }} />
        ) : (
          <div className="nft-placeholder" role="img" aria-label={n("noImage")}>
            {n("noImage")}
          </div>
        )}
        <div className="stack">
          {nft.metadata?.description ? <p>{nft.metadata.description}</p> : null}
          <Stats label={t("facts")}>
            <Stat label={t("tokenId")}>#{String(nft.tokenId)}</Stat>
            <Stat label={n("owner")}>
              <span className="mono">{shortAddress(nft.owner)}</span>
            </Stat>
            <Stat label={t("creator")}>
              <span className="mono">{shortAddress(nft.creator)}</span>
            </Stat>
            <Stat label={t("royalty")}>{n("royaltyShort", { percent: (nft.royaltyBps / 100).toString() })}</Stat>
            {history.data ? (
              <>
                <Stat label={t("transfers")} testId="nft-transfer-count">
                  {history.data.transferCount}
                </Stat>
                <Stat label={t("sales")} testId="nft-sale-count">
                  {history.data.saleCount}
                </Stat>
              </>
            ) : null}
          </Stats>
          {nft.metadata?.attributes && nft.metadata.attributes.length > 0 ? (
            <p className="small muted">
              {nft.metadata.attributes.map((a) => `${a.trait_type}: ${String(a.value)}`).join(" · ")}
            </p>
          ) : null}
          <p className="small muted mono" style={{ overflowWrap: "anywhere" }}>
            ipfs://{nft.cid}
          </p>
        </div>
      </div>
      {history.isPending ? (
        <Loading />
      ) : history.isError ? (
        <ErrorState error={history.error} retry={() => void history.refetch()} />
      ) : !history.data ? (
        <Empty>{t("notIndexed")}</Empty>
      ) : (
        <>
          <section aria-labelledby="nft-open-orders">
            <h3 id="nft-open-orders">{t("openOrders")}</h3>
            {history.data.openListings.length + history.data.openOffers.length === 0 ? (
              <p className="small muted">{t("noOpenOrders")}</p>
            ) : (
              <ul className="small" data-testid="nft-open-orders">
                {history.data.openListings.map((l) => (
                  <li key={`l-${l.id}`}>
                    {t("openListing", {
                      price: amount(l.currency, l.price),
                      from: shortAddress(l.maker),
                      until: date(l.expiry),
                    })}
                  </li>
                ))}
                {history.data.openOffers.map((o) => (
                  <li key={`o-${o.id}`}>
                    {t("openOffer", {
                      price: amount(o.currency, o.price),
                      from: shortAddress(o.maker),
                      until: date(o.expiry),
                    })}
                  </li>
                ))}
              </ul>
            )}
          </section>
          <section aria-labelledby="nft-history">
            <h3 id="nft-history">{t("history")}</h3>
            <ol className="small" data-testid="nft-history">
              {history.data.events.map((e, i) => (
                <li key={`${e.kind}-${e.at}-${i}`}>
                  <span className="muted">{date(e.at)}</span> · {describe(e)}
                </li>
              ))}
            </ol>
            <ChainTimeNote chainId={chainId} />
          </section>
        </>
      )}
    </article>
  );
}
