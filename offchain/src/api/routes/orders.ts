import { and, count, desc, eq, inArray, isNotNull, lt, lte, or, sql } from "drizzle-orm";
import type { FastifyPluginAsync } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import {
  AbiDecodingDataSizeTooSmallError,
  BaseError,
  ContractFunctionRevertedError,
  ContractFunctionZeroDataError,
  erc721Abi,
  ExecutionRevertedError,
  getAddress,
  recoverAddress,
  RpcRequestError,
  zeroAddress,
  type Address,
  type Hex,
} from "viem";
import { z } from "zod";

import { appendAudit, type Queryable } from "../../compliance/auditStore.ts";
import { screenAddress } from "../../compliance/sanctions.ts";
import { MARKET_ORDER_STATUSES, marketOrders, web3Wallets, type MarketOrder } from "../../db/schema.ts";
import { MAX_BULK_HEIGHT, orderLeaf, processProof } from "../../protocol/bulkOrder.ts";
import { abis } from "../../protocol/generated/abis.ts";
import { BEARER, caller, requireAuth } from "../auth/guard.ts";
import { ApiError, type ApiContext } from "../context.ts";
import { chainFor, contractAddress, isUnreachable, unreachable, type ChainHandle } from "../web3/endpoint.ts";
import { AddressSchema } from "../web3/schemas.ts";

/**
 * At most this many orders per seller on each chain: open ones, and withdrawn ones until they expire
 * or are voided on chain (a withdrawn order keeps its place, so that its signature cannot be listed
 * again by whoever kept it).
 */
export const MAX_ORDERS_PER_SELLER = 50;
/** The largest page `GET /market/orders` answers. */
const MAX_PAGE = 50;
/** A page examines at most this many stored orders per order it may answer (stale ones are pruned on the way). */
const EXAMINE_FACTOR = 2;
/** At most this many orders are checked on chain at the same time (about three `eth_call`s each). */
const CHECK_CONCURRENCY = 8;
const MAX_UINT256 = 2n ** 256n - 1n;
/** secp256k1's order / 2: OpenZeppelin's ECDSA (and so `fillOrder`) refuses signatures with a larger `s`. */
const HALF_CURVE_ORDER = 0x7fffffffffffffffffffffffffffffff5d576e7357a4501ddfe92f46681b20a0n;
/** `web3_wallets.chain_id` and `market_orders.chain_id` are `integer`s. */
const MAX_CHAIN_ID = 2_147_483_647;

// ---------------------------------------------------------------------------------------------------
// Schemas
// ---------------------------------------------------------------------------------------------------

const Uint256 = z
  .string()
  .regex(/^[0-9]{1,78}$/, "must be a uint256 as a decimal string (digits only)")
  .refine((v) => !/^[0-9]{1,78}$/.test(v) || BigInt(v) <= MAX_UINT256, "is larger than a uint256")
  .transform((v) => BigInt(v).toString());

const OrderInput = z
  .object({
    seller: AddressSchema.describe(
      "Who sells and signs, holding the token: an externally owned account, or a contract wallet (ERC-1271, e.g. a Safe)",
    ),
    collection: AddressSchema.describe("The ERC-721 contract"),
    token_id: Uint256.describe("The token id (uint256, decimal string)"),
    currency: AddressSchema.describe("0x0000000000000000000000000000000000000000 for ether, else the ERC-20's address"),
    price: Uint256.refine((v) => v !== "0", "must be greater than zero").describe(
      "The price in the currency's base units (wei for ether), decimal string",
    ),
    expiry: z
      .number()
      .int()
      .positive()
      .max(Number.MAX_SAFE_INTEGER)
      .describe("Unix seconds after which the order cannot be filled (uint64 in the signed struct)"),
    nonce: Uint256.describe("At least the seller's minNonce on the Marketplace (decimal string)"),
  })
  .strict();

/** The longest signature taken: a contract wallet's (ERC-1271) may hold several owners' signatures. */
const MAX_SIGNATURE_BYTES = 2048;

const Signature = z
  .string()
  .regex(
    new RegExp(`^0x(?:[0-9a-fA-F]{2}){1,${MAX_SIGNATURE_BYTES}}$`),
    `must be the seller's signature as 0x and hex digits: 65 bytes from an account's key, up to ${MAX_SIGNATURE_BYTES} bytes for a contract wallet (ERC-1271)`,
  )
  .transform((v) => v.toLowerCase() as Hex);

