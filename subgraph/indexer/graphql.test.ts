// The query API's graph-node conventions: names, arguments, filters, ordering, pagination, scalar
// serialization, relations, interfaces, `_meta` and the errors graph-node gives; plus the store's
// write validation (what `store.set` refuses).
import assert from "node:assert/strict";
import { before, describe, it } from "node:test";

import { buildApiSchema, type ApiSchema, type MetaInfo } from "./graphql.ts";
import { camelCasedNames } from "./naming.ts";
import { BigDecimal } from "./numbers.ts";
import { parseSchema, type SchemaModel } from "./schema.ts";
import { BlockState, EntityStore, WriteBatch } from "./store.ts";
import type { Entity, Hex, Value } from "./values.ts";

const SCHEMA = `
enum Side { BUY SELL }

interface Event { id: ID! amount: BigInt! }

type Token @entity(immutable: false) {
  id: Bytes!
  symbol: String!
  decimals: Int!
  price: BigDecimal
  supply: BigInt!
  active: Boolean!
  launched: Timestamp
  nonce: Int8!
  tags: [String!]!
  owner: Account
  trades: [Trade!]! @derivedFrom(field: "token")
}

type Account @entity(immutable: false) {
  id: ID!
  name: String
  favorites: [Token!]!
  tokens: [Token!]! @derivedFrom(field: "owner")
}

type Trade implements Event @entity(immutable: true) {
  id: ID!
  token: Token!
  amount: BigInt!
  side: Side!
  memo: String
}

type Mint implements Event @entity(immutable: true) {
  id: ID!
  amount: BigInt!
}

type Counter @entity(immutable: false) {
  id: Int8!
  value: Int!
}

type Stats @entity(immutable: false) {
  id: ID!
  count: Int!
}
`;

const s = (value: string): Value => ({ kind: "String", value });
const b = (value: string): Value => ({ kind: "Bytes", value: value as Hex });
const n = (value: bigint): Value => ({ kind: "BigInt", value });
const i = (value: number): Value => ({ kind: "Int", value });
const list = (...value: Value[]): Value => ({ kind: "Array", value });
const NULL: Value = { kind: "Null" };
const entity = (o: Record<string, Value>): Entity => new Map(Object.entries(o));

const T1 = "0x00000000000000000000000000000000000000a1";
const T2 = "0x00000000000000000000000000000000000000b2";
const T3 = "0x00000000000000000000000000000000000000c3";

function token(id: string, symbol: string, o: Record<string, Value> = {}): Entity {
  return entity({
    symbol: s(symbol),
    decimals: i(18),
    supply: n(1000n),
    active: { kind: "Bool", value: true },
    nonce: { kind: "Int8", value: 0n },
    tags: list(),
    id: b(id),
    ...o,
  });
}

