import {
  encodeAbiParameters,
  hashTypedData,
  keccak256,
  recoverTypedDataAddress,
  toHex,
  concat,
  stringToHex,
  type Address,
} from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { describe, expect, it } from "vitest";

import { orderLeaf, processProof } from "@protocol/bulkOrder.ts";

import { bulkListing, ETH, fillArgs, orderBody, orderTypedData, type BookOrder, type Order } from "./orders.ts";

const seller = privateKeyToAccount("0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d");
const MARKET: Address = "0xc6e7DF5E7b4f2A278906862b61205850344D4e7d";
const COLLECTION: Address = "0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512";

const order: Order = {
  seller: seller.address,
  collection: COLLECTION,
  tokenId: 7n,
  currency: ETH,
  price: 25n * 10n ** 16n,
  expiry: 1_800_000_000n,
  nonce: 0n,
};

describe("signed orders", () => {
  it("hashes the order as Marketplace.orderHash does (EIP-712 over the contract's typehash and domain)", () => {
    // The contract: keccak256(abi.encode(ORDER_TYPEHASH, order)) under the "Peper Marketplace" v1 domain.
    const typehash = keccak256(
      stringToHex(
        "Order(address seller,address collection,uint256 tokenId,address currency,uint256 price,uint64 expiry,uint256 nonce)",
      ),
    );
    const structHash = keccak256(
      encodeAbiParameters(
        [
          { type: "bytes32" },
          { type: "address" },
          { type: "address" },
          { type: "uint256" },
          { type: "address" },
          { type: "uint256" },
          { type: "uint64" },
          { type: "uint256" },
        ],
        [
          typehash,
          order.seller,
          order.collection,
          order.tokenId,
          order.currency,
          order.price,
          order.expiry,
          order.nonce,
        ],
      ),
    );
    const domainSeparator = keccak256(
      encodeAbiParameters(
        [{ type: "bytes32" }, { type: "bytes32" }, { type: "bytes32" }, { type: "uint256" }, { type: "address" }],
        [
          keccak256(stringToHex("EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)")),
          keccak256(stringToHex("Peper Marketplace")),
          keccak256(stringToHex("1")),
          31337n,
          MARKET,
        ],
      ),
    );
    const expected = keccak256(concat(["0x1901", domainSeparator, structHash]));
    expect(hashTypedData(orderTypedData(31337, MARKET, order))).toBe(expected);
    // another chain or marketplace is another digest (no replay across deployments)
    expect(hashTypedData(orderTypedData(31338, MARKET, order))).not.toBe(expected);
  });

  it("a signature from the seller's wallet recovers to the seller; the body carries decimal strings", async () => {
    const typed = orderTypedData(31337, MARKET, order);
    const signature = await seller.signTypedData(typed);
    expect(await recoverTypedDataAddress({ ...typed, signature })).toBe(seller.address);
    const body = orderBody(31337, order, signature);
    expect(body).toEqual({
      chain_id: 31337,
      order: {
        seller: seller.address,
        collection: COLLECTION,
        token_id: "7",
        currency: ETH,
        price: "250000000000000000",
        expiry: 1_800_000_000,
        nonce: "0",
      },
      signature,
    });
  });

  const entry = (over: Partial<BookOrder["order"]> = {}, fill = "250000000000000000"): BookOrder => ({
    digest: toHex(1n, { size: 32 }),
    chain_id: 31337,
    marketplace: MARKET,
    order: {
      seller: seller.address,
      collection: COLLECTION,
      token_id: "7",
      currency: ETH,
      price: "250000000000000000",
      expiry: 1_800_000_000,
      nonce: "0",
      ...over,
    },
    signature: `0x${"ab".repeat(65)}`,
    fill_value: fill,
    status: "open",
    listed_at: "2026-12-02T00:00:00.000Z",
  });

  it("turns a book entry into fillOrder's arguments, sending exactly the price in ether", () => {
    const args = fillArgs(entry());
    expect(args.order).toEqual(order);
    expect(args.value).toBe(order.price);
  });

  it("refuses a book entry that is malformed or asks for more ether than the price", () => {
    expect(() => fillArgs(entry({}, "300000000000000000"))).toThrow(/payment does not match/);
    expect(() => fillArgs(entry({ currency: COLLECTION }, "1"))).toThrow(/payment does not match/);
    expect(() => fillArgs(entry({ price: "-1" }))).toThrow(/bad price/);
    expect(() => fillArgs(entry({ token_id: "1e3" }))).toThrow(/bad token_id/);
    expect(() => fillArgs(entry({ seller: "0x123" as Address }))).toThrow(/bad seller/);
    expect(() => fillArgs(entry({ expiry: 0 }))).toThrow(/bad expiry/);
    expect(() => fillArgs({ ...entry(), signature: "0xdea" })).toThrow(/bad signature/);
    expect(() => fillArgs({ ...entry(), signature: `0x${"ab".repeat(2049)}` })).toThrow(/bad signature/);
    expect(() => fillArgs({ ...entry(), proof: [] })).toThrow(/bad bulk-order proof/);
    expect(() => fillArgs({ ...entry(), proof: ["0x12"] })).toThrow(/bad bulk-order proof/);
  });

  it("passes a bulk-listed entry's proof on (fillBulkOrder) and a contract wallet's longer signature", () => {
    const proof = [toHex(2n, { size: 32 })];
    expect(fillArgs({ ...entry(), proof }).proof).toEqual(proof);
    expect(fillArgs(entry()).proof).toBeNull();
    expect(fillArgs({ ...entry(), signature: `0x${"ab".repeat(130)}` }).signature).toHaveLength(262);
  });
});

describe("bulk listing (one signature for many orders)", () => {
  it("signs the root of the orders' tree once; each order's proof leads to that root", async () => {
    const orders = [7n, 8n, 9n].map((tokenId) => ({ ...order, tokenId }));
    const { typedData, proofs } = bulkListing(31337, MARKET, orders);
    expect(typedData.primaryType).toBe("BulkOrder");
    expect(typedData.message.height).toBe(2); // three orders, padded to four leaves
    for (const [i, o] of orders.entries()) {
      expect(processProof(orderLeaf(o), proofs[i]!)).toBe(typedData.message.root);
    }
    const signature = await seller.signTypedData(typedData);
    expect(await recoverTypedDataAddress({ ...typedData, signature })).toBe(seller.address);
    expect(orderBody(31337, orders[1]!, signature, proofs[1]).proof).toEqual(proofs[1]);
    expect(orderBody(31337, orders[1]!, signature)).not.toHaveProperty("proof");
  });
});
