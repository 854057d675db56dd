/**
 * Signed (gasless) Marketplace orders: the EIP-712 typed data the seller signs (the contract's
 * `Order` struct and its "Peper Marketplace" v1 domain) — one order, or many at once as the root of
 * a Merkle tree (`BulkOrder`, bulk listing) — the body the API's order book takes, and the
 * arguments `fillOrder` / `fillBulkOrder` need from a book entry. Pure.
 */
import { getAddress, isAddress, type Address, type Hex } from "viem";

// The structs the Marketplace hashes and the bulk listing's tree, shared with the API and the contract tests.
import { bulkOrderTree } from "@protocol/bulkOrder.ts";
import { BULK_ORDER_TYPES, ORDER_TYPES } from "@protocol/typedData.ts";

export const ETH: Address = "0x0000000000000000000000000000000000000000";

export interface Order {
  seller: Address;
  collection: Address;
  tokenId: bigint;
  currency: Address;
  price: bigint;
  expiry: bigint;
  nonce: bigint;
}

export const orderDomain = (chainId: number, marketplace: Address) =>
  ({ name: "Peper Marketplace", version: "1", chainId, verifyingContract: marketplace }) as const;

/** What the wallet signs (eth_signTypedData_v4). */
export const orderTypedData = (chainId: number, marketplace: Address, order: Order) =>
  ({ domain: orderDomain(chainId, marketplace), types: ORDER_TYPES, primaryType: "Order", message: order }) as const;

/** What the wallet signs once for many orders (eth_signTypedData_v4): the root of their tree and its height. */
export const bulkOrderTypedData = (chainId: number, marketplace: Address, root: Hex, height: number) =>
  ({
    domain: orderDomain(chainId, marketplace),
    types: BULK_ORDER_TYPES,
    primaryType: "BulkOrder",
    message: { root, height },
  }) as const;

/**
 * A bulk listing of `orders` (at least one): the typed data to sign once, and for each order its
 * Merkle proof (what the book stores and `fillBulkOrder` takes with the one signature).
 */
export function bulkListing(chainId: number, marketplace: Address, orders: readonly Order[]) {
  const tree = bulkOrderTree(orders);
  return { typedData: bulkOrderTypedData(chainId, marketplace, tree.root, tree.height), proofs: tree.proofs };
}

/** An entry of the API's order book (GET /api/v5/market/orders). */
export interface BookOrder {
  digest: Hex;
  chain_id: number;
  marketplace: Address;
  order: {
    seller: Address;
    collection: Address;
    token_id: string;
    currency: Address;
    price: string;
    expiry: number;
    nonce: string;
  };
  signature: Hex;
  /** A bulk-listed order's Merkle proof (fill with fillBulkOrder); null for an order signed alone. */
  proof?: Hex[] | null;
  /** Wei to send with fillOrder: the price for an ether order, else 0. */
  fill_value: string;
  status: "open";
  listed_at: string;
}

/** The body of POST /api/v5/market/orders: uint256 values as decimal strings (and a bulk order's proof). */
export function orderBody(chainId: number, order: Order, signature: Hex, proof?: readonly Hex[]) {
  return {
    ...(proof ? { proof: [...proof] } : {}),
    chain_id: chainId,
    order: {
      seller: order.seller,
      collection: order.collection,
      token_id: order.tokenId.toString(),
      currency: order.currency,
      price: order.price.toString(),
      expiry: Number(order.expiry),
      nonce: order.nonce.toString(),
    },
    signature,
  };
}

const UINT = /^\d{1,78}$/;

/**
 * A book entry as fillOrder's arguments; throws on an entry that is not well formed (the API is
 * another system: its answers are checked before a transaction is built from them).
 */
export function fillArgs(entry: BookOrder): { order: Order; signature: Hex; value: bigint; proof: Hex[] | null } {
  const o = entry.order;
  for (const [field, v] of [
    ["token_id", o.token_id],
    ["price", o.price],
    ["nonce", o.nonce],
    ["fill_value", entry.fill_value],
  ] as const) {
    if (!UINT.test(v)) throw new Error(`The order book sent a bad ${field}: ${v}`);
  }
  for (const [field, v] of [
    ["seller", o.seller],
    ["collection", o.collection],
    ["currency", o.currency],
  ] as const) {
    if (!isAddress(v, { strict: false })) throw new Error(`The order book sent a bad ${field}: ${v}`);
  }
  if (!Number.isSafeInteger(o.expiry) || o.expiry <= 0)
    throw new Error(`The order book sent a bad expiry: ${o.expiry}`);
  // 65 bytes from an account; a contract wallet's (ERC-1271) may be longer.
  if (!/^0x(?:[0-9a-fA-F]{2}){1,2048}$/.test(entry.signature)) throw new Error("The order book sent a bad signature.");
  const proof = entry.proof ?? null;
  if (
    proof !== null &&
    (!Array.isArray(proof) ||
      proof.length < 1 ||
      proof.length > 16 ||
      !proof.every((h) => /^0x[0-9a-fA-F]{64}$/.test(h)))
  ) {
    throw new Error("The order book sent a bad bulk-order proof.");
  }
  const value = BigInt(entry.fill_value);
  const price = BigInt(o.price);
  const currency = getAddress(o.currency);
  // Never send more ether than the order's price, whatever the book says.
  if (currency === ETH ? value !== price : value !== 0n) {
    throw new Error("The order book's payment does not match the order's price.");
  }
  return {
    order: {
      seller: getAddress(o.seller),
      collection: getAddress(o.collection),
      tokenId: BigInt(o.token_id),
      currency,
      price,
      expiry: BigInt(o.expiry),
      nonce: BigInt(o.nonce),
    },
    signature: entry.signature,
    value,
    proof,
  };
}