describe("query API", () => {
  let schema: SchemaModel;
  let store: EntityStore;
  let api: ApiSchema;
  let meta: MetaInfo;

  const q = async (query: string, variables?: Record<string, unknown>) => {
    const r = await api.execute({ query, variables: variables ?? null });
    if (r.errors) throw new Error(r.errors.map((e) => e.message).join("; "));
    return JSON.parse(JSON.stringify(r.data)) as Record<string, unknown>; // as an HTTP client sees it
  };
  const qErr = async (query: string) => {
    const r = await api.execute({ query });
    assert.ok(r.errors && r.errors.length > 0, `expected an error from ${query}`);
    return r.errors.map((e) => e.message).join("; ");
  };
  const ids = (rows: unknown) => (rows as { id: string }[]).map((r) => r.id);

  before(() => {
    schema = parseSchema(SCHEMA);
    store = EntityStore.open(":memory:", schema);
    const batch = new WriteBatch();
    const block = new BlockState(store, batch, 5n);
    block.set(
      "Token",
      T1,
      token(T1, "PEPER", {
        price: { kind: "BigDecimal", value: BigDecimal.parse("1.5") },
        supply: n(9n),
        tags: list(s("defi"), s("Gov")),
        owner: s("alice"),
        launched: { kind: "Timestamp", value: 1700000000000000n },
        nonce: { kind: "Int8", value: -5n },
      }),
    );
    block.set(
      "Token",
      T2,
      token(T2, "weth", {
        price: { kind: "BigDecimal", value: BigDecimal.parse("3000.25") },
        supply: n(10n),
        tags: list(s("defi")),
        owner: s("bob"),
      }),
    );
    block.set(
      "Token",
      T3,
      token(T3, "Usdc", { supply: n(100n), active: { kind: "Bool", value: false }, owner: s("alice") }),
    );
    block.set("Account", "alice", entity({ name: s("Alice"), favorites: list(b(T2), b(T3)) }));
    block.set("Account", "bob", entity({ favorites: list() }));
    block.set("Trade", "t1", entity({ token: b(T1), amount: n(5n), side: s("BUY") }));
    block.set("Trade", "t2", entity({ token: b(T1), amount: n(50n), side: s("SELL"), memo: s("big") }));
    block.set("Trade", "t3", entity({ token: b(T2), amount: n(7n), side: s("BUY") }));
    block.set("Mint", "m1", entity({ amount: n(1n) }));
    block.set("Counter", "42", entity({ value: i(1) }));
    block.set("Stats", "global", entity({ count: i(3) }));
    batch.absorb(block);
    const later = new BlockState(store, batch, 9n);
    later.set("Token", T2, entity({ supply: n(11n) }));
    batch.absorb(later);
    store.commit(
      batch,
      { number: 9n, hash: `0x${"ab".repeat(32)}`, timestamp: 1700000100n },
      { chainId: 31337, manifestHash: "test" },
    );
    meta = {
      block: { number: 9n, hash: `0x${"ab".repeat(32)}`, timestamp: 1700000100n },
      deployment: "test",
      hasIndexingErrors: false,
    };
    api = buildApiSchema(schema, store, () => meta);
  });

  it("names query fields like graph-node (inflection, _collection)", () => {
    assert.deepEqual(camelCasedNames("Token"), ["token", "tokens"]);
    assert.deepEqual(camelCasedNames("Entity"), ["entity", "entities"]);
    assert.deepEqual(camelCasedNames("Stats"), ["stats", "stats_collection"]);
    assert.deepEqual(camelCasedNames("Status"), ["status", "statuses"]);
    assert.deepEqual(camelCasedNames("ERC20Token"), ["erc20Token", "erc20Tokens"]);
    assert.deepEqual(camelCasedNames("LPPosition"), ["lpposition", "lppositions"]);
    assert.deepEqual(camelCasedNames("Leaf"), ["leaf", "leaves"]);
    assert.deepEqual(api.queryFields.get("Stats"), ["stats", "stats_collection"]);
    const fields = api.graphql.getQueryType()!.getFields();
    assert.deepEqual(
      fields["tokens"]!.args.map((a) => a.name),
      ["skip", "first", "orderBy", "orderDirection", "where", "block", "subgraphError"],
    );
    assert.deepEqual(
      fields["token"]!.args.map((a) => a.name),
      ["id", "block", "subgraphError"],
    );
  });

  it("serializes scalars as graph-node (strings for BigInt, BigDecimal, Int8, Timestamp)", async () => {
    const data = await q(
      `{ token(id: "${T1.toUpperCase().replace("0X", "0x")}") { id symbol decimals price supply active launched nonce tags } }`,
    );
    assert.deepEqual(data["token"], {
      id: T1,
      symbol: "PEPER",
      decimals: 18,
      price: "1.5",
      supply: "9",
      active: true,
      launched: "1700000000000000",
      nonce: "-5",
      tags: ["defi", "Gov"],
    });
    assert.deepEqual((await q(`{ counter(id: "42") { id value } }`))["counter"], { id: "42", value: 1 });
    assert.equal((await q(`{ token(id: "0x00") { id } }`))["token"], null);
  });

  it("orders by id by default and paginates with first/skip", async () => {
    assert.deepEqual(ids((await q(`{ trades { id } }`))["trades"]), ["t1", "t2", "t3"]);
    assert.deepEqual(ids((await q(`{ trades(first: 2, skip: 1) { id } }`))["trades"]), ["t2", "t3"]);
    assert.deepEqual(ids((await q(`{ trades(orderDirection: desc) { id } }`))["trades"]), ["t3", "t2", "t1"]);
    assert.deepEqual(ids((await q(`{ trades(skip: 5) { id } }`))["trades"]), []);
  });

  it("rejects out-of-range first and skip with graph-node's messages", async () => {
    assert.match(
      await qErr(`{ trades(first: 1001) { id } }`),
      /The `first` argument must be between 0 and 1000, but is 1001/,
    );
    assert.match(
      await qErr(`{ trades(first: 0) { id } }`),
      /The `first` argument must be between 0 and 1000, but is 0/,
    );
    assert.match(
      await qErr(`{ trades(skip: 5001) { id } }`),
      /The `skip` argument must be between 0 and 5000, but is 5001/,
    );
    assert.match(
      await qErr(`{ trades(skip: -1) { id } }`),
      /The `skip` argument must be between 0 and 5000, but is -1/,
    );
    assert.match(await qErr(`{ tokens { trades(first: 2000) { id } } }`), /between 0 and 1000/);
  });

  it("sorts numbers numerically, nulls last ascending and first descending, ties by id", async () => {
    assert.deepEqual(ids((await q(`{ tokens(orderBy: supply) { id } }`))["tokens"]), [T1, T2, T3]);
    assert.deepEqual(ids((await q(`{ tokens(orderBy: supply, orderDirection: desc) { id } }`))["tokens"]), [
      T3,
      T2,
      T1,
    ]);
    assert.deepEqual(ids((await q(`{ tokens(orderBy: price) { id } }`))["tokens"]), [T1, T2, T3]);
    assert.deepEqual(ids((await q(`{ tokens(orderBy: price, orderDirection: desc) { id } }`))["tokens"]), [T3, T2, T1]);
    assert.deepEqual(ids((await q(`{ tokens(orderBy: decimals, orderDirection: desc) { id } }`))["tokens"]), [
      T3,
      T2,
      T1,
    ]);
    assert.deepEqual(ids((await q(`{ tokens(orderBy: symbol) { id } }`))["tokens"]), [T1, T3, T2]); // byte order: P < U < w
  });

  it("sorts by a child field (rel__field) and refuses list fields", async () => {
    assert.deepEqual(ids((await q(`{ trades(orderBy: token__symbol, orderDirection: desc) { id } }`))["trades"]), [
      "t3",
      "t2",
      "t1",
    ]);
    assert.deepEqual(ids((await q(`{ tokens(orderBy: owner__name) { id } }`))["tokens"]), [T1, T3, T2]);
    assert.match(
      await qErr(`{ tokens(orderBy: tags) { id } }`),
      /Ordering by `tags` is not supported for type `Token`/,
    );
    assert.match(await qErr(`{ tokens(orderBy: trades) { id } }`), /Ordering by `trades` is not supported/);
  });

  it("filters scalars with graph-node's operators", async () => {
    const w = async (where: string, type = "tokens") => ids((await q(`{ ${type}(where: { ${where} }) { id } }`))[type]);
    assert.deepEqual(await w(`supply: "10"`), []);
    assert.deepEqual(await w(`supply: "11"`), [T2]);
    assert.deepEqual(await w(`supply_gt: "9"`), [T2, T3]);
    assert.deepEqual(await w(`supply_gte: 9`), [T1, T2, T3]);
    assert.deepEqual(await w(`supply_lt: "100", supply_not: "9"`), [T2]);
    assert.deepEqual(await w(`supply_in: ["9", "100"]`), [T1, T3]);
    assert.deepEqual(await w(`supply_not_in: ["9", "100"]`), [T2]);
    assert.deepEqual(await w(`price_gt: "2"`), [T2]);
    assert.deepEqual(await w(`price: null`), [T3]);
    assert.deepEqual(await w(`price_not: null`), [T1, T2]);
    assert.deepEqual(await w(`price_not: "1.5"`), [T2]); // SQL: a null column never matches `!=`
    assert.deepEqual(await w(`active: false`), [T3]);
    assert.deepEqual(await w(`nonce_lt: "0"`), [T1]);
    assert.deepEqual(await w(`launched_gte: "1700000000000000"`), [T1]);
    assert.deepEqual(await w(`id_in: ["${T2}", "${T3.toUpperCase().replace("0X", "0x")}"]`), [T2, T3]);
  });

  it("filters strings: contains, starts/ends with, nocase and negations", async () => {
    const w = async (where: string) => ids((await q(`{ tokens(where: { ${where} }) { id } }`))["tokens"]);
    assert.deepEqual(await w(`symbol_contains: "E"`), [T1]);
    assert.deepEqual(await w(`symbol_contains_nocase: "e"`), [T1, T2]);
    assert.deepEqual(await w(`symbol_not_contains: "E"`), [T2, T3]);
    assert.deepEqual(await w(`symbol_not_contains_nocase: "E"`), [T3]);
    assert.deepEqual(await w(`symbol_starts_with: "u"`), []);
    assert.deepEqual(await w(`symbol_starts_with_nocase: "u"`), [T3]);
    assert.deepEqual(await w(`symbol_not_starts_with: "P"`), [T2, T3]);
    assert.deepEqual(await w(`symbol_ends_with: "th"`), [T2]);
    assert.deepEqual(await w(`symbol_ends_with_nocase: "DC"`), [T3]);
    assert.deepEqual(await w(`symbol_not_ends_with_nocase: "DC"`), [T1, T2]);
    assert.deepEqual(await w(`symbol_gt: "Usdc"`), [T2]);
    assert.deepEqual(await w(`id_contains: "b2"`), [T2]);
    assert.deepEqual(await w(`id_contains: "0b"`), []); // whole bytes only: ...00 b2 has no 0b byte
  });

  it("filters lists (whole-list equality and contains) and enums", async () => {
    const w = async (where: string, type = "tokens") => ids((await q(`{ ${type}(where: { ${where} }) { id } }`))[type]);
    assert.deepEqual(await w(`tags: ["defi"]`), [T2]);
    assert.deepEqual(await w(`tags_contains: ["defi"]`), [T1, T2]);
    assert.deepEqual(await w(`tags_contains: ["defi", "Gov"]`), [T1]);
    assert.deepEqual(await w(`tags_contains_nocase: ["gov"]`), [T1]);
    assert.deepEqual(await w(`tags_not_contains: ["defi"]`), [T3]);
    assert.deepEqual(await w(`side: SELL`, "trades"), ["t2"]);
    assert.deepEqual(await w(`side_in: [BUY]`, "trades"), ["t1", "t3"]);
    assert.deepEqual(await w(`favorites_contains: ["${T3}"]`, "accounts"), ["alice"]);
  });

  it("filters relations by id and through nested `field_` filters, derived ones too", async () => {
    const w = async (where: string, type: string) => ids((await q(`{ ${type}(where: { ${where} }) { id } }`))[type]);
    assert.deepEqual(await w(`token: "${T1}"`, "trades"), ["t1", "t2"]);
    assert.deepEqual(await w(`token: "${T1.toUpperCase().replace("0X", "0x")}"`, "trades"), ["t1", "t2"]);
    assert.deepEqual(await w(`token_in: ["${T2}"]`, "trades"), ["t3"]);
    // A relation equality answered from the reverse index, with other filters beside it.
    assert.deepEqual(await w(`token: "${T1}", amount_gt: "6"`, "trades"), ["t2"]);
    assert.deepEqual(await w(`token: "${T2}", side: SELL`, "trades"), []);
    assert.match(
      await qErr(`{ trades(where: { token: "${T1}", and: [{ amount: "5" }] }) { id } }`),
      /must not mix `and`/,
    );
    assert.deepEqual(await w(`token_: { symbol_starts_with_nocase: "we" }`, "trades"), ["t3"]);
    assert.deepEqual(await w(`token_: { owner_: { name: "Alice" } }`, "trades"), ["t1", "t2"]);
    assert.deepEqual(await w(`trades_: { amount_gte: "50" }`, "tokens"), [T1]);
    assert.deepEqual(await w(`tokens_: { active: false }`, "accounts"), ["alice"]);
    assert.deepEqual(await w(`favorites_: { symbol: "weth" }`, "accounts"), ["alice"]);
    assert.deepEqual(await w(`owner: null`, "tokens"), []);
  });

  it("combines filters with and/or and refuses them mixed with column filters", async () => {
    const w = async (where: string, type = "trades") => ids((await q(`{ ${type}(where: { ${where} }) { id } }`))[type]);
    assert.deepEqual(await w(`or: [{ amount: "5" }, { memo_not: null }]`), ["t1", "t2"]);
    assert.deepEqual(await w(`and: [{ amount_gt: "5" }, { side: BUY }]`), ["t3"]);
    assert.deepEqual(await w(`or: [{ and: [{ side: BUY }, { amount_gt: "6" }] }, { memo: "big" }]`), ["t2", "t3"]);
    assert.match(await qErr(`{ trades(where: { side: BUY, or: [{ amount: "5" }] }) { id } }`), /must not mix `or`/);
    assert.match(await qErr(`{ trades(where: { and: [{ amount: "5" }], memo: null }) { id } }`), /must not mix `and`/);
  });

  it("filters by the block an entity last changed in (_change_block)", async () => {
    const w = async (where: string) => ids((await q(`{ tokens(where: { ${where} }) { id } }`))["tokens"]);
    assert.deepEqual(await w(`_change_block: { number_gte: 6 }`), [T2]);
    assert.deepEqual(await w(`_change_block: { number_gte: 5 }`), [T1, T2, T3]);
  });

  it("reports bad filter values like graph-node", async () => {
    assert.match(await qErr(`{ tokens(where: { supply_gt: "1.5" }) { id } }`), /Failed to decode `BigInt` value/);
    assert.match(await qErr(`{ tokens(where: { id: "0xzz" }) { id } }`), /Failed to decode `Bytes` value/);
    assert.match(await qErr(`{ tokens(where: { nope: 1 }) { id } }`), /nope/);
  });

  it("resolves relations: single, non-derived lists and derived lists with arguments", async () => {
    const data = await q(`{
      trades(where: { id: "t3" }) { id token { id symbol owner { id name } } }
      account(id: "alice") {
        favorites(orderBy: symbol, orderDirection: desc) { id }
        tokens(where: { active: true }) { id trades(orderBy: amount, orderDirection: desc, first: 1) { id amount } }
      }
    }`);
    assert.deepEqual(data["trades"], [
      { id: "t3", token: { id: T2, symbol: "weth", owner: { id: "bob", name: null } } },
    ]);
    assert.deepEqual(data["account"], {
      favorites: [{ id: T2 }, { id: T3 }],
      tokens: [{ id: T1, trades: [{ id: "t2", amount: "50" }] }],
    });
  });

  it("queries interfaces across their implementations", async () => {
    const data = await q(
      `{ events(orderBy: amount, orderDirection: desc) { __typename id amount ... on Trade { side } } event(id: "m1") { __typename id } }`,
    );
    assert.deepEqual(data["events"], [
      { __typename: "Trade", id: "t2", amount: "50", side: "SELL" },
      { __typename: "Trade", id: "t3", amount: "7", side: "BUY" },
      { __typename: "Trade", id: "t1", amount: "5", side: "BUY" },
      { __typename: "Mint", id: "m1", amount: "1" },
    ]);
    assert.deepEqual(data["event"], { __typename: "Mint", id: "m1" });
  });

  it("serves _meta and the latest block only (no time travel)", async () => {
    const data = await q(`{ _meta { block { number hash timestamp } deployment hasIndexingErrors } }`);
    assert.deepEqual(data["_meta"], {
      block: { number: 9, hash: `0x${"ab".repeat(32)}`, timestamp: 1700000100 },
      deployment: "test",
      hasIndexingErrors: false,
    });
    assert.equal(ids((await q(`{ tokens(block: { number: 9 }) { id } }`))["tokens"]).length, 3);
    assert.equal(ids((await q(`{ tokens(block: { number_gte: 3 }) { id } }`))["tokens"]).length, 3);
    assert.equal(ids((await q(`{ tokens(block: { hash: "0x${"AB".repeat(32)}" }) { id } }`))["tokens"]).length, 3);
    assert.match(await qErr(`{ tokens(block: { number: 8 }) { id } }`), /time travel queries are not supported/);
    assert.match(
      await qErr(`{ tokens(block: { number: 10 }) { id } }`),
      /has only indexed up to block number 9 and data for block number 10 is therefore not yet available/,
    );
    assert.match(await qErr(`{ tokens(block: { number_gte: 10 }) { id } }`), /not yet available/);
    assert.match(await qErr(`{ _meta(block: { hash: "0x${"cd".repeat(32)}" }) { deployment } }`), /time travel/);
    assert.ok(await q(`{ tokens(subgraphError: allow) { id } }`));
  });
});

