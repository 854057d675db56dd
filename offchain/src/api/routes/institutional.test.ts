import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";

import { sql } from "drizzle-orm";
import {
  createPublicClient,
  createWalletClient,
  http,
  parseUnits,
  type Abi,
  type Address,
  type Hex,
  type PublicClient,
} from "viem";
import { privateKeyToAccount } from "viem/accounts";

import { web3Wallets } from "../../db/schema.ts";
import { abis } from "../../protocol/generated/abis.ts";
import type { ChainEndpoint } from "../chain.ts";
import { artifact, DEV_KEYS, startChain, type TestChain } from "../../testing/chain.ts";
import { testApi, type TestApi, type TestUser } from "../testing.ts";

const BASE = "/api/v5/institutional";

interface Portfolio {
  id: string;
  name: string;
  accounts: number;
}
interface Account {
  id: string;
  name: string;
  portfolio_id: string | null;
  wallet: { id: string; address: string; chain_id: number } | null;
}
interface ErrorBody {
  code: string;
  field?: string;
  error: string;
}

/** Inserts a wallet row for a user (the SIWE routes link wallets; here they are given directly). */
async function wallet(api: TestApi, user: TestUser, address: string, chainId = 31337, verified = true) {
  const [row] = await api.database.db
    .insert(web3Wallets)
    .values({ userId: user.id, address: address.toLowerCase(), chainId, verifiedAt: verified ? new Date() : null })
    .returning();
  return row!;
}

function call(api: TestApi, user: TestUser | undefined, method: string, url: string, body?: unknown) {
  return api.call(method, BASE + url, { ...(user ? { token: user.accessToken } : {}), body });
}

async function ok<T>(res: Promise<{ statusCode: number; body: string; json(): unknown }>, status = 200): Promise<T> {
  const r = await res;
  assert.equal(r.statusCode, status, r.body);
  return r.json() as T;
}