/** ERC-1271's `isValidSignature(bytes32,bytes)` and its magic value (what OpenZeppelin's SignatureChecker asks). */
const ERC1271_ABI = [
  {
    type: "function",
    name: "isValidSignature",
    stateMutability: "view",
    inputs: [
      { name: "hash", type: "bytes32" },
      { name: "signature", type: "bytes" },
    ],
    // Read as the whole first word, as OpenZeppelin's SignatureChecker (and so fillOrder) reads it: the
    // selector followed by 28 zero bytes. Decoding it as bytes4 would take 0x1626ba7e plus anything.
    outputs: [{ name: "magicValue", type: "bytes32" }],
  },
] as const;
const ERC1271_MAGIC = "0x1626ba7e";
const ERC1271_MAGIC_WORD = `${ERC1271_MAGIC}${"0".repeat(56)}`;

const ChainId = z
  .number()
  .int()
  .positive()
  .max(MAX_CHAIN_ID)
  .describe("The EIP-155 chain id the order was signed for (31337 for the local chain A)");

const PostBody = z
  .object({
    chain_id: ChainId,
    order: OrderInput,
    proof: z
      .array(z.string().regex(/^0x[0-9a-fA-F]{64}$/, "must be a 32-byte hash: 0x and 64 hex digits"))
      .min(1)
      .max(MAX_BULK_HEIGHT)
      .transform((hashes) => hashes.map((h) => h.toLowerCase() as Hex))
      .optional()
      .describe(
        `For an order of a bulk listing: its Merkle proof (leaf to root, 1 to ${MAX_BULK_HEIGHT} hashes); the signature is then the seller's of BulkOrder(root, height) (Marketplace.bulkOrderHash), not of this order`,
      ),
    signature: Signature.describe(
      'The seller\'s EIP-712 signature of the Order (domain "Peper Marketplace", "1", chain id, the Marketplace): an account\'s 65-byte ECDSA signature, or whatever the seller\'s contract wallet accepts (ERC-1271)',
    ),
  })
  .strict();

const OrderView = z.object({
  seller: z.string(),
  collection: z.string(),
  token_id: z.string(),
  currency: z.string(),
  price: z.string(),
  expiry: z.number().int(),
  nonce: z.string(),
});

const BookOrder = z.object({
  digest: z.string().describe("The order's EIP-712 digest (Marketplace.orderHash): its id in the book"),
  chain_id: z.number().int(),
  marketplace: z.string().describe("The Marketplace to call fillOrder on (the signature's verifying contract)"),
  order: OrderView.describe(
    "The signed order; for fillOrder pass it as the Order struct (token_id → tokenId, numbers as uint256)",
  ),
  signature: z.string(),
  proof: z
    .array(z.string())
    .nullable()
    .describe(
      "A bulk-listed order's Merkle proof: fill it with fillBulkOrder(order, proof, signature); null: fillOrder(order, signature)",
    ),
  fill_value: z.string().describe("Wei to send with fillOrder: the price for an ether order, else 0"),
  status: z.enum(MARKET_ORDER_STATUSES),
  listed_at: z.string(),
});

const Digest = z
  .string()
  .regex(/^0x[0-9a-fA-F]{64}$/, "must be an order digest: 0x and 64 hex digits")
  .transform((v) => v.toLowerCase());

/** `<ms since epoch>.<digest>`: where the previous page ended. */
const Cursor = z.string().regex(/^[0-9]{1,15}\.0x[0-9a-f]{64}$/, "must be the next_cursor of the previous page");

const ListQuery = z
  .object({
    chain_id: z.coerce.number().int().positive().max(MAX_CHAIN_ID),
    collection: AddressSchema.optional(),
    token_id: Uint256.optional(),
    seller: AddressSchema.optional(),
    limit: z.coerce.number().int().min(1).max(MAX_PAGE).default(20),
    cursor: Cursor.optional(),
  })
  .strict();

type OrderInput = z.output<typeof OrderInput>;
type BookOrderView = z.infer<typeof BookOrder>;

const view = (row: MarketOrder): BookOrderView => ({
  digest: row.digest,
  chain_id: row.chainId,
  marketplace: getAddress(row.marketplace),
  order: {
    seller: getAddress(row.seller),
    collection: getAddress(row.collection),
    token_id: row.tokenId,
    currency: getAddress(row.currency),
    price: row.price,
    expiry: row.expiry,
    nonce: row.nonce,
  },
  signature: row.signature,
  proof: row.proof ?? null,
  fill_value: row.currency === zeroAddress ? row.price : "0",
  status: row.status,
  listed_at: row.listedAt.toISOString(),
});

// ---------------------------------------------------------------------------------------------------
// The chain's view of an order
// ---------------------------------------------------------------------------------------------------

/** What the chain says about an order, read by `eth_call`. */
interface Assessment {
  /** `orderUsed(digest)`: filled or cancelled. */
  readonly used: boolean;
  /** The seller's `minNonce`. */
  readonly minNonce: bigint;
  /** `ownerOf(tokenId)`, or null when the call reverts (no such token, not an ERC-721). */
  readonly owner: Address | null;
  /** The Marketplace may move the token: `isApprovedForAll(seller, marketplace)` or `getApproved(tokenId)`. */
  readonly approved: boolean;
}

