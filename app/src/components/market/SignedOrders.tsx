"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useLocale, useTranslations } from "next-intl";
import { useState } from "react";
import type { Abi, Address } from "viem";
import { useConfig } from "wagmi";
import { getBytecode, readContract, signTypedData, simulateContract, writeContract } from "wagmi/actions";

import { marketplaceAbi } from "@protocol/generated/abis/Marketplace.ts";

import type { Nft } from "../../data/nfts.ts";
import { useAccountMethods } from "../../hooks/useApiAccount.ts";
import { useApiSession } from "../../hooks/useApiSession.ts";
import type { ActiveChain } from "../../hooks/useRuntime.ts";
import type { Transactor } from "../../hooks/useTransactor.ts";
import { formatAmount } from "../../lib/amounts.ts";
import { hasWallet } from "../../lib/account.ts";
import { api, ApiError } from "../../lib/apiClient.ts";
import { bulkListing, ETH, fillArgs, orderBody, orderTypedData, type BookOrder, type Order } from "../../lib/orders.ts";
import { shortAddress } from "../../lib/format.ts";
import { NftCard } from "../nft/NftCard.tsx";
import { SignInPanel } from "../account/LazySignInPanel.tsx";
import { Empty, ErrorState, Loading } from "../States.tsx";
import { useConnectWallet } from "../wallet/WalletContext.tsx";
import { BulkListForm } from "./BulkListForm.tsx";
import { PriceForm, type TokenOption } from "./PriceForm.tsx";

const same = (a: string | undefined, b: string | undefined) => !!a && !!b && a.toLowerCase() === b.toLowerCase();

export interface SignedOrdersProps {
  chain: ActiveChain;
  marketplace: Address;
  collectibles: Address;
  /** The collection's tokens by id (for images and names). */
  nfts: Map<string, Nft>;
  /** Tokens the account owns and has not listed on chain. */
  sellable: TokenOption[];
  needsApproval: boolean;
  /** The marketplace's approval is still being read (the sell forms wait). */
  checkingApproval: boolean;
  approve: () => void;
  tx: Transactor;
  abi: Abi;
  /** The chain's current time (unix seconds). */
  now: () => Promise<bigint>;
}

/**
 * Signed (gasless) sell orders: the seller signs an EIP-712 order in the wallet (no transaction; the
 * marketplace's one-time approval aside) and the API's order book publishes it; a buyer fills it on
 * chain with `fillOrder`. The seller can withdraw it from the book (signed in) or void it on chain.
 * Several tokens can be listed with one signature (a bulk listing: the root of a Merkle tree of
 * orders, filled one by one with `fillBulkOrder`); orders of a contract wallet (ERC-1271) are marked.
 * A visitor without a wallet sees the book (read first, sign last): a Buy asks for the wallet, and
 * the sell forms appear once one is connected.
 */