describe("/api/v5/institutional (no chain configured)", () => {
  let api: TestApi;
  let alice: TestUser;
  let bob: TestUser;
  let admin: TestUser;

  before(async () => {
    api = await testApi();
    alice = await api.user("institutional");
    bob = await api.user("institutional");
    admin = await api.user("admin");
  });
  after(() => api.close());

  it("admits institutional clients and admins only (401 without a token, 403 for other roles)", async () => {
    const routes: [string, string, unknown?][] = [
      ["POST", "/portfolios", { name: "x" }],
      ["GET", "/portfolios"],
      ["GET", "/accounts"],
      ["POST", "/accounts", { name: "x" }],
      ["GET", "/portfolios/00000000-0000-4000-8000-000000000000/positions?since_block=0"],
    ];
    const refused = [await api.user("user"), await api.user("educator"), await api.user("compliance_officer")];
    for (const [method, url, body] of routes) {
      assert.equal((await call(api, undefined, method, url, body)).statusCode, 401, `${method} ${url}`);
      for (const user of refused) {
        const res = await call(api, user, method, url, body);
        assert.equal(res.statusCode, 403, `${user.role} ${method} ${url}`);
      }
    }
    assert.equal((await call(api, admin, "GET", "/portfolios")).statusCode, 200);
  });

  it("creates, lists, renames and deletes portfolios; a deleted portfolio's accounts become ungrouped", async () => {
    const growth = await ok<Portfolio>(call(api, alice, "POST", "/portfolios", { name: "Growth" }), 201);
    const income = await ok<Portfolio>(call(api, alice, "POST", "/portfolios", { name: "Income" }), 201);
    assert.equal(growth.accounts, 0);
    const dup = await call(api, alice, "POST", "/portfolios", { name: "Growth" });
    assert.equal(dup.statusCode, 409);
    assert.deepEqual(dup.json(), {
      error: "You already have a portfolio with this name; choose another.",
      code: "name-taken",
      field: "name",
    });
    // Another client may use the same name.
    await ok(call(api, bob, "POST", "/portfolios", { name: "Growth" }), 201);

    const desk = await ok<Account>(
      call(api, alice, "POST", "/accounts", { name: "Desk 1", portfolio_id: growth.id }),
      201,
    );
    await ok<Account>(call(api, alice, "POST", "/accounts", { name: "Desk 2", portfolio_id: growth.id }), 201);
    assert.equal(desk.portfolio_id, growth.id);
    assert.equal(desk.wallet, null);

    const list = await ok<{ portfolios: Portfolio[] }>(call(api, alice, "GET", "/portfolios"));
    assert.deepEqual(
      list.portfolios.map((p) => [p.name, p.accounts]),
      [
        ["Growth", 2],
        ["Income", 0],
      ],
    );
    // Move one account to another portfolio, then out of any portfolio.
    const moved = await ok<Account>(call(api, alice, "PATCH", `/accounts/${desk.id}`, { portfolio_id: income.id }));
    assert.equal(moved.portfolio_id, income.id);
    const inIncome = await ok<{ accounts: Account[] }>(call(api, alice, "GET", `/accounts?portfolio_id=${income.id}`));
    assert.deepEqual(
      inIncome.accounts.map((a) => a.name),
      ["Desk 1"],
    );
    const out = await ok<Account>(call(api, alice, "PATCH", `/accounts/${desk.id}`, { portfolio_id: null }));
    assert.equal(out.portfolio_id, null);

    const renamed = await ok<Portfolio>(call(api, alice, "PATCH", `/portfolios/${income.id}`, { name: "Dividends" }));
    assert.equal(renamed.name, "Dividends");
    const detail = await ok<Portfolio & { trading_accounts: Account[] }>(
      call(api, alice, "GET", `/portfolios/${growth.id}`),
    );
    assert.deepEqual(
      detail.trading_accounts.map((a) => a.name),
      ["Desk 2"],
    );

    const deleted = await ok<{ ungrouped_accounts: number }>(call(api, alice, "DELETE", `/portfolios/${growth.id}`));
    assert.equal(deleted.ungrouped_accounts, 1);
    const all = await ok<{ accounts: Account[] }>(call(api, alice, "GET", "/accounts"));
    assert.deepEqual(
      all.accounts.map((a) => [a.name, a.portfolio_id]),
      [
        ["Desk 1", null],
        ["Desk 2", null],
      ],
    );
    assert.equal((await call(api, alice, "DELETE", `/accounts/${desk.id}`)).statusCode, 204);
    assert.equal((await call(api, alice, "GET", `/portfolios/${growth.id}`)).statusCode, 404);

    const actions = (
      (await api.database.db.execute(
        sql`SELECT action FROM audit_log WHERE actor = ${api.ctx.pseudonym(alice.id)} AND action LIKE 'institutional.%' ORDER BY seq`,
      )) as unknown as { rows: { action: string }[] }
    ).rows.map((r) => r.action);
    assert.ok(actions.includes("institutional.portfolio.delete") && actions.includes("institutional.account.update"));
  });

  it("keeps clients apart: nobody sees or touches another client's portfolios, accounts or wallets", async () => {
    const mine = await ok<Portfolio>(call(api, alice, "POST", "/portfolios", { name: "Private" }), 201);
    const myWallet = await wallet(api, alice, "0x1000000000000000000000000000000000000001");
    const myAccount = await ok<Account>(
      call(api, alice, "POST", "/accounts", { name: "Secret desk", portfolio_id: mine.id, wallet_id: myWallet.id }),
      201,
    );
    assert.equal(myAccount.wallet?.address, "0x1000000000000000000000000000000000000001");

    const bobsPortfolios = await ok<{ portfolios: Portfolio[] }>(call(api, bob, "GET", "/portfolios"));
    assert.ok(bobsPortfolios.portfolios.every((p) => p.id !== mine.id));
    const bobsAccounts = await ok<{ accounts: Account[] }>(call(api, bob, "GET", "/accounts"));
    assert.ok(bobsAccounts.accounts.every((a) => a.id !== myAccount.id));

    const attempts: [string, string, unknown, number, string?][] = [
      ["GET", `/portfolios/${mine.id}`, undefined, 404],
      ["PATCH", `/portfolios/${mine.id}`, { name: "Mine now" }, 404],
      ["DELETE", `/portfolios/${mine.id}`, undefined, 404],
      ["GET", `/portfolios/${mine.id}/positions?since_block=0`, undefined, 404],
      ["GET", `/accounts?portfolio_id=${mine.id}`, undefined, 404, "portfolio_id"],
      ["PATCH", `/accounts/${myAccount.id}`, { name: "Taken" }, 404],
      ["DELETE", `/accounts/${myAccount.id}`, undefined, 404],
      ["POST", "/accounts", { name: "Into hers", portfolio_id: mine.id }, 404, "portfolio_id"],
      ["POST", "/accounts", { name: "With her wallet", wallet_id: myWallet.id }, 404, "wallet_id"],
    ];
    for (const [method, url, body, status, field] of attempts) {
      const res = await call(api, bob, method, url, body);
      assert.equal(res.statusCode, status, `${method} ${url}: ${res.body}`);
      if (field) assert.equal((res.json() as ErrorBody).field, field);
    }
    // Admins are clients too: they see their own book, not everyone's.
    const admins = await ok<{ portfolios: Portfolio[] }>(call(api, admin, "GET", "/portfolios"));
    assert.deepEqual(admins.portfolios, []);
    // And nothing changed.
    const after = await ok<Portfolio & { trading_accounts: Account[] }>(
      call(api, alice, "GET", `/portfolios/${mine.id}`),
    );
    assert.equal(after.name, "Private");
    assert.deepEqual(
      after.trading_accounts.map((a) => a.name),
      ["Secret desk"],
    );
  });

  it("links only verified, unsanctioned wallets", async () => {
    const unverified = await wallet(api, alice, "0x2000000000000000000000000000000000000002", 31337, false);
    const res = await call(api, alice, "POST", "/accounts", { name: "Unverified", wallet_id: unverified.id });
    assert.equal(res.statusCode, 409);
    assert.equal((res.json() as ErrorBody).code, "wallet-unverified");
    assert.equal((res.json() as ErrorBody).field, "wallet_id");
    const listed = await wallet(api, alice, "0x000000000000000000000000000000000000BAD1");
    const sanctioned = await call(api, alice, "POST", "/accounts", { name: "Listed", wallet_id: listed.id });
    assert.equal(sanctioned.statusCode, 403);
    assert.equal((sanctioned.json() as ErrorBody).code, "wallet-sanctioned");
    const plain = await ok<Account>(call(api, alice, "POST", "/accounts", { name: "Plain" }), 201);
    const relink = await call(api, alice, "PATCH", `/accounts/${plain.id}`, { wallet_id: listed.id });
    assert.equal(relink.statusCode, 403);
  });

  it("names the field of bad input (400)", async () => {
    const p = await ok<Portfolio>(call(api, alice, "POST", "/portfolios", { name: "Checks" }), 201);
    const cases: [string, string, unknown, string][] = [
      ["POST", "/portfolios", { name: "" }, "name"],
      ["POST", "/portfolios", { name: "x".repeat(101) }, "name"],
      ["POST", "/portfolios", { name: "ok", client_id: alice.id }, "client_id"],
      ["POST", "/accounts", { name: "a", portfolio_id: "not-a-uuid" }, "portfolio_id"],
      ["POST", "/accounts", { name: "a", wallet_id: 7 }, "wallet_id"],
      ["PATCH", `/accounts/${p.id}`, {}, ""],
      ["GET", "/portfolios/nope", undefined, "id"],
      ["GET", `/portfolios/${p.id}/positions`, undefined, "since_block"],
      ["GET", `/portfolios/${p.id}/positions?since_block=-1`, undefined, "since_block"],
      ["GET", `/portfolios/${p.id}/positions?since_block=1&chain_id=zero`, undefined, "chain_id"],
    ];
    for (const [method, url, body, field] of cases) {
      const res = await call(api, alice, method, url, body);
      assert.equal(res.statusCode, 400, `${method} ${url}: ${res.body}`);
      assert.equal((res.json() as ErrorBody).field ?? "", field, `${method} ${url}: ${res.body}`);
    }
  });

  it("answers 503 chain-unavailable for positions when no chain is configured", async () => {
    const p = await ok<Portfolio>(call(api, alice, "POST", "/portfolios", { name: "On chain" }), 201);
    const res = await call(api, alice, "GET", `/portfolios/${p.id}/positions?since_block=0`);
    assert.equal(res.statusCode, 503);
    assert.equal((res.json() as ErrorBody).code, "chain-unavailable");
  });
});

