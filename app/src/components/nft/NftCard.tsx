"use client";
import { useTranslations } from "next-intl";
import type { ReactNode } from "react";

import type { Nft } from "../../data/nfts.ts";
import { shortAddress } from "../../lib/format.ts";
import { gatewayPath } from "../../lib/nft.ts";

// Re-exported for the marketplace's components, which import it from here.

/** One token: its image from the app's IPFS gateway, name, id, kind, royalty, owner. */
export function NftCard({ nft, children }: { nft: Nft; children?: ReactNode }) {
  const t = useTranslations("nft");
  const src = gatewayPath(nft.metadata?.image);
  const name = nft.metadata?.name ?? t("unnamed", { id: String(nft.tokenId) });
  return (
    <article className="card nft-card" aria-label={name} data-testid={`nft-${nft.tokenId}`}>
      {src ? (
        // Same-origin gateway images (/ipfs/<cid>); next/image would need a loader and adds nothing here.
        // eslint-disable-next-line @next/next/no-img-element
        <img src={src} alt={name} width={400} height={400} loading="lazy" />
      ) : (
        <div className="nft-placeholder" role="img" aria-label={t("noImage")}>
          {t("noImage")}
        </div>
      )}
      <h3>{name}</h3>
      <p className="small muted">
        #{String(nft.tokenId)} · {nft.kind === "strategy" ? t("kindStrategy") : t("kindArt")} ·{" "}
        {t("royaltyShort", { percent: (nft.royaltyBps / 100).toString() })}
      </p>
      <p className="small muted">
        {t("owner")} <span className="mono">{shortAddress(nft.owner)}</span>
      </p>
      {children}
    </article>
  );
}