describe("store.set validation", () => {
  const schema = parseSchema(SCHEMA);
  const fresh = () => {
    const store = EntityStore.open(":memory:", schema);
    return { store, batch: new WriteBatch() };
  };

  it("refuses missing non-null fields, wrong kinds, unknown and derived fields", () => {
    const { store, batch } = fresh();
    const block = new BlockState(store, batch, 1n);
    assert.throws(
      () => block.set("Trade", "x", entity({ amount: n(1n), side: s("BUY") })),
      /Entity Trade\[x\]: missing value for non-nullable field `token`/,
    );
    assert.throws(
      () => block.set("Trade", "x", entity({ token: b(T1), amount: i(1), side: s("BUY") })),
      /Entity Trade\[x\]: the value `1` for field `amount` must have type BigInt! but has type Int/,
    );
    assert.throws(() => block.set("Mint", "x", entity({ amount: n(1n), color: s("red") })), /unknown key `color`/);
    assert.throws(() => block.set("Token", T1, token(T1, "A", { trades: list(s("t1")) })), /field `trades` is derived/);
    assert.throws(
      () => block.set("Mint", "x", entity({ id: s("y"), amount: n(1n) })),
      /conflicts with ID passed to `store.set\(\)`: y != x/,
    );
    assert.throws(() => block.set("Nope", "x", entity({})), /Unknown entity type `Nope`/);
  });

  it("merges updates into the stored entity and removes fields set to null", () => {
    const { store, batch } = fresh();
    const block = new BlockState(store, batch, 1n);
    block.set("Trade", "x", entity({ token: b(T1), amount: n(1n), side: s("BUY"), memo: s("m") }));
    block.set("Trade", "x", entity({ memo: NULL, amount: n(2n) }));
    const e = block.get("Trade", "x")!;
    assert.equal(e.has("memo"), false);
    assert.deepEqual(e.get("amount"), n(2n));
    assert.deepEqual(e.get("side"), s("BUY"));
    assert.deepEqual(e.get("id"), s("x"));
  });

  it("lets immutable entities change within their block only", () => {
    const { store, batch } = fresh();
    const first = new BlockState(store, batch, 1n);
    first.set("Mint", "m", entity({ amount: n(1n) }));
    first.set("Mint", "m", entity({ amount: n(2n) }));
    batch.absorb(first);
    const second = new BlockState(store, batch, 2n);
    assert.throws(
      () => second.set("Mint", "m", entity({ amount: n(3n) })),
      /Immutable entity type Mint only allows inserts: Mint\[m\] already exists/,
    );
    assert.throws(() => second.remove("Mint", "m"), /can not be removed/);
    store.commit(batch, { number: 1n, hash: "0x01", timestamp: 0n });
    const third = new BlockState(store, new WriteBatch(), 3n);
    assert.throws(() => third.set("Mint", "m", entity({ amount: n(3n) })), /only allows inserts/);
  });

  it("answers get_in_block and loadRelated through the block and batch", () => {
    const { store, batch } = fresh();
    const one = new BlockState(store, batch, 1n);
    one.set("Trade", "a", entity({ token: b(T1), amount: n(1n), side: s("BUY") }));
    batch.absorb(one);
    const two = new BlockState(store, batch, 2n);
    two.set("Trade", "b", entity({ token: b(T1), amount: n(2n), side: s("SELL") }));
    two.set("Trade", "c", entity({ token: b(T2), amount: n(3n), side: s("SELL") }));
    assert.equal(two.getInBlock("Trade", "a"), null);
    assert.ok(two.getInBlock("Trade", "b"));
    assert.deepEqual(
      two.loadRelated("Token", T1, "trades").map((e) => (e.get("id") as { value: string }).value),
      ["a", "b"],
    );
    assert.throws(() => two.loadRelated("Token", T1, "symbol"), /not a derived field/);
  });
});