export function SignedOrders(props: SignedOrdersProps) {
  const { chain, marketplace, collectibles, nfts, tx } = props;
  const t = useTranslations("market.signed");
  const n = useTranslations("nft");
  const locale = useLocale();
  const config = useConfig();
  const queryClient = useQueryClient();
  const { openConnectModal } = useConnectWallet();
  const { session } = useApiSession();
  const account = chain.account;
  // The seller's wallet signed in, or is linked to the account signed in (e-mail or another wallet).
  const linked = useAccountMethods(!!session && !same(session.address, account), session?.account);
  const signedIn = !!session && (same(session.address, account) || hasWallet(linked.data, account));
  const [signing, setSigning] = useState(false);
  const [notice, setNotice] = useState<{ ok: boolean; text: string }>();
  const [askSignIn, setAskSignIn] = useState(false);
  /** Orders published from this form: a new one starts the form afresh. */
  const [published, setPublished] = useState(0);
  const key = ["signedOrders", chain.chainId, collectibles];
  const book = useQuery({
    queryKey: [...key, tx.confirmations],
    refetchInterval: 15_000,
    queryFn: () =>
      api<{ orders: BookOrder[]; next_cursor: string | null }>(
        `/market/orders?chain_id=${chain.chainId}&collection=${collectibles}&limit=50`,
      ),
  });
  const sellers = [...new Set(book.data?.orders.map((o) => o.order.seller.toLowerCase()) ?? [])].sort();
  /** Sellers with code: their orders were signed by a contract wallet (ERC-1271). */
  const contractSellers = useQuery({
    queryKey: ["sellerCode", chain.chainId, sellers],
    enabled: sellers.length > 0,
    staleTime: 300_000,
    queryFn: async () => {
      const codes = await Promise.all(
        sellers.map((address) => getBytecode(config, { address: address as Address, chainId: chain.chainId })),
      );
      return new Set(sellers.filter((_, i) => !!codes[i] && codes[i] !== "0x"));
    },
  });
  const withdraw = useMutation({
    mutationFn: (digest: string) => api<{ note: string }>(`/market/orders/${digest}`, { method: "DELETE", auth: true }),
    onSuccess: () => {
      setNotice({ ok: true, text: t("withdrawn") });
      void queryClient.invalidateQueries({ queryKey: key });
    },
    onError: (e) => setNotice({ ok: false, text: e instanceof Error ? e.message : String(e) }),
  });

  const price = (wei: bigint) => `${formatAmount(wei, 18, { locale })} ETH`;
  const nameOf = (tokenId: string) => nfts.get(tokenId)?.metadata?.name ?? n("unnamed", { id: tokenId });

  /**
   * Signs sell orders of `tokenIds` at `amount` each for `days` and publishes them to the book; the
   * notice says what happened. `publish` signs the orders built (all of them share the nonce and
   * expiry) and sends them to the book, and returns the notice of success.
   */
  const signOrders = async (
    tokenIds: bigint[],
    amount: bigint,
    days: number,
    publish: (account: Address, orders: Order[]) => Promise<string>,
  ) => {
    if (!account) return;
    setSigning(true);
    setNotice(undefined);
    try {
      const nonce = await readContract(config, {
        address: marketplace,
        abi: marketplaceAbi,
        functionName: "minNonce",
        args: [account],
        chainId: chain.chainId,
      });
      const expiry = (await props.now()) + BigInt(days) * 86_400n;
      const orders: Order[] = tokenIds.map((tokenId) => ({
        seller: account,
        collection: collectibles,
        tokenId,
        currency: ETH,
        price: amount,
        expiry,
        nonce,
      }));
      setNotice({ ok: true, text: await publish(account, orders) });
      setPublished((x) => x + 1);
      await queryClient.invalidateQueries({ queryKey: key });
    } catch (e) {
      const text =
        e instanceof ApiError
          ? e.message
          : e instanceof Error && /reject|denied/i.test(e.message)
            ? t("rejected")
            : t("failed", { message: e instanceof Error ? (e.message.split("\n")[0] ?? "") : String(e) });
      setNotice({ ok: false, text });
    } finally {
      setSigning(false);
    }
  };

  const sign = (tokenId: bigint, amount: bigint, days: number) =>
    signOrders([tokenId], amount, days, async (signer, [order]) => {
      if (!order) throw new Error("No order to sign.");
      const typedData = orderTypedData(chain.chainId, marketplace, order);
      const signature = await signTypedData(config, { account: signer, ...typedData });
      await api<BookOrder>("/market/orders", { body: orderBody(chain.chainId, order, signature) });
      return t("published", { id: String(tokenId), price: price(amount) });
    });

  const signBulk = (tokenIds: bigint[], amount: bigint, days: number) =>
    signOrders(tokenIds, amount, days, async (signer, orders) => {
      const { typedData, proofs } = bulkListing(chain.chainId, marketplace, orders);
      // One signature for all of them.
      const signature = await signTypedData(config, { account: signer, ...typedData });
      for (const [i, order] of orders.entries()) {
        await api<BookOrder>("/market/orders", { body: orderBody(chain.chainId, order, signature, proofs[i]) });
      }
      return t("bulkPublished", { count: orders.length, ids: tokenIds.map(String).join(", "), price: price(amount) });
    });

  /** Fills a book order on chain: with its Merkle proof (`fillBulkOrder`) when it was bulk-listed, else `fillOrder`. */
  const fillOnChain = async ({ order, signature, value, proof }: ReturnType<typeof fillArgs>) => {
    const call = { address: marketplace, abi: marketplaceAbi, value, account, chainId: chain.chainId } as const;
    // A bulk-listed order carries its Merkle proof; the signature is the seller's one of the root.
    if (proof) {
      const bulk = await simulateContract(config, {
        ...call,
        functionName: "fillBulkOrder",
        args: [order, proof, signature],
      });
      return writeContract(config, bulk.request);
    }
    const single = await simulateContract(config, { ...call, functionName: "fillOrder", args: [order, signature] });
    return writeContract(config, single.request);
  };

  const fill = (entry: BookOrder) => {
    if (!account) return;
    let args: ReturnType<typeof fillArgs>;
    try {
      args = fillArgs(entry);
    } catch (e) {
      setNotice({ ok: false, text: (e as Error).message });
      return;
    }
    const label = t("buyLabel", { name: nameOf(entry.order.token_id), price: price(args.value) });
    void tx.run(label, props.abi, () => fillOnChain(args));
  };

  const cancelOnChain = (entry: BookOrder) => {
    if (!account) return;
    let order: Order;
    try {
      ({ order } = fillArgs(entry));
    } catch (e) {
      setNotice({ ok: false, text: (e as Error).message });
      return;
    }
    void tx.run(t("cancelLabel", { name: nameOf(entry.order.token_id) }), props.abi, async () => {
      const { request } = await simulateContract(config, {
        address: marketplace,
        abi: marketplaceAbi,
        functionName: "cancelOrder",
        args: [order],
        account,
        chainId: chain.chainId,
      });
      return writeContract(config, request);
    });
  };

  const busy = tx.busy || signing;
  /** The account's sellable tokens not in the book already. */
  const unlisted = props.sellable.filter(
    (x) => !book.data?.orders.some((o) => o.order.token_id === String(x.tokenId) && same(o.order.seller, account)),
  );
  const problem = chain.problem ? { problem: chain.problem } : {};
  const error = tx.error ? { error: tx.error } : {};
  return (
    <section aria-labelledby="signed-orders" className="stack">
      <h2 id="signed-orders">{t("title")}</h2>
      <p className="hint">{t("hint")}</p>
      {notice ? (
        <p
          className={notice.ok ? "form-ok" : "form-error"}
          role={notice.ok ? "status" : "alert"}
          data-testid="signed-notice"
        >
          {notice.text}
        </p>
      ) : null}
      {book.isPending ? (
        <Loading />
      ) : book.isError ? (
        <ErrorState error={book.error} retry={() => void book.refetch()} />
      ) : book.data.orders.length === 0 ? (
        <Empty>{t("none")}</Empty>
      ) : (
        <div className="nft-grid">
          {book.data.orders.map((entry) => {
            const nft = nfts.get(entry.order.token_id);
            const mine = same(entry.order.seller, account);
            const body = (
              <div data-testid={`signed-order-${entry.order.token_id}`}>
                <p>
                  <strong>{price(BigInt(entry.order.price))}</strong> <span className="badge">{t("badge")}</span>{" "}
                  {entry.proof ? <span className="badge">{t("bulkBadge")}</span> : null}{" "}
                  {contractSellers.data?.has(entry.order.seller.toLowerCase()) ? (
                    <span className="badge" data-testid="contract-wallet-badge">
                      {t("contractWallet")}
                    </span>
                  ) : null}{" "}
                  <span className="small muted">
                    {t("seller")} {shortAddress(entry.order.seller)} ·{" "}
                    {t("until", { date: new Date(entry.order.expiry * 1000).toLocaleDateString(locale) })}
                  </span>
                </p>
                {mine ? (
                  <div className="button-row">
                    <button
                      type="button"
                      className="button-secondary"
                      disabled={withdraw.isPending}
                      onClick={() => (signedIn ? withdraw.mutate(entry.digest) : setAskSignIn(true))}
                    >
                      {t("withdraw")}
                    </button>
                    <button
                      type="button"
                      className="button-secondary"
                      disabled={busy || !!chain.problem}
                      onClick={() => cancelOnChain(entry)}
                    >
                      {t("cancelOnChain")}
                    </button>
                  </div>
                ) : (
                  <button
                    type="button"
                    disabled={busy || (!!account && !!chain.problem) || (!account && !openConnectModal)}
                    aria-label={t("buyNamed", {
                      name: nameOf(entry.order.token_id),
                      price: price(BigInt(entry.order.price)),
                    })}
                    onClick={() => (account ? fill(entry) : openConnectModal?.())}
                  >
                    {t("buy")}
                  </button>
                )}
              </div>
            );
            return nft ? (
              <NftCard key={entry.digest} nft={nft}>
                {body}
              </NftCard>
            ) : (
              <article key={entry.digest} className="card nft-card">
                <h3>{nameOf(entry.order.token_id)}</h3>
                {body}
              </article>
            );
          })}
        </div>
      )}
      {askSignIn && !signedIn ? (
        <div>
          <p className="small muted">{t("signInToWithdraw")}</p>
          <SignInPanel />
        </div>
      ) : null}
      {/* the sell forms: for a connected wallet (a visitor sees the book, and the gate below says how to sell) */}
      {account ? (
        <>
          <PriceForm
            key={`signed-${tx.confirmations}-${published}`}
            title={t("formTitle")}
            tokens={unlisted}
            submitLabel={signing ? t("signing") : t("sign")}
            approveLabel={t("approve")}
            needsApproval={props.needsApproval}
            checkingApproval={props.checkingApproval}
            {...problem}
            busy={busy}
            {...error}
            onApprove={props.approve}
            onSubmit={(tokenId, amount, days) => void sign(tokenId, amount, days)}
          />
          <BulkListForm
            key={`bulk-${tx.confirmations}-${published}`}
            tokens={unlisted}
            needsApproval={props.needsApproval}
            checkingApproval={props.checkingApproval}
            {...problem}
            busy={busy}
            onApprove={props.approve}
            onSubmit={(tokenIds, amount, days) => void signBulk(tokenIds, amount, days)}
          />
        </>
      ) : null}
    </section>
  );
}
