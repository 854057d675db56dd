"use client";
import { useTranslations } from "next-intl";
import { useState } from "react";
import type { Abi } from "viem";
import { useConfig } from "wagmi";
import { simulateContract, writeContract } from "wagmi/actions";

import { collectiblesAbi } from "@protocol/generated/abis/Collectibles.ts";

import { useCollection } from "../../hooks/useCollection.ts";
import { useTransactor } from "../../hooks/useTransactor.ts";
import { ActionGate } from "../market/ActionGate.tsx";
import { Empty, ErrorState, Loading } from "../States.tsx";
import { MintForm, type MintRequest } from "./MintForm.tsx";
import { NftCard } from "./NftCard.tsx";
import { NftDetail } from "./NftDetail.tsx";

const ART = 0;

/** POSTs bytes to the app's IPFS proxy; the gateway's refusal (type, size, unsafe SVG) becomes the error. */
async function uploadToIpfs(body: Blob | string, type: string): Promise<{ cid: string; uri: string }> {
  const res = await fetch("/ipfs/upload", { method: "POST", headers: { "content-type": type }, body });
  const json = (await res.json().catch(() => ({}))) as { cid?: string; uri?: string; error?: string };
  if (!res.ok || !json.cid || !json.uri) throw new Error(json.error ?? `IPFS upload failed (${res.status})`);
  return { cid: json.cid, uri: json.uri };
}

/**
 * The collection for anyone (each token opens its item panel: history, listings, offers); with a
 * wallet, my NFTs and the mint form (image → IPFS, metadata → IPFS, Collectibles.mint with royalty),
 * which a visitor reaches through one button that asks for the wallet.
 */
export function NftPanel() {
  const t = useTranslations("nft");
  const config = useConfig();
  const { chain, collectibles, query } = useCollection();
  const tx = useTransactor(chain.chainId);
  const account = chain.account;

  const mint = (request: MintRequest) => {
    if (!account || !collectibles) return;
    void tx.run(t("mintLabel", { name: request.name }), collectiblesAbi as Abi, async () => {
      const image = await uploadToIpfs(request.file, request.file.type);
      const metadata = await uploadToIpfs(
        JSON.stringify({ name: request.name, description: request.description, image: image.uri, attributes: [] }),
        "application/json",
      );
      const { request: call } = await simulateContract(config, {
        address: collectibles,
        abi: collectiblesAbi,
        functionName: "mint",
        args: [metadata.cid, BigInt(request.royaltyBps), ART],
        account,
        chainId: chain.chainId,
      });
      return writeContract(config, call);
    });
  };

  const mine = query.data?.filter((n) => account && n.owner.toLowerCase() === account.toLowerCase()) ?? [];
  const [selected, setSelected] = useState<bigint>();
  const open = selected === undefined ? undefined : query.data?.find((n) => n.tokenId === selected);
  const openItem = (tokenId: bigint) => {
    setSelected(tokenId);
    if (typeof document !== "undefined") document.getElementById("collection")?.scrollIntoView();
  };
  const details = (n: { tokenId: bigint; metadata?: { name: string } | undefined }) => (
    <button
      type="button"
      className="button-secondary"
      aria-label={t("openItem", { name: n.metadata?.name ?? t("unnamed", { id: String(n.tokenId) }) })}
      onClick={() => openItem(n.tokenId)}
    >
      {t("details")}
    </button>
  );
  return (
    <>
      <section aria-labelledby="collection">
        <h2 id="collection">{t("collection")}</h2>
        {!collectibles ? (
          <Empty>{t("notDeployed")}</Empty>
        ) : query.isPending ? (
          <Loading />
        ) : query.isError ? (
          <ErrorState error={query.error} retry={() => void query.refetch()} />
        ) : query.data.length === 0 ? (
          <Empty>{t("noneYet")}</Empty>
        ) : (
          <>
            <p className="small muted" data-testid="collection-count">
              {t("count", { count: query.data.length })}
            </p>
            {open ? (
              <NftDetail
                key={String(open.tokenId)}
                nft={open}
                chainId={chain.chainId}
                collection={collectibles}
                onClose={() => setSelected(undefined)}
              />
            ) : null}
            <div className="nft-grid" data-testid="collection">
              {query.data.map((n) => (
                <NftCard key={String(n.tokenId)} nft={n}>
                  {details(n)}
                </NftCard>
              ))}
            </div>
          </>
        )}
      </section>
      <ActionGate title={t("createTitle")} label={t("create")} hint={t("createHint")} testId="mint-gate">
        <div className="grid-2">
          <section aria-labelledby="my-nfts">
            <h2 id="my-nfts">{t("mine")}</h2>
            {!collectibles ? (
              <Empty>{t("notDeployed")}</Empty>
            ) : query.isPending ? (
              <Loading />
            ) : query.isError ? (
              <ErrorState error={query.error} retry={() => void query.refetch()} />
            ) : mine.length === 0 ? (
              <Empty>{t("noneMine")}</Empty>
            ) : (
              <div className="nft-grid" data-testid="my-nfts">
                {mine.map((n) => (
                  <NftCard key={String(n.tokenId)} nft={n} />
                ))}
              </div>
            )}
          </section>
          <MintForm
            key={tx.confirmations}
            {...(chain.problem ? { problem: chain.problem } : {})}
            busy={tx.busy}
            {...(tx.error ? { error: tx.error } : {})}
            onSubmit={mint}
          />
        </div>
      </ActionGate>
    </>
  );
}
