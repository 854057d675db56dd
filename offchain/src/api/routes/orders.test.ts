/**
 * `/api/v5/market/orders` on a Hardhat node of the test's own, with the built Marketplace and
 * Collectibles: orders are signed here with development keys (EIP-712, as a wallet does), posted to
 * the API, filled, cancelled and voided on chain, and the book is read back.
 */
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { after, before, describe, it } from "node:test";

import { eq } from "drizzle-orm";
import {
  createPublicClient,
  createTestClient,
  createWalletClient,
  encodeFunctionData,
  erc721Abi,
  getAddress,
  http,
  parseEther,
  zeroAddress,
  type Abi,
  type Address,
  type Hex,
  type PublicClient,
  type TestClient,
} from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";

import { readAuditLog, type Queryable } from "../../compliance/auditStore.ts";
import { marketOrders, web3Wallets } from "../../db/schema.ts";
import { abis } from "../../protocol/generated/abis.ts";
import { bulkOrderTree } from "../../protocol/bulkOrder.ts";
import { BULK_ORDER_TYPES, ORDER_TYPES } from "../../protocol/typedData.ts";
import { artifact, DEV_KEYS, startChain, type TestChain } from "../../testing/chain.ts";
import type { ChainEndpoint } from "../chain.ts";
import { testApi, type TestApi, type TestUser } from "../testing.ts";
import { MAX_ORDERS_PER_SELLER } from "./orders.ts";

const BASE = "/api/v5/market/orders";
const BUYER_KEY = DEV_KEYS[0];
const ALICE_KEY = DEV_KEYS[1];
const BOB_KEY = DEV_KEYS[2];
/** Hardhat account #3 is on the shipped test sanctions list (offchain/data/sanctions/test-list.csv). */
const DAVE_KEY = DEV_KEYS[3];
const alice = privateKeyToAccount(ALICE_KEY).address;
const bob = privateKeyToAccount(BOB_KEY).address;
/** A chain the API serves (same node) where no Marketplace is deployed. */
const NO_MARKET_CHAIN = 31_340;
/** A chain the API serves whose node does not answer (nothing listens on port 9). */
const DEAD_CHAIN = 31_341;
/** A chain the API serves through `RpcProxy` in front of the same node. */
const PROXY_CHAIN = 31_342;
/** ERC-721 function selectors. */
const OWNER_OF = "0x6352211e";
const IS_APPROVED_FOR_ALL = "0xe985e9c5";
const PRICE = parseEther("0.25");
/** secp256k1's group order. */
const CURVE_ORDER = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;

interface OrderFields {
  seller: Address;
  collection: Address;
  token_id: string;
  currency: Address;
  price: string;
  expiry: number;
  nonce: string;
}
interface BookOrder {
  digest: Hex;
  chain_id: number;
  marketplace: Address;
  order: OrderFields;
  signature: Hex;
  proof: Hex[] | null;
  fill_value: string;
  status: string;
  listed_at: string;
}
interface Page {
  orders: BookOrder[];
  next_cursor: string | null;
  pruned: number;
}
interface ErrorBody {
  error: string;
  code: string;
  field?: string;
}

/**
 * A JSON-RPC proxy on 127.0.0.1 in front of the test's node. While `fail` is set, it answers every
 * eth_call to that function selector with that JSON-RPC error (HTTP 200, as real nodes do for
 * "header not found" or rate limits); it counts the eth_calls in flight (`peak`), each held `delayMs`.
 */
interface RpcProxy {
  readonly url: string;
  fail: { selector: Hex; code: number; message: string } | null;
  delayMs: number;
  peak: number;
  close(): Promise<void>;
}

interface RpcCall {
  id?: unknown;
  method?: unknown;
  params?: unknown;
}

const callData = (call: RpcCall): string | undefined => {
  const [tx] = Array.isArray(call.params) ? (call.params as unknown[]) : [];
  const data = typeof tx === "object" && tx !== null ? (tx as { data?: unknown }).data : undefined;
  return typeof data === "string" ? data : undefined;
};

async function startProxy(target: string): Promise<RpcProxy> {
  let inFlight = 0;
  const forward = async (call: RpcCall): Promise<unknown> => {
    const isCall = call.method === "eth_call";
    if (isCall && proxy.fail && callData(call)?.startsWith(proxy.fail.selector)) {
      return { jsonrpc: "2.0", id: call.id, error: { code: proxy.fail.code, message: proxy.fail.message } };
    }
    if (isCall) proxy.peak = Math.max(proxy.peak, ++inFlight);
    try {
      if (isCall && proxy.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, proxy.delayMs));
      const res = await fetch(target, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(call),
      });
      return await res.json();
    } finally {
      if (isCall) inFlight--;
    }
  };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const body = JSON.parse(Buffer.concat(chunks).toString("utf8")) as RpcCall | RpcCall[];
      const answer = Array.isArray(body) ? Promise.all(body.map(forward)) : forward(body);
      answer.then(
        (json) => res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(json)),
        (error: unknown) => res.writeHead(502).end(String(error)),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  const proxy: RpcProxy = {
    url: `http://127.0.0.1:${port}`,
    fail: null,
    delayMs: 0,
    peak: 0,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  return proxy;
}