// ---------------------------------------------------------------------------------------------------
// Positions and P&L on a real Hardhat node
// ---------------------------------------------------------------------------------------------------

const e18 = (n: string) => parseUnits(n, 18);
const e6 = (n: string) => parseUnits(n, 6);

/** A small Peper deployment: WETH9, a 6-decimal USDC, PEPER, the factory, the staking pool. */
async function deployMarket(url: string) {
  const transport = http(url);
  const client = createPublicClient({ transport }) as PublicClient;
  const deployer = createWalletClient({ account: privateKeyToAccount(DEV_KEYS[0]), transport });
  const holder = createWalletClient({ account: privateKeyToAccount(DEV_KEYS[1]), transport });
  const me = deployer.account.address;
  const mined = async (hash: Promise<Hex>) => {
    const receipt = await client.waitForTransactionReceipt({ hash: await hash });
    assert.equal(receipt.status, "success");
    return receipt;
  };
  const deploy = async (path: string, args: unknown[]) => {
    const { abi, bytecode } = artifact(path);
    return (await mined(deployer.deployContract({ abi: abi as Abi, bytecode, args, chain: null }))).contractAddress!;
  };
  const weth = await deploy("defi/WETH9.sol/WETH9.json", []);
  const usdc = await deploy("demo/DemoToken.sol/DemoToken.json", [
    "USD Coin (demo)",
    "USDC",
    6,
    [me],
    [e6("10000000")],
  ]);
  const peper = await deploy("governance/PeperToken.sol/PeperToken.json", [
    me,
    e18("1000000000"),
    [me],
    [e18("100000000")],
  ]);
  const factory = await deploy("defi/PeperFactory.sol/PeperFactory.json", [me]);
  const pool = await deploy("defi/StakingPool.sol/StakingPool.json", [me, me, peper, peper]);

  const erc20 = abis.DemoToken;
  const send = (token: Address, to: Address, amount: bigint, from = deployer) =>
    mined(
      from.writeContract({ address: token, abi: erc20, functionName: "transfer", args: [to, amount], chain: null }),
    );
  const pairOf = (a: Address, b: Address) =>
    client.readContract({ address: factory, abi: abis.PeperFactory, functionName: "getPair", args: [a, b] });
  /** Creates the pair of a and b and seeds it with amounts (the deployer holds the liquidity). */
  const seed = async (a: Address, amountA: bigint, b: Address, amountB: bigint) => {
    await mined(
      deployer.writeContract({
        address: factory,
        abi: abis.PeperFactory,
        functionName: "createPair",
        args: [a, b],
        chain: null,
      }),
    );
    const pair = await pairOf(a, b);
    await send(a, pair, amountA);
    await send(b, pair, amountB);
    await mined(
      deployer.writeContract({ address: pair, abi: abis.PeperPair, functionName: "mint", args: [me], chain: null }),
    );
    return pair;
  };
  await mined(
    deployer.writeContract({ address: weth, abi: abis.WETH9, functionName: "deposit", value: e18("300"), chain: null }),
  );
  return { client, deployer, holder, weth, usdc, peper, factory, pool, send, seed, mined, pairOf };
}