/** What a stored order needs to be assessed. */
interface OrderKey {
  readonly digest: Hex;
  readonly seller: Address;
  readonly collection: Address;
  readonly tokenId: bigint;
}

/** JSON-RPC's "execution reverted" error code (EIP-1474). */
const EXECUTION_REVERTED = 3;

/**
 * True when an `eth_call` really ran and reverted (with or without revert data), or returned no data
 * (no contract at the address, or no such function). False for everything else — a node that does not
 * answer, or answers a JSON-RPC error such as "header not found" or a rate limit — since that says
 * nothing about the contract.
 */
function isRevert(error: unknown): boolean {
  if (!(error instanceof BaseError)) return false;
  if (error.walk((e) => e instanceof ContractFunctionZeroDataError)) return true;
  // A node's "execution reverted" that viem could not tie to the call (not "gas required exceeds allowance").
  if (error.walk((e) => e instanceof ExecutionRevertedError && /\brevert/i.test(e.details))) return true;
  const reverted = error.walk((e) => e instanceof ContractFunctionRevertedError);
  if (!(reverted instanceof ContractFunctionRevertedError)) return false;
  // viem also files a bare -32603 "internal error" as a revert: only revert data, the revert code or
  // the node's own "revert" words make it one.
  if (reverted.raw !== undefined && /^0x(?:[0-9a-fA-F]{2})*$/.test(reverted.raw)) return true;
  const rpc = error.walk((e) => e instanceof RpcRequestError);
  if (rpc instanceof RpcRequestError && rpc.code === EXECUTION_REVERTED) return true;
  return /\brevert/i.test(reverted.reason ?? "");
}

/** 503 `chain-unreachable` for a node that answered a read with an error instead of a result. */
const nodeFailed = (chain: ChainHandle): ApiError =>
  new ApiError(
    503,
    "chain-unreachable",
    `The node for chain ${chain.endpoint.chainId} answered a read with an error instead of a result (it may be syncing or rate-limiting); no order was dropped on that answer, try again in a minute.`,
    { headers: { "retry-after": "60" } },
  );

/**
 * Runs chain reads, turning a node that does not answer, or answers an error that is not a revert,
 * into 503 `chain-unreachable`.
 */
async function onChain<T>(chain: ChainHandle, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof ApiError) throw error;
    if (isUnreachable(error)) throw unreachable(chain.endpoint);
    if (error instanceof BaseError && !isRevert(error)) throw nodeFailed(chain);
    throw error;
  }
}

/** A read whose revert (or a contract that is not there) means null; any other failure still throws. */
const orNull = <T>(read: Promise<T>): Promise<T | null> =>
  read.catch((error: unknown) => {
    if (isRevert(error)) return null;
    throw error;
  });