describe("/api/v5/market/orders on a Hardhat node", () => {
  let chain: TestChain;
  let client: PublicClient;
  let testClient: TestClient;
  let chainId: number;
  let market: Address;
  let nft: Address;
  let api: TestApi;
  let proxy: RpcProxy;
  let weth: Address;
  let nonce = 0;

  const transport = () => http(chain.url);
  const mined = async (hash: Hex) => {
    const receipt = await client.waitForTransactionReceipt({ hash });
    assert.equal(receipt.status, "success", `transaction ${hash} reverted`);
    return receipt;
  };
  /** Sends a contract call from `key` and waits for it to succeed. */
  const send = async (
    key: Hex,
    address: Address,
    abi: Abi,
    functionName: string,
    args: readonly unknown[],
    value = 0n,
  ) => {
    const wallet = createWalletClient({ account: privateKeyToAccount(key), transport: transport() });
    return mined(await wallet.writeContract({ address, abi, functionName, args: [...args], value, chain: null }));
  };
  /** Mints a Collectibles token to `key`'s account; answers its id. */
  const mint = async (key: Hex): Promise<bigint> => {
    await send(key, nft, abis.Collectibles, "mint", [
      "bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy",
      0,
      0,
    ]);
    return client.readContract({ address: nft, abi: abis.Collectibles, functionName: "totalMinted" });
  };
  const approveAll = (key: Hex) => send(key, nft, erc721Abi, "setApprovalForAll", [market, true]);
  /** A fresh funded account (for tests that change a seller's state for good). */
  const freshKey = async (): Promise<Hex> => {
    const key = generatePrivateKey();
    await testClient.setBalance({ address: privateKeyToAccount(key).address, value: parseEther("10") });
    return key;
  };

  const nowSeconds = () => Math.floor(Date.now() / 1000);
  /** An ether sell order of `seller` for `tokenId`, an hour long, with a nonce of its own. */
  const orderOf = (seller: Address, tokenId: bigint, overrides: Partial<OrderFields> = {}): OrderFields => ({
    seller,
    collection: nft,
    token_id: tokenId.toString(),
    currency: zeroAddress,
    price: PRICE.toString(),
    expiry: nowSeconds() + 3600,
    nonce: String(++nonce),
    ...overrides,
  });
  const struct = (o: OrderFields) => ({
    seller: o.seller,
    collection: o.collection,
    tokenId: BigInt(o.token_id),
    currency: o.currency,
    price: BigInt(o.price),
    expiry: BigInt(o.expiry),
    nonce: BigInt(o.nonce),
  });
  /** `key` signs `order` as a wallet would (eth_signTypedData_v4); `domainChainId` for a wrong domain. */
  const sign = (key: Hex, o: OrderFields, domainChainId = chainId): Promise<Hex> =>
    privateKeyToAccount(key).signTypedData({
      domain: { name: "Peper Marketplace", version: "1", chainId: domainChainId, verifyingContract: market },
      types: ORDER_TYPES,
      primaryType: "Order",
      message: struct(o),
    });

  const post = (o: OrderFields, signature: Hex, chain_id = chainId) =>
    api.call("POST", BASE, { body: { chain_id, order: o, signature } });
  const posted = async (o: OrderFields, signature: Hex, status = 201, chain_id = chainId): Promise<BookOrder> => {
    const res = await post(o, signature, chain_id);
    assert.equal(res.statusCode, status, res.body);
    return res.json() as BookOrder;
  };
  const refused = async (
    res: Promise<{ statusCode: number; body: string; json(): unknown }>,
    status: number,
    code: string,
    field?: string,
  ): Promise<ErrorBody> => {
    const r = await res;
    assert.equal(r.statusCode, status, r.body);
    const body = r.json() as ErrorBody;
    assert.equal(body.code, code, r.body);
    if (field !== undefined) assert.equal(body.field, field, r.body);
    return body;
  };
  const list = async (query: Record<string, string | number> = {}): Promise<Page> => {
    const qs = new URLSearchParams(
      Object.entries({ chain_id: chainId, ...query }).map(([k, v]): [string, string] => [k, String(v)]),
    );
    const res = await api.call("GET", `${BASE}?${qs}`);
    assert.equal(res.statusCode, 200, res.body);
    return res.json() as Page;
  };
  const listed = async (digest: Hex, query: Record<string, string | number> = {}) =>
    (await list(query)).orders.some((o) => o.digest === digest);
  const stored = async (digest: Hex) =>
    (await api.database.db.select().from(marketOrders).where(eq(marketOrders.digest, digest)))[0];
  const audited = async (action: string, target?: string) => {
    const found = [];
    for await (const e of readAuditLog(api.database.db as Queryable)) {
      if (e.action === action && (target === undefined || e.target === target)) found.push(e);
    }
    return found;
  };
  /** A signed-in user with `address` linked (verified unless said otherwise). */
  const userWithWallet = async (address: Address, verified = true, walletChainId = chainId): Promise<TestUser> => {
    const user = await api.user();
    await api.database.db.insert(web3Wallets).values({
      userId: user.id,
      address: address.toLowerCase(),
      chainId: walletChainId,
      verifiedAt: verified ? new Date() : null,
    });
    return user;
  };

  before(async () => {
    chain = await startChain();
    client = createPublicClient({ transport: transport() }) as PublicClient;
    testClient = createTestClient({ mode: "hardhat", transport: transport() }) as TestClient;
    chainId = await client.getChainId();
    const deployer = createWalletClient({ account: privateKeyToAccount(BUYER_KEY), transport: transport() });
    const deploy = async (path: string, args: readonly unknown[]): Promise<Address> => {
      const { abi, bytecode } = artifact(path);
      const hash = await deployer.deployContract({ abi, bytecode, args: [...args], chain: null });
      return getAddress((await mined(hash)).contractAddress!);
    };
    const me = deployer.account.address;
    market = await deploy("nft/Marketplace.sol/Marketplace.json", [me, me, me, 250n]);
    nft = await deploy("nft/Collectibles.sol/Collectibles.json", []);
    weth = await deploy("defi/WETH9.sol/WETH9.json", []);
    await approveAll(ALICE_KEY);
    proxy = await startProxy(chain.url);
    const endpoint: ChainEndpoint = { chainId, rpcUrl: chain.url, addresses: { Marketplace: market } };
    const bare: ChainEndpoint = { chainId: NO_MARKET_CHAIN, rpcUrl: chain.url, addresses: {} };
    const dead: ChainEndpoint = {
      chainId: DEAD_CHAIN,
      rpcUrl: "http://127.0.0.1:9",
      addresses: { Marketplace: market },
    };
    const proxied: ChainEndpoint = { chainId: PROXY_CHAIN, rpcUrl: proxy.url, addresses: { Marketplace: market } };
    api = await testApi({ deps: { chain: { endpoints: [endpoint, bare, dead, proxied] } } });
  });
  after(async () => {
    await api?.close();
    await proxy?.close();
    await chain?.stop();
  });

  it("stores a valid order and lists it with its digest and signature; posting it again changes nothing", async () => {
    const token = await mint(ALICE_KEY);
    const order = orderOf(alice, token);
    const signature = await sign(ALICE_KEY, order);
    const answer = await posted(order, signature, 201);
    const digest = await client.readContract({
      address: market,
      abi: abis.Marketplace,
      functionName: "orderHash",
      args: [struct(order)],
    });
    assert.deepEqual(answer, {
      digest: digest.toLowerCase(),
      chain_id: chainId,
      marketplace: market,
      order,
      signature: signature.toLowerCase(),
      proof: null,
      fill_value: PRICE.toString(),
      status: "open",
      listed_at: answer.listed_at,
    });

    const page = await list({ collection: nft, token_id: token.toString() });
    assert.deepEqual(page.orders, [answer]);
    assert.equal(page.next_cursor, null);
    assert.equal(page.pruned, 0);

    // The same signed order again: 200 with the stored order, one row, one audit entry.
    assert.deepEqual(await posted(order, signature, 200), answer);
    assert.equal(await api.database.db.$count(marketOrders, eq(marketOrders.digest, answer.digest)), 1);
    const entries = await audited("market.order.publish", answer.digest);
    assert.equal(entries.length, 1);
    assert.equal(entries[0]!.details["token_id"], token.toString());
    assert.doesNotMatch(JSON.stringify(entries[0]), new RegExp(alice.slice(2), "i"), "no wallet address in the log");
  });

  it("refuses bad input with the field at fault", async () => {
    const order = orderOf(alice, 1n);
    const signature = await sign(ALICE_KEY, order);
    await refused(post({ ...order, token_id: "1.5" }, signature), 400, "invalid-input", "order.token_id");
    await refused(post({ ...order, price: "0" }, signature), 400, "invalid-input", "order.price");
    await refused(post({ ...order, price: (2n ** 256n).toString() }, signature), 400, "invalid-input", "order.price");
    await refused(post(order, "0x123"), 400, "invalid-input", "signature");
    // well formed but no account's 65-byte signature (Alice has no code, so no wallet could accept it)
    await refused(post(order, "0x1234"), 422, "invalid-signature", "signature");
    const res = await api.call("POST", BASE, { body: { chain_id: chainId, order, signature, extra: 1 } });
    await refused(Promise.resolve(res), 400, "invalid-input", "extra");
    const page = await api.call("GET", `${BASE}?chain_id=${chainId}&limit=51`);
    await refused(Promise.resolve(page), 400, "invalid-input", "limit");
    const noCollection = await api.call("GET", `${BASE}?chain_id=${chainId}&token_id=1`);
    await refused(Promise.resolve(noCollection), 400, "invalid-input", "token_id");
  });

  it("refuses a signature that is not the seller's, not of these fields, or not in the form fillOrder accepts", async () => {
    const token = await mint(ALICE_KEY);
    const order = orderOf(alice, token);
    const good = await sign(ALICE_KEY, order);

    const byBob = await refused(post(order, await sign(BOB_KEY, order)), 422, "invalid-signature", "signature");
    assert.match(byBob.error, /sign exactly these order fields again/);
    await refused(post({ ...order, price: (PRICE / 2n).toString() }, good), 422, "invalid-signature", "signature");
    await refused(post(order, await sign(ALICE_KEY, order, 1)), 422, "invalid-signature", "signature");

    // The same signature with s in the upper half (and v flipped) recovers to Alice too, but
    // OpenZeppelin's ECDSA — and so fillOrder — refuses it; so does v = 0/1.
    const s = BigInt(`0x${good.slice(66, 130)}`);
    const v = Number.parseInt(good.slice(130), 16);
    const highS =
      `${good.slice(0, 66)}${(CURVE_ORDER - s).toString(16).padStart(64, "0")}${v === 27 ? "1c" : "1b"}` as Hex;
    await assert.rejects(
      client.simulateContract({
        address: market,
        abi: abis.Marketplace,
        functionName: "fillOrder",
        args: [struct(order), highS],
        value: PRICE,
        account: privateKeyToAccount(BUYER_KEY).address,
      }),
      "the contract refuses the high-s signature",
    );
    await refused(post(order, highS), 422, "invalid-signature", "signature");
    const yParity = `${good.slice(0, 130)}${(v - 27).toString(16).padStart(2, "0")}` as Hex;
    await refused(post(order, yParity), 422, "invalid-signature", "signature");

    // A contract as the seller that is no ERC-1271 wallet: it cannot vouch for any signature.
    const asContract = { ...order, seller: nft };
    const byContract = await refused(
      post(asContract, await sign(ALICE_KEY, asContract)),
      422,
      "invalid-signature",
      "signature",
    );
    assert.match(byContract.error, /contract wallet and did not accept/);
    // Not hex, or longer than a contract wallet's signature may be.
    await refused(post(order, "0x1" as Hex), 400, "invalid-input");
    await refused(post(order, `0x${"ab".repeat(2049)}` as Hex), 400, "invalid-input");

    assert.equal(await stored((await posted(order, good)).digest).then((r) => r?.status), "open");
  });

  it("takes an order of a contract wallet (ERC-1271) its owner signed, and refuses a wallet answering the wrong magic value", async () => {
    const deployer = createWalletClient({ account: privateKeyToAccount(BUYER_KEY), transport: transport() });
    const { abi, bytecode } = artifact("../test/mocks/MockERC1271Wallet.sol/MockERC1271Wallet.json");
    const walletOf = async (wrongMagic: boolean): Promise<Address> => {
      const hash = await deployer.deployContract({ abi, bytecode, args: [bob, wrongMagic], chain: null });
      const wallet = getAddress((await mined(hash)).contractAddress!);
      // The wallet approves the Marketplace and receives a token (minted by Bob, sent to the wallet).
      await send(BOB_KEY, wallet, abi, "execute", [
        nft,
        encodeFunctionData({ abi: erc721Abi, functionName: "setApprovalForAll", args: [market, true] }),
      ]);
      return wallet;
    };
    const wallet = await walletOf(false);
    const token = await mint(BOB_KEY);
    await send(BOB_KEY, nft, erc721Abi, "transferFrom", [bob, wallet, token]);
    const order = orderOf(wallet, token);
    // Bob (the wallet's owner) signs the order's digest; the wallet vouches for it.
    const answer = await posted(order, await sign(BOB_KEY, order), 201);
    assert.equal(answer.order.seller, wallet);
    // Alice's signature is not the wallet owner's: refused, as fillOrder would.
    const other = orderOf(wallet, token);
    const byAlice = await refused(post(other, await sign(ALICE_KEY, other)), 422, "invalid-signature");
    assert.match(byAlice.error, /contract wallet and did not accept/);
    // The book's entry fills on chain.
    await send(BUYER_KEY, market, abis.Marketplace, "fillOrder", [struct(order), answer.signature], PRICE);
    assert.equal(
      await client.readContract({ address: nft, abi: erc721Abi, functionName: "ownerOf", args: [token] }),
      privateKeyToAccount(BUYER_KEY).address,
    );

    const wrong = await walletOf(true);
    const token2 = await mint(BOB_KEY);
    await send(BOB_KEY, nft, erc721Abi, "transferFrom", [bob, wrong, token2]);
    const order2 = orderOf(wrong, token2);
    await refused(post(order2, await sign(BOB_KEY, order2)), 422, "invalid-signature", "signature");

    // The magic value in a shape fillOrder's SignatureChecker refuses: its four bytes followed by
    // non-zero bytes in the word, or the four bytes alone. The book refuses both (422, not a 503 for
    // the short answer), and the chain agrees: the order cannot fill.
    const loose = artifact("../test/mocks/MockERC1271LooseWallet.sol/MockERC1271LooseWallet.json");
    for (const shortAnswer of [false, true]) {
      const hash = await deployer.deployContract({
        abi: loose.abi,
        bytecode: loose.bytecode,
        args: [bob, shortAnswer],
        chain: null,
      });
      const looseWallet = getAddress((await mined(hash)).contractAddress!);
      await send(BOB_KEY, looseWallet, loose.abi, "execute", [
        nft,
        encodeFunctionData({ abi: erc721Abi, functionName: "setApprovalForAll", args: [market, true] }),
      ]);
      const token3 = await mint(BOB_KEY);
      await send(BOB_KEY, nft, erc721Abi, "transferFrom", [bob, looseWallet, token3]);
      const order3 = orderOf(looseWallet, token3);
      const signature3 = await sign(BOB_KEY, order3);
      const why = await refused(post(order3, signature3), 422, "invalid-signature", "signature");
      assert.match(why.error, /contract wallet and did not accept/);
      await assert.rejects(
        client.simulateContract({
          address: market,
          abi: abis.Marketplace,
          functionName: "fillOrder",
          args: [struct(order3), signature3],
          value: PRICE,
          account: privateKeyToAccount(BUYER_KEY).address,
        }),
        "the Marketplace refuses the loose ERC-1271 answer too",
      );
    }
  });

  it("takes the orders of a bulk listing (one signature over a Merkle root), each with its proof, and they fill with fillBulkOrder", async () => {
    const key = await freshKey();
    const seller = privateKeyToAccount(key).address;
    await approveAll(key);
    const orders = [
      orderOf(seller, await mint(key)),
      orderOf(seller, await mint(key)),
      orderOf(seller, await mint(key)),
    ];
    const tree = bulkOrderTree(orders.map(struct));
    const signature = await privateKeyToAccount(key).signTypedData({
      domain: { name: "Peper Marketplace", version: "1", chainId, verifyingContract: market },
      types: BULK_ORDER_TYPES,
      primaryType: "BulkOrder",
      message: { root: tree.root, height: tree.height },
    });
    const bulkPost = (o: OrderFields, proof: Hex[], sig = signature) =>
      api.call("POST", BASE, { body: { chain_id: chainId, order: o, signature: sig, proof } });
    const answers: BookOrder[] = [];
    for (const [i, o] of orders.entries()) {
      const res = await bulkPost(o, tree.proofs[i]!);
      assert.equal(res.statusCode, 201, res.body);
      answers.push(res.json() as BookOrder);
    }
    assert.deepEqual(answers[1]!.proof, tree.proofs[1]);
    assert.ok(await listed(answers[2]!.digest, { seller }));
    // another leaf's proof, a stranger's signature over the root, an order changed after signing
    await refused(bulkPost(orderOf(seller, 999n), tree.proofs[0]!), 422, "invalid-signature", "signature");
    const alicesRoot = await privateKeyToAccount(ALICE_KEY).signTypedData({
      domain: { name: "Peper Marketplace", version: "1", chainId, verifyingContract: market },
      types: BULK_ORDER_TYPES,
      primaryType: "BulkOrder",
      message: { root: tree.root, height: tree.height },
    });
    await refused(bulkPost({ ...orders[0]!, nonce: "0" }, tree.proofs[0]!, alicesRoot), 422, "invalid-signature");
    await refused(bulkPost(orders[0]!, Array(17).fill(`0x${"11".repeat(32)}`) as Hex[]), 400, "invalid-input");
    // The book's entry fills on chain with fillBulkOrder; the filled order leaves the book.
    const entry = answers[0]!;
    await send(
      BUYER_KEY,
      market,
      abis.Marketplace,
      "fillBulkOrder",
      [struct(orders[0]!), entry.proof, entry.signature],
      PRICE,
    );
    assert.equal(await listed(entry.digest, { seller }), false);
    assert.ok(await listed(answers[1]!.digest, { seller }));
  });

  it("answers 422 for a chain it does not serve or without a Marketplace, 503 when the node does not answer", async () => {
    const order = orderOf(alice, 1n);
    const signature = await sign(ALICE_KEY, order);
    await refused(post(order, signature, 1), 422, "unsupported-chain", "chain_id");
    await refused(post(order, signature, NO_MARKET_CHAIN), 422, "contract-not-deployed", "chain_id");
    const res = await api.call("GET", `${BASE}?chain_id=1`);
    await refused(Promise.resolve(res), 422, "unsupported-chain", "chain_id");
    const down = await refused(post(order, signature, DEAD_CHAIN), 503, "chain-unreachable");
    assert.match(down.error, /try again/);
  });

  it("refuses an order for a token the seller does not own, or that does not exist", async () => {
    const bobsToken = await mint(BOB_KEY);
    await send(BOB_KEY, nft, erc721Abi, "approve", [market, bobsToken]);
    // Alice approved the marketplace for the whole collection; only ownership is wrong here.
    const order = orderOf(alice, bobsToken);
    const body = await refused(post(order, await sign(ALICE_KEY, order)), 422, "not-token-owner", "order.token_id");
    assert.match(body.error, new RegExp(`its owner is ${bob}`));
    const ghost = orderOf(alice, 10_000n);
    await refused(post(ghost, await sign(ALICE_KEY, ghost)), 422, "token-not-found", "order.token_id");
  });

  it("asks the seller to approve the marketplace first, accepts a single-token approval, and drops the order when it is revoked", async () => {
    const token = await mint(BOB_KEY);
    const order = orderOf(bob, token);
    const signature = await sign(BOB_KEY, order);
    const body = await refused(post(order, signature), 422, "marketplace-not-approved", "order.collection");
    assert.match(body.error, /^Approve the marketplace for this collection first/);
    assert.match(body.error, new RegExp(`setApprovalForAll\\(${market}, true\\)`));

    await send(BOB_KEY, nft, erc721Abi, "approve", [market, token]);
    const { digest } = await posted(order, signature);
    assert.ok(await listed(digest, { seller: bob }));

    // Approving someone else for the token replaces the marketplace's approval.
    await send(BOB_KEY, nft, erc721Abi, "approve", [alice, token]);
    const page = await list({ seller: bob });
    assert.ok(!page.orders.some((o) => o.digest === digest));
    assert.ok(page.pruned >= 1);
    assert.equal(await stored(digest), undefined, "pruned from the book");
  });

  it("refuses an expired order, and an order that expires leaves the book", async () => {
    const token = await mint(ALICE_KEY);
    const old = orderOf(alice, token, { expiry: nowSeconds() - 60 });
    await refused(post(old, await sign(ALICE_KEY, old)), 422, "order-expired", "order.expiry");

    const short = orderOf(alice, token, { expiry: nowSeconds() + 120 });
    const { digest } = await posted(short, await sign(ALICE_KEY, short));
    assert.ok(await listed(digest, { collection: nft, token_id: token.toString() }));
    api.advance(10 * 60_000);
    try {
      assert.ok(!(await listed(digest, { collection: nft, token_id: token.toString() })));
      assert.equal(await stored(digest), undefined);
    } finally {
      api.advance(-10 * 60_000);
    }
  });

  it("refuses a nonce below the seller's minNonce, and bumpNonce voids listed orders", async () => {
    const erin = await freshKey();
    const erinAddress = privateKeyToAccount(erin).address;
    const token = await mint(erin);
    await approveAll(erin);
    const first = orderOf(erinAddress, token, { nonce: "0" });
    const { digest } = await posted(first, await sign(erin, first));
    assert.ok(await listed(digest, { seller: erinAddress }));

    await send(erin, market, abis.Marketplace, "bumpNonce", [5n]);
    assert.ok(!(await listed(digest, { seller: erinAddress })));
    const low = orderOf(erinAddress, token, { nonce: "4" });
    const body = await refused(post(low, await sign(erin, low)), 422, "nonce-below-minimum", "order.nonce");
    assert.match(body.error, /at least 5/);
    const ok = orderOf(erinAddress, token, { nonce: "5" });
    await posted(ok, await sign(erin, ok));
  });

  it("drops a filled order from the book, even once the token is back with the seller", async () => {
    const token = await mint(ALICE_KEY);
    const order = orderOf(alice, token);
    const { digest } = await posted(order, await sign(ALICE_KEY, order));
    const [entry] = (await list({ collection: nft, token_id: token.toString() })).orders;
    assert.equal(entry?.digest, digest);

    // The buyer fills exactly what the book answered.
    const buyer = privateKeyToAccount(BUYER_KEY).address;
    await send(BUYER_KEY, market, abis.Marketplace, "fillOrder", [struct(entry!.order), entry!.signature], PRICE);
    assert.equal(
      await client.readContract({ address: nft, abi: erc721Abi, functionName: "ownerOf", args: [token] }),
      buyer,
    );
    // Back to Alice (still approved for all): only orderUsed tells the order is spent.
    await send(BUYER_KEY, nft, erc721Abi, "transferFrom", [buyer, alice, token]);

    assert.ok(!(await listed(digest, { collection: nft, token_id: token.toString() })));
    assert.equal(await stored(digest), undefined);
    await refused(post(order, entry!.signature), 409, "order-used");
  });

  it("drops an order cancelled on chain from the book", async () => {
    const token = await mint(ALICE_KEY);
    const order = orderOf(alice, token);
    const { digest } = await posted(order, await sign(ALICE_KEY, order));
    assert.ok(await listed(digest, { collection: nft, token_id: token.toString() }));
    await send(ALICE_KEY, market, abis.Marketplace, "cancelOrder", [struct(order)]);
    const page = await list({ collection: nft, token_id: token.toString() });
    assert.deepEqual(page.orders, []);
    assert.equal(page.pruned, 1);
  });

  it("drops an order whose token the seller no longer owns", async () => {
    const token = await mint(ALICE_KEY);
    const order = orderOf(alice, token);
    const { digest } = await posted(order, await sign(ALICE_KEY, order));
    await send(ALICE_KEY, nft, erc721Abi, "transferFrom", [alice, bob, token]);
    assert.ok(!(await listed(digest, { collection: nft, token_id: token.toString() })));
  });

  it("lets only the seller, signed in with that wallet verified, withdraw an order", async () => {
    const token = await mint(ALICE_KEY);
    const order = orderOf(alice, token);
    const signature = await sign(ALICE_KEY, order);
    const { digest } = await posted(order, signature);
    const url = `${BASE}/${digest}`;

    assert.equal((await api.call("DELETE", url)).statusCode, 401);
    const someoneElse = await userWithWallet(bob);
    await refused(api.call("DELETE", url, { token: someoneElse.accessToken }), 403, "not-the-seller");
    // Claiming Alice's address without proving it (unverified) is not enough.
    const claimer = await userWithWallet(alice, false, chainId + 1);
    await refused(api.call("DELETE", url, { token: claimer.accessToken }), 403, "not-the-seller");
    assert.ok(await listed(digest, { collection: nft, token_id: token.toString() }));

    const seller = await userWithWallet(alice);
    const res = await api.call("DELETE", url, { token: seller.accessToken });
    assert.equal(res.statusCode, 200, res.body);
    const body = res.json() as { digest: string; status: string; signature_still_valid: boolean; note: string };
    assert.equal(body.digest, digest);
    assert.equal(body.status, "withdrawn");
    assert.equal(body.signature_still_valid, true);
    assert.match(body.note, /cancelOrder/);
    assert.ok(!(await listed(digest, { collection: nft, token_id: token.toString() })));
    assert.equal((await audited("market.order.withdraw", digest)).length, 1);

    // Off the book for good (whoever kept the signature cannot list it again); withdrawing again is a no-op.
    await refused(post(order, signature), 409, "order-withdrawn");
    assert.equal((await api.call("DELETE", url, { token: seller.accessToken })).statusCode, 200);
    assert.equal((await audited("market.order.withdraw", digest)).length, 1);
    await refused(api.call("DELETE", `${BASE}/0x${"ab".repeat(32)}`, { token: seller.accessToken }), 404, "not-found");
    // The signature still fills on chain: withdrawing is not cancelling.
    await send(BUYER_KEY, market, abis.Marketplace, "fillOrder", [struct(order), signature], PRICE);
  });

  it("refuses orders of a sanctioned seller, and audits it without the address", async () => {
    const token = await mint(DAVE_KEY);
    await approveAll(DAVE_KEY);
    const order = orderOf(privateKeyToAccount(DAVE_KEY).address, token);
    await refused(post(order, await sign(DAVE_KEY, order)), 403, "sanctioned-address", "order.seller");
    const [entry] = await audited("market.sanctions-refused");
    assert.ok(entry);
    assert.doesNotMatch(JSON.stringify(entry), /90F79bf6EB2c4f870365E785982E1f101E93b906/i);
  });

  it(`holds at most ${MAX_ORDERS_PER_SELLER} open orders per seller, frees places taken by stale ones, and pages through them`, async () => {
    const carol = await freshKey();
    const carolAddress = privateKeyToAccount(carol).address;
    const token = await mint(carol);
    await approveAll(carol);
    const orders: OrderFields[] = [];
    const signatures: Hex[] = [];
    const answers: BookOrder[] = [];
    for (let i = 0; i < MAX_ORDERS_PER_SELLER; i++) {
      const order = orderOf(carolAddress, token);
      orders.push(order);
      signatures.push(await sign(carol, order));
      answers.push(await posted(order, signatures[i]!));
    }
    const extra = orderOf(carolAddress, token);
    const extraSignature = await sign(carol, extra);
    const full = await refused(post(extra, extraSignature), 409, "order-limit-reached", "order.seller");
    assert.match(full.error, /cancelOrder/);
    // Re-posting one already in the book takes no new place.
    await posted(orders[0]!, signatures[0]!, 200);

    // Pages of 20 cover all 50 once each, newest first: by listed_at, then digest, both descending.
    const expected = [...answers]
      .sort((a, b) => Date.parse(b.listed_at) - Date.parse(a.listed_at) || (a.digest < b.digest ? 1 : -1))
      .map((o) => o.digest);
    assert.deepEqual(
      expected.slice(0, 3),
      answers
        .slice(-3)
        .reverse()
        .map((o) => o.digest),
      "posted one after another, the last posted comes first",
    );
    const seen: Hex[] = [];
    const pageSizes: number[] = [];
    let cursor: string | null = null;
    do {
      const page: Page = await list({ seller: carolAddress, limit: 20, ...(cursor ? { cursor } : {}) });
      seen.push(...page.orders.map((o) => o.digest));
      pageSizes.push(page.orders.length);
      cursor = page.next_cursor;
    } while (cursor);
    assert.deepEqual(pageSizes, [20, 20, 10]);
    assert.deepEqual(seen, expected);

    // One cancelled on chain frees its place.
    await send(carol, market, abis.Marketplace, "cancelOrder", [struct(orders[0]!)]);
    await posted(extra, extraSignature, 201);
  });

  it("keeps withdrawn orders, holding their places, until they expire or are voided on chain; never lists them again", async () => {
    const wendy = await freshKey();
    const wendyAddress = privateKeyToAccount(wendy).address;
    const token = await mint(wendy);
    await approveAll(wendy);
    const orders: OrderFields[] = [];
    const signatures: Hex[] = [];
    const digests: Hex[] = [];
    for (let i = 0; i < MAX_ORDERS_PER_SELLER; i++) {
      orders.push(orderOf(wendyAddress, token));
      signatures.push(await sign(wendy, orders[i]!));
      digests.push((await posted(orders[i]!, signatures[i]!)).digest);
    }
    const seller = await userWithWallet(wendyAddress);
    for (const digest of digests.slice(0, 2)) {
      const res = await api.call("DELETE", `${BASE}/${digest}`, { token: seller.accessToken });
      assert.equal(res.statusCode, 200, res.body);
    }

    // Withdrawing frees no place: the withdrawn signatures must stay known.
    const extra = orderOf(wendyAddress, token);
    const extraSignature = await sign(wendy, extra);
    const full = await refused(post(extra, extraSignature), 409, "order-limit-reached", "order.seller");
    assert.match(full.error, /withdrawn orders until they expire/);
    assert.match(full.error, /cancelOrder\(order\)/);

    // Reading the book (which prunes) and a post at the limit (which prunes the seller's rows) keep them.
    const page = await list({ seller: wendyAddress, limit: 50 });
    assert.equal(page.orders.length, MAX_ORDERS_PER_SELLER - 2);
    assert.ok(!page.orders.some((o) => digests.slice(0, 2).includes(o.digest)));
    for (const i of [0, 1]) {
      assert.equal((await stored(digests[i]!))?.status, "withdrawn");
      await refused(post(orders[i]!, signatures[i]!), 409, "order-withdrawn", "signature");
    }

    // Cancelled on chain, a withdrawn order can never be posted again anyway: its place is freed.
    await send(wendy, market, abis.Marketplace, "cancelOrder", [struct(orders[0]!)]);
    await posted(extra, extraSignature, 201);
    assert.equal(await stored(digests[0]!), undefined);
    await refused(post(orders[0]!, signatures[0]!), 409, "order-used");
    // The other one, still fillable on chain, is still refused by the book.
    assert.equal((await stored(digests[1]!))?.status, "withdrawn");
    await refused(post(orders[1]!, signatures[1]!), 409, "order-withdrawn", "signature");
  });

  it("refuses a currency that is not a contract on the chain, and accepts an ERC-20", async () => {
    const token = await mint(ALICE_KEY);
    const byEoa = orderOf(alice, token, { currency: bob });
    const body = await refused(post(byEoa, await sign(ALICE_KEY, byEoa)), 422, "invalid-currency", "order.currency");
    assert.match(body.error, new RegExp(`${bob} is not a contract on chain ${chainId}`));
    assert.match(body.error, new RegExp(`use ${zeroAddress} for ether, or the address of an ERC-20`));
    assert.equal(await api.database.db.$count(marketOrders, eq(marketOrders.currency, bob.toLowerCase())), 0);

    const inWeth = orderOf(alice, token, { currency: weth });
    const answer = await posted(inWeth, await sign(ALICE_KEY, inWeth));
    assert.equal(answer.order.currency, weth);
    assert.equal(answer.fill_value, "0");
  });

  it("answers 503 and prunes nothing when the node answers a read with a JSON-RPC error", async () => {
    const token = await mint(ALICE_KEY);
    const order = orderOf(alice, token);
    const { digest } = await posted(order, await sign(ALICE_KEY, order), 201, PROXY_CHAIN);
    const proxiedList = (query = "") => api.call("GET", `${BASE}?chain_id=${PROXY_CHAIN}&seller=${alice}${query}`);
    try {
      for (const fail of [
        { selector: OWNER_OF, code: -32000, message: "header not found" },
        // viem files a bare -32603 under "reverted": it must not count as one.
        { selector: IS_APPROVED_FOR_ALL, code: -32603, message: "request limit reached" },
      ] as const) {
        proxy.fail = fail;
        const down = await refused(proxiedList(), 503, "chain-unreachable");
        assert.match(down.error, /try again/, fail.message);
        assert.equal((await stored(digest))?.status, "open", `${fail.message}: the order stays`);
      }
      // A post meets the same answer (not "token-not-found") and stores nothing.
      proxy.fail = { selector: OWNER_OF, code: -32005, message: "rate limit exceeded" };
      const next = orderOf(alice, token);
      const nextSignature = await sign(ALICE_KEY, next);
      await refused(post(next, nextSignature, PROXY_CHAIN), 503, "chain-unreachable");
      assert.equal(await api.database.db.$count(marketOrders, eq(marketOrders.nonce, next.nonce)), 0);
    } finally {
      proxy.fail = null;
    }
    const res = await proxiedList();
    assert.equal(res.statusCode, 200, res.body);
    const page = res.json() as Page;
    assert.ok(page.orders.some((o) => o.digest === digest));
    assert.equal(page.pruned, 0);
  });

  it("examines at most 2 × limit orders per page, 8 at a time", async () => {
    const frank = await freshKey();
    const frankAddress = privateKeyToAccount(frank).address;
    const token = await mint(frank);
    await approveAll(frank);
    const limit = 20;
    for (let i = 0; i <= limit; i++) {
      const order = orderOf(frankAddress, token);
      await posted(order, await sign(frank, order), 201, PROXY_CHAIN);
    }
    const page = async (query: string): Promise<Page> => {
      const res = await api.call("GET", `${BASE}?chain_id=${PROXY_CHAIN}&seller=${frankAddress}&${query}`);
      assert.equal(res.statusCode, 200, res.body);
      return res.json() as Page;
    };

    // Each order checked makes three eth_calls of its own; the seller's minNonce and operator approval
    // are read once for all: 8 orders at a time make at most 8 × 3 + 2 (all 20 at once would make 62).
    proxy.peak = 0;
    proxy.delayMs = 20;
    try {
      assert.equal((await page(`limit=${limit}`)).orders.length, limit);
    } finally {
      proxy.delayMs = 0;
    }
    assert.ok(proxy.peak >= 3, `eth_calls went through the proxy (${proxy.peak})`);
    assert.ok(proxy.peak <= 8 * 3 + 2, `at most 8 orders at a time (${proxy.peak} eth_calls in flight)`);

    // All stale: a page of 5 examines (and prunes) 10 of the 21, then hands over a cursor.
    await send(frank, nft, erc721Abi, "transferFrom", [frankAddress, bob, token]);
    const first = await page("limit=5");
    assert.deepEqual(first.orders, []);
    assert.equal(first.pruned, 10);
    assert.notEqual(first.next_cursor, null);
    const second = await page(`limit=5&cursor=${first.next_cursor}`);
    assert.equal(second.pruned, 10);
    const last = await page(`limit=5&cursor=${second.next_cursor}`);
    assert.equal(last.pruned, 1);
    assert.equal(last.next_cursor, null);
  });

  it("rate-limits reading the book per client, like posting", async () => {
    const endpoint: ChainEndpoint = { chainId, rpcUrl: chain.url, addresses: { Marketplace: market } };
    // perMinute 30: each of the two routes allows 3 requests a minute.
    const limited = await testApi({ deps: { chain: { endpoints: [endpoint] } }, limits: { perMinute: 30 } });
    try {
      const get = () => limited.call("GET", `${BASE}?chain_id=${chainId}&limit=1`);
      for (let i = 0; i < 3; i++) assert.equal((await get()).statusCode, 200);
      await refused(get(), 429, "rate-limited");
      // Posting has its own budget.
      await refused(limited.call("POST", BASE, { body: {} }), 400, "invalid-input");
    } finally {
      await limited.close();
    }
  });
});
