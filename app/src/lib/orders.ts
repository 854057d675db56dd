/**
 * Signed (gasless) Marketplace orders: the EIP-712 typed data the seller signs (the contract's
 * `Order` struct and its "Peper Marketplace" v1 domain), the body the API's order book takes, and
 * the arguments `fillOrder` needs from a book entry. Pure.
 */
import { getAddress, isAddress, type Address, type Hex } from "viem";

// The struct the Marketplace hashes, shared with the API and the contract tests.
import { ORDER_TYPES } from "@protocol/typedData.ts";

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
  /** Wei to send with fillOrder: the price for an ether order, else 0. */
  fill_value: string;
  status: "open";
  listed_at: string;
}

/** The body of POST /api/v5/market/orders: uint256 values as decimal strings. */
export function orderBody(chainId: number, order: Order, signature: Hex) {
  return {
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
export function fillArgs(entry: BookOrder): { order: Order; signature: Hex; value: bigint } {
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
  if (!/^0x[0-9a-fA-F]{130}$/.test(entry.signature)) throw new Error("The order book sent a bad signature.");
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
  };
}
