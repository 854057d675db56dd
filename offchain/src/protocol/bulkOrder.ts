/**
 * Bulk listing: one EIP-712 signature over the root of a Merkle tree of Marketplace orders
 * (`BulkOrder(bytes32 root,uint8 height)`, the marketplace's domain). The leaves are the orders'
 * struct hashes (hashStruct(Order) — what Marketplace's `_orderStructHash` computes), padded with
 * zero leaves to 2^height (height ≥ 1, so every proof has `height` elements); a node is the
 * keccak256 of its two children sorted (OpenZeppelin MerkleProof's commutative hash). A buyer fills
 * one leaf with `fillBulkOrder(order, proof, signature)`. Pure; shared by the dApp, the API's order
 * book and the contract tests.
 */
import { concat, hashStruct, keccak256, type Hex } from "viem";

import { ORDER_TYPES } from "./typedData.ts";

/** The Marketplace's MAX_BULK_HEIGHT: 2^16 orders under one signature. */
export const MAX_BULK_HEIGHT = 16;

const ZERO: Hex = `0x${"0".repeat(64)}`;

export interface BulkOrderFields {
  seller: Hex;
  collection: Hex;
  tokenId: bigint;
  currency: Hex;
  price: bigint;
  expiry: bigint;
  nonce: bigint;
}

/** hashStruct(Order): a leaf of the tree. */
export const orderLeaf = (order: BulkOrderFields): Hex =>
  hashStruct({ data: order, primaryType: "Order", types: ORDER_TYPES });

/** OpenZeppelin's commutative node hash: keccak256 of the two children, the smaller first. */
export const hashPair = (a: Hex, b: Hex): Hex =>
  BigInt(a) < BigInt(b) ? keccak256(concat([a, b])) : keccak256(concat([b, a]));

/** The root of `proof` from `leaf` (MerkleProof.processProof). */
export const processProof = (leaf: Hex, proof: readonly Hex[]): Hex => proof.reduce(hashPair, leaf);

/**
 * The tree of `orders` (1 to 2^16): its root, height and each order's proof (in the orders'
 * order). Throws on an empty or too large list.
 */
export function bulkOrderTree(orders: readonly BulkOrderFields[]): { root: Hex; height: number; proofs: Hex[][] } {
  if (orders.length === 0) throw new Error("A bulk listing needs at least one order.");
  let height = 1;
  while (2 ** height < orders.length) height++;
  if (height > MAX_BULK_HEIGHT) throw new Error(`A bulk listing holds at most ${2 ** MAX_BULK_HEIGHT} orders.`);
  const layers: Hex[][] = [[...orders.map(orderLeaf), ...Array<Hex>(2 ** height - orders.length).fill(ZERO)]];
  for (let level = 0; level < height; level++) {
    const below = layers[level]!;
    const above: Hex[] = [];
    for (let i = 0; i < below.length; i += 2) above.push(hashPair(below[i]!, below[i + 1]!));
    layers.push(above);
  }
  const proofs = orders.map((_, index) => {
    const proof: Hex[] = [];
    let i = index;
    for (let level = 0; level < height; level++) {
      proof.push(layers[level]![i ^ 1]!);
      i >>= 1;
    }
    return proof;
  });
  return { root: layers[height]![0]!, height, proofs };
}