describe("/api/v5/institutional positions on a Hardhat node", () => {
  let chain: TestChain;
  let api: TestApi;
  let client: TestUser;
  let market: Awaited<ReturnType<typeof deployMarket>>;
  let portfolioId: string;
  let sinceBlock: bigint;

  before(async () => {
    chain = await startChain();
    market = await deployMarket(chain.url);
    const { client: pub, holder, weth, usdc, peper, pool, send, seed, mined } = market;
    const holderAddress = holder.account.address;

    // Before since_block: WETH = 3000 USDC; PEPER has no USDC pair, only PEPER/WETH (0.0001 WETH = 0.3 USDC).
    await seed(weth, e18("100"), usdc, e6("300000"));
    await seed(peper, e18("1000000"), weth, e18("100"));
    await send(peper, holderAddress, e18("11000"));
    await send(usdc, holderAddress, e6("5000"));
    await mined(
      holder.writeContract({ address: weth, abi: abis.WETH9, functionName: "deposit", value: e18("2"), chain: null }),
    );
    await mined(
      holder.writeContract({
        address: peper,
        abi: abis.PeperToken,
        functionName: "approve",
        args: [pool, e18("1000")],
        chain: null,
      }),
    );
    await mined(
      holder.writeContract({
        address: pool,
        abi: abis.StakingPool,
        functionName: "stake",
        args: [e18("1000")],
        chain: null,
      }),
    );
    sinceBlock = await pub.getBlockNumber({ cacheTime: 0 });

    // After: a PEPER/USDC pair at 0.5 (now the direct route), 2000 more PEPER, WETH up to 3300.
    await seed(peper, e18("1000000"), usdc, e6("500000"));
    await send(peper, holderAddress, e18("2000"));
    const wethUsdc = await market.pairOf(weth, usdc);
    await send(usdc, wethUsdc, e6("30000"));
    await mined(
      market.deployer.writeContract({ address: wethUsdc, abi: abis.PeperPair, functionName: "sync", chain: null }),
    );

    const endpoint: ChainEndpoint = {
      chainId: 31337,
      rpcUrl: chain.url,
      // "USDC" is a deployment id (a DemoToken), not a contract name.
      addresses: {
        WETH9: weth,
        PeperToken: peper,
        PeperFactory: market.factory,
        StakingPool: pool,
        USDC: usdc,
      } as ChainEndpoint["addresses"],
    };
    api = await testApi({ deps: { chain: { endpoints: [endpoint] } } });
    client = await api.user("institutional");
    const portfolio = await ok<Portfolio>(call(api, client, "POST", "/portfolios", { name: "Book" }), 201);
    portfolioId = portfolio.id;
    const linked = await wallet(api, client, holderAddress);
    await ok(
      call(api, client, "POST", "/accounts", { name: "A: trading", portfolio_id: portfolioId, wallet_id: linked.id }),
      201,
    );
    await ok(call(api, client, "POST", "/accounts", { name: "B: no wallet", portfolio_id: portfolioId }), 201);
  });
  after(async () => {
    await api?.close();
    await chain?.stop();
  });

  interface Positions {
    chain_id: number;
    quote: { symbol: string; decimals: number };
    since: { block: string; timestamp: string };
    now: { block: string; timestamp: string };
    method: string;
    accounts: {
      name: string;
      note: string | null;
      positions: {
        kind: string;
        token: { symbol: string };
        balance: { since: string; now: string };
        price_usdc: { since: string | null; now: string | null };
        value_usdc: { since: string | null; now: string | null };
        pnl_usdc: string | null;
      }[];
      totals: { value_usdc: { since: string; now: string }; pnl_usdc: string; unpriced_positions: number };
    }[];
    totals: { value_usdc: { since: string; now: string }; pnl_usdc: string; unpriced_positions: number };
  }

  it("values each wallet token and the stake in USDC at since_block and now, with P&L", async () => {
    const res = await ok<Positions>(
      call(api, client, "GET", `/portfolios/${portfolioId}/positions?since_block=${sinceBlock}`),
    );
    assert.equal(res.chain_id, 31337);
    assert.deepEqual(res.quote, { ...res.quote, symbol: "USDC", decimals: 6 });
    assert.equal(res.since.block, String(sinceBlock));
    assert.ok(BigInt(res.now.block) > sinceBlock);
    assert.ok(res.method.includes("eth_call"));

    const [trading, noWallet] = res.accounts;
    assert.equal(noWallet!.name, "B: no wallet");
    assert.equal(noWallet!.note, "No wallet is linked to this account.");
    assert.deepEqual(noWallet!.positions, []);

    const byKey = Object.fromEntries(trading!.positions.map((p) => [`${p.kind}:${p.token.symbol}`, p]));
    assert.deepEqual(Object.keys(byKey).sort(), ["staked:PEPER", "wallet:PEPER", "wallet:USDC", "wallet:WETH"]);
    // PEPER: 10000 → 12000 tokens, 0.3 (via WETH) → 0.5 (direct pair) USDC.
    assert.deepEqual(byKey["wallet:PEPER"], {
      ...byKey["wallet:PEPER"],
      balance: { since: "10000", now: "12000" },
      price_usdc: { since: "0.3", now: "0.5" },
      value_usdc: { since: "3000", now: "6000" },
      pnl_usdc: "3000",
    });
    assert.deepEqual(byKey["wallet:USDC"]!.value_usdc, { since: "5000", now: "5000" });
    assert.equal(byKey["wallet:USDC"]!.pnl_usdc, "0");
    assert.deepEqual(byKey["wallet:WETH"]!.price_usdc, { since: "3000", now: "3300" });
    assert.deepEqual(byKey["wallet:WETH"]!.value_usdc, { since: "6000", now: "6600" });
    assert.deepEqual(byKey["staked:PEPER"]!.balance, { since: "1000", now: "1000" });
    assert.deepEqual(byKey["staked:PEPER"]!.value_usdc, { since: "300", now: "500" });

    const expected = { value_usdc: { since: "14300", now: "18100" }, pnl_usdc: "3800", unpriced_positions: 0 };
    assert.deepEqual(trading!.totals, expected);
    assert.deepEqual(res.totals, expected);
  });

  it("reads the past as it was: since_block = now gives zero P&L, an earlier block other balances", async () => {
    // cacheTime 0: viem caches the block number for its polling interval (4 s), which would return sinceBlock.
    const latest = await market.client.getBlockNumber({ cacheTime: 0 });
    const flat = await ok<Positions>(
      call(api, client, "GET", `/portfolios/${portfolioId}/positions?since_block=${latest}`),
    );
    assert.equal(flat.totals.pnl_usdc, "0");
    assert.equal(flat.totals.value_usdc.since, "18100");
    // Block 0: nothing was deployed; every balance reads 0 and nothing is lost.
    const genesis = await ok<Positions>(call(api, client, "GET", `/portfolios/${portfolioId}/positions?since_block=0`));
    assert.equal(genesis.totals.value_usdc.since, "0");
    assert.equal(genesis.totals.pnl_usdc, "18100");
    const peper = genesis.accounts[0]!.positions.find((p) => p.kind === "wallet" && p.token.symbol === "PEPER")!;
    assert.deepEqual(peper.balance, { since: "0", now: "12000" });
    assert.equal(peper.price_usdc.since, null, "no pair existed at block 0");
    assert.deepEqual(peper.value_usdc, { since: "0", now: "6000" }, "a zero balance is worth 0, priced or not");
    assert.equal(genesis.totals.unpriced_positions, 0);
  });

  it("refuses a future block and asks for chain_id when wallets span chains", async () => {
    const future = await call(api, client, "GET", `/portfolios/${portfolioId}/positions?since_block=99999999`);
    assert.equal(future.statusCode, 400);
    assert.equal((future.json() as ErrorBody).field, "since_block");

    const other = await wallet(api, client, "0x3000000000000000000000000000000000000003", 31338);
    await ok(
      call(api, client, "POST", "/accounts", {
        name: "C: other chain",
        portfolio_id: portfolioId,
        wallet_id: other.id,
      }),
      201,
    );
    const ambiguous = await call(api, client, "GET", `/portfolios/${portfolioId}/positions?since_block=${sinceBlock}`);
    assert.equal(ambiguous.statusCode, 400);
    assert.equal((ambiguous.json() as ErrorBody).field, "chain_id");
    const chosen = await ok<Positions>(
      call(api, client, "GET", `/portfolios/${portfolioId}/positions?since_block=${sinceBlock}&chain_id=31337`),
    );
    const c = chosen.accounts.find((a) => a.name === "C: other chain")!;
    assert.match(c.note!, /chain 31338/);
    assert.equal(chosen.totals.pnl_usdc, "3800");
    const unconfigured = await call(
      api,
      client,
      "GET",
      `/portfolios/${portfolioId}/positions?since_block=1&chain_id=31338`,
    );
    assert.equal(unconfigured.statusCode, 503);
    assert.equal((unconfigured.json() as ErrorBody).code, "chain-unavailable");
  });

  it("reports positions without a price route as unpriced and leaves them out of the totals", async () => {
    // The same chain, but the server does not know the factory: only USDC has a price.
    const { weth, peper, pool, usdc } = market;
    const blind: ChainEndpoint = {
      chainId: 31337,
      rpcUrl: chain.url,
      addresses: { WETH9: weth, PeperToken: peper, StakingPool: pool, USDC: usdc } as ChainEndpoint["addresses"],
    };
    const other = await testApi({ deps: { chain: { endpoints: [blind] } } });
    try {
      const user = await other.user("institutional");
      const p = await ok<Portfolio>(call(other, user, "POST", "/portfolios", { name: "Blind" }), 201);
      const w = await wallet(other, user, market.holder.account.address);
      await ok(call(other, user, "POST", "/accounts", { name: "Only", portfolio_id: p.id, wallet_id: w.id }), 201);
      const res = await ok<Positions>(
        call(other, user, "GET", `/portfolios/${p.id}/positions?since_block=${sinceBlock}`),
      );
      const weths = res.accounts[0]!.positions.find((x) => x.token.symbol === "WETH")!;
      assert.deepEqual(weths.value_usdc, { since: null, now: null });
      assert.equal(weths.pnl_usdc, null);
      assert.deepEqual(res.totals, {
        value_usdc: { since: "5000", now: "5000" },
        pnl_usdc: "0",
        unpriced_positions: 3,
      });
    } finally {
      await other.close();
    }
  });

  it("answers 503 chain-unavailable when the node does not answer", async () => {
    const dead: ChainEndpoint = { chainId: 31337, rpcUrl: "http://127.0.0.1:9", addresses: {} };
    const offline = await testApi({ deps: { chain: { endpoints: [dead] } } });
    try {
      const user = await offline.user("institutional");
      const p = await ok<Portfolio>(call(offline, user, "POST", "/portfolios", { name: "Offline" }), 201);
      const res = await call(offline, user, "GET", `/portfolios/${p.id}/positions?since_block=0`);
      assert.equal(res.statusCode, 503, res.body);
      assert.equal((res.json() as ErrorBody).code, "chain-unavailable");
    } finally {
      await offline.close();
    }
  });
});