/** `work` on each item, at most `limit` at a time, answered in the items' order; stops at the first failure. */
async function mapBounded<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  let failed = false;
  const worker = async (): Promise<void> => {
    while (!failed && next < items.length) {
      const i = next++;
      try {
        results[i] = await work(items[i]!);
      } catch (error) {
        failed = true;
        throw error;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/**
 * Reads, for each order, what `fillOrder` depends on: used, the seller's minimum nonce, the token's
 * owner and the Marketplace's approval. Reads shared by several orders (a seller's nonce, an operator
 * approval) are made once; at most `CHECK_CONCURRENCY` orders are read at a time. Any failure that is
 * not a revert (the node down, or answering an error) fails the whole assessment with 503.
 */
async function assess(chain: ChainHandle, marketplace: Address, orders: readonly OrderKey[]): Promise<Assessment[]> {
  const { client } = chain;
  const minNonces = new Map<Address, Promise<bigint>>();
  const operators = new Map<string, Promise<boolean>>();
  const minNonceOf = (seller: Address) => {
    let read = minNonces.get(seller);
    if (!read) {
      read = client.readContract({
        address: marketplace,
        abi: abis.Marketplace,
        functionName: "minNonce",
        args: [seller],
      });
      minNonces.set(seller, read);
    }
    return read;
  };
  const operatorOf = (seller: Address, collection: Address) => {
    const key = `${seller}/${collection}`;
    let read = operators.get(key);
    if (!read) {
      read = orNull(
        client.readContract({
          address: collection,
          abi: erc721Abi,
          functionName: "isApprovedForAll",
          args: [seller, marketplace],
        }),
      ).then((approved) => approved === true);
      operators.set(key, read);
    }
    return read;
  };
  return onChain(chain, () =>
    mapBounded(orders, CHECK_CONCURRENCY, async (o): Promise<Assessment> => {
      const [used, minNonce, owner, operator, approvedOne] = await Promise.all([
        client.readContract({
          address: marketplace,
          abi: abis.Marketplace,
          functionName: "orderUsed",
          args: [o.digest],
        }),
        minNonceOf(o.seller),
        orNull(
          client.readContract({
            address: o.collection,
            abi: erc721Abi,
            functionName: "ownerOf",
            args: [o.tokenId],
          }),
        ),
        operatorOf(o.seller, o.collection),
        orNull(
          client.readContract({
            address: o.collection,
            abi: erc721Abi,
            functionName: "getApproved",
            args: [o.tokenId],
          }),
        ),
      ]);
      return {
        used,
        minNonce,
        owner: owner === null ? null : getAddress(owner),
        approved: operator || (approvedOne !== null && getAddress(approvedOne) === marketplace),
      };
    }),
  );
}

/** Why a stored order can no longer be filled, or null when it still can. */
type Staleness = "filled-or-cancelled" | "nonce-voided" | "owner-changed" | "not-approved";

function staleness(row: MarketOrder, a: Assessment): Staleness | null {
  if (a.used) return "filled-or-cancelled";
  if (BigInt(row.nonce) < a.minNonce) return "nonce-voided";
  if (a.owner === null || a.owner !== getAddress(row.seller)) return "owner-changed";
  if (!a.approved) return "not-approved";
  return null;
}

const keyOf = (row: MarketOrder): OrderKey => ({
  digest: row.digest as Hex,
  seller: getAddress(row.seller),
  collection: getAddress(row.collection),
  tokenId: BigInt(row.tokenId),
});

/**
 * Splits stored orders into those still fillable and the stale ones, and deletes the stale ones from
 * the book (expired ones without asking the chain). Answers the live open rows in their order.
 *
 * A withdrawn row is deleted only when it is expired, filled or cancelled, or below the seller's
 * minNonce — when `POST` would refuse the order anyway — so a withdrawn order never becomes postable
 * again (a token that moved away or a revoked approval can come back).
 */
async function pruneStale(
  db: Queryable,
  chain: ChainHandle,
  marketplace: Address,
  rows: readonly MarketOrder[],
  nowSeconds: number,
): Promise<{ live: MarketOrder[]; pruned: number }> {
  const unexpired = rows.filter((r) => r.expiry > nowSeconds);
  const verdicts = await assess(chain, marketplace, unexpired.map(keyOf));
  const verdictOf = new Map(unexpired.map((r, i) => [r.digest, staleness(r, verdicts[i]!)]));
  const live: MarketOrder[] = [];
  /** Dead whatever their state: expired (no verdict), filled or cancelled, nonce voided. */
  const final: string[] = [];
  /** Open rows not fillable now; a row withdrawn meanwhile stays. */
  const stale: string[] = [];
  for (const row of rows) {
    const verdict = verdictOf.get(row.digest);
    if (verdict === undefined || verdict === "filled-or-cancelled" || verdict === "nonce-voided") {
      final.push(row.digest);
    } else if (row.status === "open") {
      if (verdict === null) live.push(row);
      else stale.push(row.digest);
    }
  }
  if (final.length > 0) await db.delete(marketOrders).where(inArray(marketOrders.digest, final));
  if (stale.length > 0) {
    await db.delete(marketOrders).where(and(inArray(marketOrders.digest, stale), eq(marketOrders.status, "open")));
  }
  return { live, pruned: final.length + stale.length };
}

// ---------------------------------------------------------------------------------------------------
// Routes
// ---------------------------------------------------------------------------------------------------

/**
 * `/api/v5/market/orders`: the off-chain book of the Marketplace's signed sell orders (EIP-712
 * `Order`). Anyone may post an order its seller signed (the signature is the credential) and read the
 * book; only the seller, signed in with that wallet linked and verified, may withdraw one. Every order
 * is checked against the chain when posted and again whenever it is read; stale ones leave the book.
 */
export const orderRoutes =
  (ctx: ApiContext): FastifyPluginAsync =>
  async (plugin) => {
    const app = plugin.withTypeProvider<ZodTypeProvider>();
    const { db } = ctx.database;
    const nowSeconds = () => Math.floor(ctx.now() / 1000);
    const walletPseudonym = (address: string) => ctx.pseudonym(`wallet:${address.toLowerCase()}`);
    /**
     * POST and GET each allow a tenth of the per-IP limit per minute: both are public and each request
     * makes chain reads (GET up to limit × EXAMINE_FACTOR orders, CHECK_CONCURRENCY at a time).
     */
    const routeRateLimit = { max: Math.max(1, Math.floor(ctx.limits.perMinute / 10)), timeWindow: 60_000 };

    /** 403 `sanctioned-address` (audited, without the address) when the address is listed. */
    const screen = async (address: Address, field: string, actor: string): Promise<void> => {
      const hit = screenAddress(ctx.sanctions, address);
      if (!hit) return;
      await db.transaction(async (tx) => {
        await appendAudit(
          tx,
          {
            actor,
            action: "market.sanctions-refused",
            target: "",
            details: { route: "orders", field, list: hit.list },
          },
          ctx.now(),
        );
      });
      throw new ApiError(
        403,
        "sanctioned-address",
        `${address} is on a sanctions list (${hit.list}); Peper does not list orders involving it. Contact support if you think this is wrong.`,
        { field },
      );
    };

    /**
     * `fillOrder`'s signature check (OpenZeppelin SignatureChecker): a seller with code (a contract
     * wallet) must answer ERC-1271's magic value from `isValidSignature(digest, signature)`, asked by
     * `eth_call` as the Marketplace asks it; any other seller needs a low-s 65-byte ECDSA signature
     * of `digest` by its key.
     */
    const checkSignature = async (
      chain: ChainHandle,
      marketplace: Address,
      order: OrderInput,
      digest: Hex,
      signature: Hex,
    ): Promise<void> => {
      const refuse = (why: string) => new ApiError(422, "invalid-signature", why, { field: "signature" });
      const code = await onChain(chain, () => chain.client.getCode({ address: order.seller }));
      if (code !== undefined && code !== "0x") {
        const answer = await onChain(chain, () =>
          orNull(
            chain.client
              .readContract({
                address: order.seller,
                abi: ERC1271_ABI,
                functionName: "isValidSignature",
                args: [digest, signature],
              })
              // An answer shorter than a word is no answer to SignatureChecker: refused, not a node failure.
              .catch((error: unknown) => {
                if (error instanceof BaseError && error.walk((e) => e instanceof AbiDecodingDataSizeTooSmallError))
                  return null;
                throw error;
              }),
          ),
        );
        if (answer?.toLowerCase() !== ERC1271_MAGIC_WORD) {
          throw refuse(
            `${order.seller} is a contract wallet and did not accept this signature (ERC-1271 isValidSignature did not answer ${ERC1271_MAGIC}) for this order's digest on the Marketplace ${marketplace} on chain ${chain.endpoint.chainId}; sign exactly these order fields with the wallet (its owners), as fillOrder asks the wallet the same.`,
          );
        }
        return;
      }
      const v = signature.length === 132 ? Number.parseInt(signature.slice(130, 132), 16) : 0;
      const s = signature.length === 132 ? BigInt(`0x${signature.slice(66, 130)}`) : 0n;
      if ((v !== 27 && v !== 28) || s === 0n || s > HALF_CURVE_ORDER) {
        throw refuse(
          "The signature is not in the form the Marketplace accepts from an account (65 bytes r‖s‖v with v = 27 or 28 and s in the lower half of the curve order, as eth_signTypedData_v4 produces); sign the order again with the seller's wallet.",
        );
      }
      const signer = await recoverAddress({ hash: digest, signature }).catch(() => null);
      if (signer !== order.seller) {
        throw refuse(
          `The signature is not ${order.seller}'s EIP-712 signature of this order for the Marketplace ${marketplace} on chain ${chain.endpoint.chainId} (domain "Peper Marketplace", version "1"); sign exactly these order fields again with the seller's wallet.`,
        );
      }
    };

    /** 422 `invalid-currency` unless the currency of a non-ether order is a contract on the chain. */
    const checkCurrency = async (chain: ChainHandle, currency: Address): Promise<void> => {
      const code = await onChain(chain, () => chain.client.getCode({ address: currency }));
      if (code === undefined || code === "0x") {
        throw new ApiError(
          422,
          "invalid-currency",
          `The currency ${currency} is not a contract on chain ${chain.endpoint.chainId}, so no buyer could pay with it: use ${zeroAddress} for ether, or the address of an ERC-20 token deployed on this chain; then sign the order again.`,
          { field: "order.currency" },
        );
      }
    };

    /** The chain-state checks `fillOrder` would make, made now; the first that fails answers. */
    const checkFillable = async (chain: ChainHandle, marketplace: Address, order: OrderInput, digest: Hex) => {
      const [a] = await assess(chain, marketplace, [
        { digest, seller: order.seller, collection: order.collection, tokenId: BigInt(order.token_id) },
      ]);
      if (a!.used) {
        throw new ApiError(
          409,
          "order-used",
          "This order was already filled or cancelled on chain; it cannot be filled again. Sign a new order (another nonce) to sell.",
          { field: "signature" },
        );
      }
      if (BigInt(order.nonce) < a!.minNonce) {
        throw new ApiError(
          422,
          "nonce-below-minimum",
          `The order's nonce ${order.nonce} is below the seller's minimum nonce ${a!.minNonce} on the Marketplace (bumpNonce voided it); sign the order again with a nonce of at least ${a!.minNonce}.`,
          { field: "order.nonce" },
        );
      }
      if (a!.owner === null) {
        throw new ApiError(
          422,
          "token-not-found",
          `Token ${order.token_id} does not exist in ${order.collection} (or that is not an ERC-721 contract); check the collection and token id.`,
          { field: "order.token_id" },
        );
      }
      if (a!.owner !== order.seller) {
        throw new ApiError(
          422,
          "not-token-owner",
          `${order.seller} does not own token ${order.token_id} of ${order.collection} (its owner is ${a!.owner}); only the owner can sell it.`,
          { field: "order.token_id" },
        );
      }
      if (!a!.approved) {
        throw new ApiError(
          422,
          "marketplace-not-approved",
          `Approve the marketplace for this collection first: from ${order.seller}, call setApprovalForAll(${marketplace}, true) on ${order.collection} (or approve(${marketplace}, ${order.token_id}) for this token only), then post the order again.`,
          { field: "order.collection" },
        );
      }
    };

    app.post(
      "/",
      {
        prefixTrailingSlash: "no-slash",
        config: { rateLimit: routeRateLimit },
        schema: {
          summary: "Publish a signed Marketplace sell order to the book",
          description: `No sign-in: the seller's EIP-712 signature is the credential — of the order, or, for an order of a bulk listing, of \`BulkOrder(root, height)\` with the order's Merkle \`proof\` (one signature for many orders; fill those with fillBulkOrder). The Marketplace is the chain's deployment (never the client's). Checked like fillOrder would: the signature (65-byte ECDSA of the seller, low s; a contract wallet as the seller must accept it by ERC-1271 isValidSignature, asked by eth_call as fillOrder asks it), not filled or cancelled (409 \`order-used\`), nonce ≥ minNonce(seller) (422 \`nonce-below-minimum\`), the seller owns the token (422 \`not-token-owner\` / \`token-not-found\`), the Marketplace is approved for it (422 \`marketplace-not-approved\`), expiry in the future (422 \`order-expired\`), no address on a sanctions list (403 \`sanctioned-address\`). 201 with the stored order; 200 with it when the same order (same digest) was posted before. The currency is the zero address (ether) or a contract on the chain (422 \`invalid-currency\`). 503 \`chain-unreachable\` when the node does not answer or answers a read with an error (nothing is stored). At most ${MAX_ORDERS_PER_SELLER} orders per seller on each chain, open ones and withdrawn ones until they expire or are voided on chain by cancelOrder/bumpNonce (409 \`order-limit-reached\`); an order its seller withdrew cannot be posted again (409 \`order-withdrawn\`). Rate: a tenth of the per-IP limit per minute.`,
          body: PostBody,
          response: { 200: BookOrder, 201: BookOrder },
        },
      },
      async (request, reply) => {
        const { chain_id: chainId, order, signature, proof } = request.body;
        const chain = chainFor(ctx, chainId);
        const marketplace = contractAddress(chain.endpoint, "Marketplace");
        if (order.expiry <= nowSeconds()) {
          throw new ApiError(
            422,
            "order-expired",
            `The order expired at ${new Date(order.expiry * 1000).toISOString()}; sign a new one with a later expiry.`,
            { field: "order.expiry" },
          );
        }
        const struct = {
          seller: order.seller,
          collection: order.collection,
          tokenId: BigInt(order.token_id),
          currency: order.currency,
          price: BigInt(order.price),
          expiry: BigInt(order.expiry),
          nonce: BigInt(order.nonce),
        };
        // The digest from the deployed contract itself: its EIP-712 domain is the one fillOrder checks.
        const digest = (
          await onChain(chain, () =>
            chain.client.readContract({
              address: marketplace,
              abi: abis.Marketplace,
              functionName: "orderHash",
              args: [struct],
            }),
          )
        ).toLowerCase() as Hex;
        // A bulk-listed order: the seller signed the root its proof leads to (and the tree's height).
        const signed =
          proof === undefined
            ? digest
            : ((await onChain(chain, () =>
                chain.client.readContract({
                  address: marketplace,
                  abi: abis.Marketplace,
                  functionName: "bulkOrderHash",
                  args: [processProof(orderLeaf(struct), proof), proof.length],
                }),
              )) as Hex);
        await checkSignature(chain, marketplace, order, signed, signature);
        // Screened once the signature proves the seller, so a forged order cannot fill the audit log.
        const actor = walletPseudonym(order.seller);
        await screen(order.seller, "order.seller", actor);
        await screen(order.collection, "order.collection", actor);
        if (order.currency !== zeroAddress) {
          await screen(order.currency, "order.currency", actor);
          await checkCurrency(chain, order.currency);
        }
        await checkFillable(chain, marketplace, order, digest);

        const seller = order.seller.toLowerCase();
        // Open and withdrawn rows alike take a place (a withdrawn row stays until it expires or is voided).
        const rowsOfSeller = and(eq(marketOrders.chainId, chainId), eq(marketOrders.seller, seller));
        const [{ n: held } = { n: 0 }] = await db.select({ n: count() }).from(marketOrders).where(rowsOfSeller);
        if (held >= MAX_ORDERS_PER_SELLER) {
          // At the limit: first drop the seller's open orders that can no longer be filled, and the
          // withdrawn ones that expired or were voided on chain (cancelOrder, bumpNonce).
          const rows = await db.select().from(marketOrders).where(rowsOfSeller);
          await pruneStale(db, chain, marketplace, rows, nowSeconds());
        }

        const outcome = await db.transaction(async (tx) => {
          // Serialises posts of one seller on one chain, so two cannot both take the last free place.
          await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtext(${`peper/market-orders/${chainId}/${seller}`}))`);
          const [existing] = await tx.select().from(marketOrders).where(eq(marketOrders.digest, digest));
          if (existing?.status === "withdrawn") {
            throw new ApiError(
              409,
              "order-withdrawn",
              "The seller withdrew this order from the book, so it is not listed again. To sell, sign a new order (another nonce).",
              { field: "signature" },
            );
          }
          if (existing) return { row: existing, created: false };
          // Expired rows of this seller are dead whatever their state; they leave before counting.
          await tx
            .delete(marketOrders)
            .where(
              and(
                eq(marketOrders.chainId, chainId),
                eq(marketOrders.seller, seller),
                lte(marketOrders.expiry, nowSeconds()),
              ),
            );
          const [{ n } = { n: 0 }] = await tx.select({ n: count() }).from(marketOrders).where(rowsOfSeller);
          if (n >= MAX_ORDERS_PER_SELLER) {
            throw new ApiError(
              409,
              "order-limit-reached",
              `${order.seller} already holds all ${MAX_ORDERS_PER_SELLER} places a seller has in the book on chain ${chainId}: open orders, and withdrawn orders until they expire (withdrawing does not free a place, so the withdrawn signature cannot be listed again). To free places, void orders on chain from the seller's wallet — cancelOrder(order) on the Marketplace ${marketplace}, or bumpNonce for every order below a nonce — or wait for orders to fill or expire.`,
              { field: "order.seller" },
            );
          }
          const [row] = await tx
            .insert(marketOrders)
            .values({
              digest,
              chainId,
              marketplace: marketplace.toLowerCase(),
              seller,
              collection: order.collection.toLowerCase(),
              tokenId: order.token_id,
              currency: order.currency.toLowerCase(),
              price: order.price,
              expiry: order.expiry,
              nonce: order.nonce,
              signature,
              proof: proof ?? null,
              status: "open",
              listedAt: new Date(ctx.now()),
            })
            .returning();
          await appendAudit(
            tx,
            {
              actor,
              action: "market.order.publish",
              target: digest,
              details: { chain_id: chainId, collection: order.collection, token_id: order.token_id },
            },
            ctx.now(),
          );
          return { row: row!, created: true };
        });
        return reply.status(outcome.created ? 201 : 200).send(view(outcome.row));
      },
    );

    app.get(
      "/",
      {
        prefixTrailingSlash: "no-slash",
        config: { rateLimit: routeRateLimit },
        schema: {
          summary: "The open signed orders of the book, each checked against the chain",
          description: `Newest first. Every order is re-checked by eth_call before it is answered (filled or cancelled, nonce below the seller's minNonce, the seller no longer owns the token, the Marketplace no longer approved, expired); stale orders are deleted from the book and counted in \`pruned\`, never answered. A page may hold fewer than \`limit\` orders when many were stale (at most ${EXAMINE_FACTOR} × \`limit\` are examined per request, ${CHECK_CONCURRENCY} at a time); pass \`next_cursor\` as \`cursor\` for the next page (null on the last). \`token_id\` needs \`collection\`. 503 \`chain-unreachable\` when the node does not answer or answers a read with an error (rate limit, node not synced): an order is pruned only on what the chain answered, never because a read failed. Rate: a tenth of the per-IP limit per minute.`,
          querystring: ListQuery,
          response: {
            200: z.object({
              orders: z.array(BookOrder),
              next_cursor: z.string().nullable(),
              pruned: z.number().int().describe("Stale orders found and removed while reading this page"),
            }),
          },
        },
      },
      async (request) => {
        const { chain_id: chainId, collection, token_id: tokenId, seller, limit, cursor } = request.query;
        if (tokenId !== undefined && collection === undefined) {
          throw new ApiError(400, "invalid-input", "token_id: give the collection with the token id.", {
            field: "token_id",
          });
        }
        const chain = chainFor(ctx, chainId);
        const marketplace = contractAddress(chain.endpoint, "Marketplace");
        let after: { at: Date; digest: string } | undefined;
        if (cursor !== undefined) {
          const dot = cursor.indexOf(".");
          after = { at: new Date(Number(cursor.slice(0, dot))), digest: cursor.slice(dot + 1) };
        }
        const filters = and(
          eq(marketOrders.chainId, chainId),
          eq(marketOrders.marketplace, marketplace.toLowerCase()),
          eq(marketOrders.status, "open"),
          collection ? eq(marketOrders.collection, collection.toLowerCase()) : undefined,
          tokenId !== undefined ? eq(marketOrders.tokenId, tokenId) : undefined,
          seller ? eq(marketOrders.seller, seller.toLowerCase()) : undefined,
        );
        const orders: MarketOrder[] = [];
        let pruned = 0;
        let examined = 0;
        let more = false;
        while (orders.length < limit && examined < limit * EXAMINE_FACTOR) {
          const want = Math.min(limit - orders.length, limit * EXAMINE_FACTOR - examined);
          const rows = await db
            .select()
            .from(marketOrders)
            .where(
              and(
                filters,
                after
                  ? or(
                      lt(marketOrders.listedAt, after.at),
                      and(eq(marketOrders.listedAt, after.at), lt(marketOrders.digest, after.digest)),
                    )
                  : undefined,
              ),
            )
            .orderBy(desc(marketOrders.listedAt), desc(marketOrders.digest))
            .limit(want + 1);
          const batch = rows.slice(0, want);
          more = rows.length > want;
          if (batch.length === 0) break;
          examined += batch.length;
          const checked = await pruneStale(db, chain, marketplace, batch, nowSeconds());
          orders.push(...checked.live);
          pruned += checked.pruned;
          const last = batch[batch.length - 1]!;
          after = { at: last.listedAt, digest: last.digest };
          if (!more) break;
        }
        return {
          orders: orders.map(view),
          next_cursor: more && after ? `${after.at.getTime()}.${after.digest}` : null,
          pruned,
        };
      },
    );

    app.delete(
      "/:digest",
      {
        onRequest: requireAuth(ctx),
        schema: {
          summary: "Withdraw your order from the book (the signature stays valid on chain)",
          description: `Only the seller: the caller's account must have the seller's wallet linked and verified (Sign-In with Ethereum: POST /api/v5/auth/siwe/verify or /link); otherwise 403 \`not-the-seller\`. The order leaves the book and cannot be posted to it again: its row stays, and keeps its place among the seller's ${MAX_ORDERS_PER_SELLER}, until the order expires or is voided on chain (cancelOrder/bumpNonce). But whoever kept the signed order can still fill it on chain: to void it, call cancelOrder(order) on the Marketplace from the seller's wallet (or bumpNonce for all orders below a nonce). 404 when the order is not in the book (never posted, or pruned as stale). Withdrawing twice answers the same.`,
          security: BEARER,
          params: z.object({ digest: Digest }),
          response: {
            200: z.object({
              digest: z.string(),
              status: z.literal("withdrawn"),
              withdrawn_at: z.string(),
              signature_still_valid: z.literal(true),
              note: z.string(),
            }),
          },
        },
      },
      async (request) => {
        const { sub } = caller(request);
        const { digest } = request.params;
        return db.transaction(async (tx) => {
          const [row] = await tx.select().from(marketOrders).where(eq(marketOrders.digest, digest)).for("update");
          if (!row) {
            throw new ApiError(
              404,
              "not-found",
              "The order is not in the book: it was never posted, or it was removed because it was filled, cancelled or went stale.",
            );
          }
          const [wallet] = await tx
            .select({ id: web3Wallets.id })
            .from(web3Wallets)
            .where(
              and(eq(web3Wallets.userId, sub), eq(web3Wallets.address, row.seller), isNotNull(web3Wallets.verifiedAt)),
            )
            .limit(1);
          if (!wallet) {
            throw new ApiError(
              403,
              "not-the-seller",
              `Only the seller ${getAddress(row.seller)} can withdraw this order: sign in with that wallet (Sign-In with Ethereum) or link it to your account (POST /api/v5/auth/siwe/link), then retry.`,
            );
          }
          let withdrawnAt = row.withdrawnAt;
          if (row.status !== "withdrawn" || !withdrawnAt) {
            withdrawnAt = new Date(ctx.now());
            await tx
              .update(marketOrders)
              .set({ status: "withdrawn", withdrawnAt })
              .where(eq(marketOrders.digest, digest));
            // The row stays, holding its place among the seller's MAX_ORDERS_PER_SELLER, until the
            // order expires or is voided on chain: until then it cannot be posted again.
            await appendAudit(
              tx,
              {
                actor: ctx.pseudonym(sub),
                action: "market.order.withdraw",
                target: digest,
                details: { chain_id: row.chainId },
              },
              ctx.now(),
            );
          }
          return {
            digest,
            status: "withdrawn" as const,
            withdrawn_at: withdrawnAt.toISOString(),
            signature_still_valid: true as const,
            note: "The order is off the book, but its signature is still valid: anyone holding it can fill it on chain until you call cancelOrder(order) on the Marketplace (or bumpNonce).",
          };
        });
      },
    );
  };
