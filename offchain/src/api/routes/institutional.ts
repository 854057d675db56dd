import { and, asc, count, eq } from "drizzle-orm";
import type { FastifyPluginAsync } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import {
  BaseError,
  ContractFunctionZeroDataError,
  HttpRequestError,
  TimeoutError,
  erc20Abi,
  formatUnits,
  type Address,
  type PublicClient,
} from "viem";
import { z } from "zod";

import { appendAudit, type Queryable } from "../../compliance/auditStore.ts";
import { screenAddress } from "../../compliance/sanctions.ts";
import { portfolios, tradingAccounts, web3Wallets, type TradingAccount, type Web3Wallet } from "../../db/schema.ts";
import { abis } from "../../protocol/generated/abis.ts";
import { pairReserves } from "../web3/reserves.ts";
import { BEARER, caller, requireAuth } from "../auth/guard.ts";
import { currentUser } from "../auth/session.ts";
import { publicClientOf, type ChainEndpoint } from "../chain.ts";
import { ApiError, notFound, type ApiContext } from "../context.ts";

// ---------------------------------------------------------------------------------------------------
// Valuation from chain
// ---------------------------------------------------------------------------------------------------

/**
 * How positions and P&L are computed (also in the route's OpenAPI description):
 *
 * 1. The two blocks are fixed first: `since` (the `since_block` query) and `now` (the latest block
 *    when the request starts), so every read of one side sees the same state.
 * 2. At each block, by `eth_call` at that block number: the ERC-20 balance of each account's wallet in
 *    each token Peper deploys on the chain (PeperToken, USDC, WETH9), and the wallet's stake in the
 *    StakingPool (valued as its staking token). A contract without code at a block counts as 0.
 * 3. Prices at each block are AMM mid prices from the Peper pairs' reserves (`getReserves`):
 *    token→USDC directly when that pair exists with liquidity, else token→WETH→USDC. USDC is 1. The
 *    mid price ignores fee and slippage: it is a mark, not what a sale would fetch. A token with no
 *    priced route at a block is reported with a null value and left out of the totals.
 * 4. value = balance × reserve(USDC) / reserve(token) in integers (rounded down), P&L = value(now) −
 *    value(since), per position, account and portfolio. It is the change in marked value, so
 *    deposits and withdrawals in between count as P&L (no flow adjustment). LP tokens and vault
 *    shares are not valued yet. A zero balance is worth 0 even where the token had no price.
 */
export const VALUATION_METHOD =
  "ERC-20 balances (PeperToken, USDC, WETH9) and StakingPool stakes of each account's wallet, read by eth_call at since_block and at the latest block; valued in USDC at the AMM mid price from Peper pair reserves at the same block (direct pair to USDC, else via WETH; USDC = 1); P&L = value now − value then, without adjusting for deposits or withdrawals.";

/** The tokens valued on a chain, by the deployment names in `ChainEndpoint.addresses`. */
const VALUED_TOKENS = ["PeperToken", "USDC", "WETH9"] as const;

interface TokenInfo {
  readonly address: Address;
  readonly symbol: string;
  readonly decimals: number;
}

/** A price as a ratio of base units: `num` USDC units per `den` token units. */
interface Price {
  readonly num: bigint;
  readonly den: bigint;
}

/** One holding of one wallet at both blocks. */
export interface PositionValue {
  readonly kind: "wallet" | "staked";
  readonly token: TokenInfo;
  /** Where the balance is held: the token itself (wallet) or the StakingPool (staked). */
  readonly contract: Address;
  readonly since: { readonly balance: bigint; readonly price: Price | null };
  readonly now: { readonly balance: bigint; readonly price: Price | null };
}

/** A deployment address from an endpoint (the deployment ids include "USDC", not a contract name). */
function deployed(endpoint: ChainEndpoint, name: string): Address | undefined {
  return (endpoint.addresses as Readonly<Record<string, Address | undefined>>)[name];
}

/** True when the error (or one it wraps) says the call returned no data: no contract at that block. */
function isNoContract(error: unknown): boolean {
  return error instanceof BaseError && error.walk((e) => e instanceof ContractFunctionZeroDataError) !== null;
}

/** True when the node could not be reached at all (as opposed to answering with an error). */
function isUnreachable(error: unknown): boolean {
  return (
    error instanceof BaseError && error.walk((e) => e instanceof HttpRequestError || e instanceof TimeoutError) !== null
  );
}

/** Reads the chain at one block; `read` answers undefined when the contract had no code there. */
function blockReader(client: PublicClient, blockNumber: bigint) {
  return {
    async balance(token: Address, owner: Address): Promise<bigint> {
      try {
        return await client.readContract({
          address: token,
          abi: erc20Abi,
          functionName: "balanceOf",
          args: [owner],
          blockNumber,
        });
      } catch (error) {
        if (isNoContract(error)) return 0n;
        throw error;
      }
    },
    async staked(pool: Address, owner: Address): Promise<bigint> {
      try {
        return await client.readContract({
          address: pool,
          abi: abis.StakingPool,
          functionName: "balanceOf",
          args: [owner],
          blockNumber,
        });
      } catch (error) {
        if (isNoContract(error)) return 0n;
        throw error;
      }
    },
    /** The reserves of the pair of `a` and `b`, as [reserve of a, reserve of b], or undefined. */
    async reserves(factory: Address, a: Address, b: Address): Promise<[bigint, bigint] | undefined> {
      try {
        const reserves = await pairReserves(client, factory, a, b, blockNumber);
        return reserves ? [reserves.reserveA, reserves.reserveB] : undefined;
      } catch (error) {
        if (isNoContract(error)) return undefined;
        throw error;
      }
    },
  };
}

/** The USDC price of each token at one block (see {@link VALUATION_METHOD}). */
async function pricesAt(
  read: ReturnType<typeof blockReader>,
  factory: Address | undefined,
  tokens: readonly Address[],
  usdc: Address,
  weth: Address | undefined,
): Promise<Map<string, Price | null>> {
  const out = new Map<string, Price | null>();
  const viaWeth = factory && weth ? await read.reserves(factory, weth, usdc) : undefined;
  await Promise.all(
    tokens.map(async (token) => {
      const key = token.toLowerCase();
      if (key === usdc.toLowerCase()) return out.set(key, { num: 1n, den: 1n });
      if (!factory) return out.set(key, null);
      const direct = await read.reserves(factory, token, usdc);
      if (direct) return out.set(key, { num: direct[1], den: direct[0] });
      if (weth && viaWeth && key !== weth.toLowerCase()) {
        const toWeth = await read.reserves(factory, token, weth);
        if (toWeth) return out.set(key, { num: toWeth[1] * viaWeth[1], den: toWeth[0] * viaWeth[0] });
      }
      return out.set(key, null);
    }),
  );
  return out;
}

/**
 * Values wallets on one chain at two blocks (see {@link VALUATION_METHOD}). Throws ApiError 422
 * "no-quote-asset" when the chain has no USDC deployment, 422 "history-unavailable" when the node
 * cannot answer for `sinceBlock` (not an archive node), 503 "chain-unavailable" when it is unreachable.
 */
export async function valueWallets(
  endpoint: ChainEndpoint,
  wallets: readonly Address[],
  sinceBlock: bigint,
  nowBlock: bigint,
): Promise<{ quote: TokenInfo; positions: Map<string, PositionValue[]> }> {
  const client = publicClientOf(endpoint);
  const usdc = deployed(endpoint, "USDC");
  if (!usdc) {
    throw new ApiError(
      422,
      "no-quote-asset",
      `Chain ${endpoint.chainId} has no USDC deployment configured, so nothing can be valued there.`,
      { field: "chain_id" },
    );
  }
  const factory = deployed(endpoint, "PeperFactory");
  const weth = deployed(endpoint, "WETH9");
  const pool = deployed(endpoint, "StakingPool");
  const tokenAddresses = VALUED_TOKENS.map((n) => deployed(endpoint, n)).filter((a): a is Address => !!a);
  const info = new Map<string, TokenInfo>();
  const describe = async (address: Address): Promise<TokenInfo> => {
    const known = info.get(address.toLowerCase());
    if (known) return known;
    const [symbol, decimals] = await Promise.all([
      client.readContract({ address, abi: erc20Abi, functionName: "symbol", blockNumber: nowBlock }),
      client.readContract({ address, abi: erc20Abi, functionName: "decimals", blockNumber: nowBlock }),
    ]);
    const token = { address, symbol, decimals };
    info.set(address.toLowerCase(), token);
    return token;
  };
  for (const address of tokenAddresses) await describe(address);
  const stakingToken = pool
    ? await client
        .readContract({ address: pool, abi: abis.StakingPool, functionName: "stakingToken", blockNumber: nowBlock })
        .catch((error: unknown) => {
          if (isNoContract(error)) return undefined;
          throw error;
        })
    : undefined;
  if (stakingToken) await describe(stakingToken);
  const priced = [...info.values()].map((t) => t.address);

  const snapshot = async (blockNumber: bigint) => {
    const read = blockReader(client, blockNumber);
    const prices = await pricesAt(read, factory, priced, usdc, weth);
    const holdings = await Promise.all(
      wallets.map(async (wallet) => ({
        wallet,
        tokens: await Promise.all(tokenAddresses.map((t) => read.balance(t, wallet))),
        staked: pool && stakingToken ? await read.staked(pool, wallet) : 0n,
      })),
    );
    return { prices, holdings };
  };
  const now = await snapshot(nowBlock);
  let since: Awaited<ReturnType<typeof snapshot>>;
  try {
    since = await snapshot(sinceBlock);
  } catch (error) {
    if (isUnreachable(error) || error instanceof ApiError) throw error;
    throw new ApiError(
      422,
      "history-unavailable",
      `The node of chain ${endpoint.chainId} cannot answer for block ${sinceBlock} (it keeps no state that old; an archive node can). Choose a later since_block.`,
      { field: "since_block" },
    );
  }

  const positions = new Map<string, PositionValue[]>();
  wallets.forEach((wallet, w) => {
    const list: PositionValue[] = [];
    tokenAddresses.forEach((address, t) => {
      const token = info.get(address.toLowerCase())!;
      list.push({
        kind: "wallet",
        token,
        contract: address,
        since: { balance: since.holdings[w]!.tokens[t]!, price: since.prices.get(address.toLowerCase()) ?? null },
        now: { balance: now.holdings[w]!.tokens[t]!, price: now.prices.get(address.toLowerCase()) ?? null },
      });
    });
    if (pool && stakingToken) {
      const token = info.get(stakingToken.toLowerCase())!;
      list.push({
        kind: "staked",
        token,
        contract: pool,
        since: { balance: since.holdings[w]!.staked, price: since.prices.get(stakingToken.toLowerCase()) ?? null },
        now: { balance: now.holdings[w]!.staked, price: now.prices.get(stakingToken.toLowerCase()) ?? null },
      });
    }
    positions.set(
      wallet.toLowerCase(),
      list.filter((p) => p.since.balance !== 0n || p.now.balance !== 0n),
    );
  });
  return { quote: info.get(usdc.toLowerCase())!, positions };
}

// ---------------------------------------------------------------------------------------------------
// Schemas and views
// ---------------------------------------------------------------------------------------------------

const Name = z.string().trim().min(1).max(100);
const IdParams = z.object({ id: z.uuid() }).strict();

const PortfolioView = z.object({
  id: z.uuid(),
  name: z.string(),
  accounts: z.number().int(),
  created_at: z.string(),
  updated_at: z.string(),
});

const WalletView = z.object({ id: z.uuid(), address: z.string(), chain_id: z.number().int() });

const AccountView = z.object({
  id: z.uuid(),
  name: z.string(),
  portfolio_id: z.uuid().nullable(),
  wallet: WalletView.nullable(),
  created_at: z.string(),
  updated_at: z.string(),
});

const Amounts = z.object({ since: z.string().nullable(), now: z.string().nullable() });
const TokenView = z.object({ symbol: z.string(), address: z.string(), decimals: z.number().int() });

const PositionView = z.object({
  kind: z.enum(["wallet", "staked"]),
  token: TokenView,
  contract: z.string(),
  /** Balances in whole tokens (decimal strings). */
  balance: Amounts,
  /** USDC per whole token (AMM mid price), null where no route had liquidity. */
  price_usdc: Amounts,
  /** Value in USDC, null where unpriced. */
  value_usdc: Amounts,
  /** value now − value since, null unless both sides are priced. */
  pnl_usdc: z.string().nullable(),
});

const Totals = z.object({
  value_usdc: z.object({ since: z.string(), now: z.string() }),
  pnl_usdc: z.string(),
  /** Positions left out of the totals because a side had no price. */
  unpriced_positions: z.number().int(),
});

const PositionsResponse = z.object({
  portfolio_id: z.uuid(),
  chain_id: z.number().int(),
  quote: TokenView,
  since: z.object({ block: z.string(), timestamp: z.string() }),
  now: z.object({ block: z.string(), timestamp: z.string() }),
  method: z.string(),
  accounts: z.array(
    z.object({
      account_id: z.uuid(),
      name: z.string(),
      wallet: WalletView.nullable(),
      /** Why the account has no positions listed (no wallet, a wallet on another chain), else null. */
      note: z.string().nullable(),
      positions: z.array(PositionView),
      totals: Totals,
    }),
  ),
  totals: Totals,
});

function walletView(wallet: Web3Wallet | null | undefined): z.infer<typeof WalletView> | null {
  return wallet ? { id: wallet.id, address: wallet.address, chain_id: wallet.chainId } : null;
}

function accountView(account: TradingAccount, wallet: Web3Wallet | null | undefined): z.infer<typeof AccountView> {
  return {
    id: account.id,
    name: account.name,
    portfolio_id: account.portfolioId,
    wallet: walletView(wallet),
    created_at: account.createdAt.toISOString(),
    updated_at: account.updatedAt.toISOString(),
  };
}

/** The unique constraint a PostgreSQL error violated (23505), or undefined for any other error. */
function uniqueViolation(error: unknown): string | undefined {
  for (let e: unknown = error; typeof e === "object" && e !== null;) {
    const { code, constraint, cause } = e as { code?: unknown; constraint?: unknown; cause?: unknown };
    if (code === "23505") return typeof constraint === "string" ? constraint : "";
    e = cause;
  }
  return undefined;
}

/** Rethrows a duplicate name as 409 naming the field; anything else as it is. */
function nameTaken(what: string) {
  return (error: unknown): never => {
    if (uniqueViolation(error) === undefined) throw error;
    throw new ApiError(409, "name-taken", `You already have ${what} with this name; choose another.`, {
      field: "name",
    });
  };
}

/** Whole-token decimal string of base units. */
const units = (amount: bigint, decimals: number): string => formatUnits(amount, decimals);

// ---------------------------------------------------------------------------------------------------
// Routes
// ---------------------------------------------------------------------------------------------------

/**
 * `/api/v5/institutional` (roles institutional and admin; each client sees only their own):
 * portfolios, trading accounts (optionally trading from one of the client's verified wallets), moving
 * accounts between portfolios, and a portfolio's on-chain positions valued in USDC with P&L since a
 * block (see {@link VALUATION_METHOD}).
 */
export const institutionalRoutes =
  (ctx: ApiContext): FastifyPluginAsync =>
  async (plugin) => {
    const app = plugin.withTypeProvider<ZodTypeProvider>();
    const { db } = ctx.database;
    const client = requireAuth(ctx, ["institutional", "admin"]);

    /** The caller's portfolio, or 404 (also when it is someone else's: ids are not confirmed). */
    const ownPortfolio = async (tx: Queryable, clientId: string, id: string, field?: string) => {
      const [row] = await tx
        .select()
        .from(portfolios)
        .where(and(eq(portfolios.id, id), eq(portfolios.clientId, clientId)));
      if (!row) throw new ApiError(404, "not-found", "The portfolio was not found.", field ? { field } : {});
      return row;
    };
    const ownAccount = async (tx: Queryable, clientId: string, id: string) => {
      const [row] = await tx
        .select()
        .from(tradingAccounts)
        .where(and(eq(tradingAccounts.id, id), eq(tradingAccounts.clientId, clientId)));
      if (!row) throw notFound("The trading account");
      return row;
    };
    /** The caller's verified, unsanctioned wallet, or the error naming `wallet_id`. */
    const usableWallet = async (tx: Queryable, clientId: string, id: string) => {
      const [wallet] = await tx
        .select()
        .from(web3Wallets)
        .where(and(eq(web3Wallets.id, id), eq(web3Wallets.userId, clientId)));
      if (!wallet) {
        throw new ApiError(404, "not-found", "The wallet was not found among your linked wallets.", {
          field: "wallet_id",
        });
      }
      if (!wallet.verifiedAt) {
        throw new ApiError(
          409,
          "wallet-unverified",
          "Prove you own this wallet (sign in with it) before trading from it.",
          {
            field: "wallet_id",
          },
        );
      }
      if (screenAddress(ctx.sanctions, wallet.address)) {
        throw new ApiError(
          403,
          "wallet-sanctioned",
          "This wallet is on a sanctions list and cannot be used for trading.",
          {
            field: "wallet_id",
          },
        );
      }
      return wallet;
    };
    const walletOf = async (tx: Queryable, account: TradingAccount) => {
      if (!account.walletId) return null;
      const [wallet] = await tx.select().from(web3Wallets).where(eq(web3Wallets.id, account.walletId));
      return wallet ?? null;
    };
    const portfolioView = async (tx: Queryable, row: typeof portfolios.$inferSelect) => {
      const [n] = await tx.select({ n: count() }).from(tradingAccounts).where(eq(tradingAccounts.portfolioId, row.id));
      return {
        id: row.id,
        name: row.name,
        accounts: Number(n?.n ?? 0),
        created_at: row.createdAt.toISOString(),
        updated_at: row.updatedAt.toISOString(),
      };
    };

    // -- portfolios -----------------------------------------------------------------------------------

    app.post(
      "/portfolios",
      {
        onRequest: client,
        schema: {
          summary: "Create a portfolio",
          security: BEARER,
          body: z.object({ name: Name }).strict(),
          response: { 201: PortfolioView },
        },
      },
      async (request, reply) => {
        const { sub } = caller(request);
        const view = await db
          .transaction(async (tx) => {
            await currentUser(tx, sub);
            const now = new Date(ctx.now());
            const [row] = await tx
              .insert(portfolios)
              .values({ clientId: sub, name: request.body.name, createdAt: now, updatedAt: now })
              .returning();
            await appendAudit(
              tx,
              { actor: ctx.pseudonym(sub), action: "institutional.portfolio.create", target: row!.id },
              now.getTime(),
            );
            return portfolioView(tx, row!);
          })
          .catch(nameTaken("a portfolio"));
        return reply.status(201).send(view);
      },
    );

    app.get(
      "/portfolios",
      {
        onRequest: client,
        schema: {
          summary: "Your portfolios, by name",
          security: BEARER,
          response: { 200: z.object({ portfolios: z.array(PortfolioView) }) },
        },
      },
      async (request) => {
        const { sub } = caller(request);
        const rows = await db
          .select({ portfolio: portfolios, accounts: count(tradingAccounts.id) })
          .from(portfolios)
          .leftJoin(tradingAccounts, eq(tradingAccounts.portfolioId, portfolios.id))
          .where(eq(portfolios.clientId, sub))
          .groupBy(portfolios.id)
          .orderBy(asc(portfolios.name));
        return {
          portfolios: rows.map(({ portfolio: p, accounts }) => ({
            id: p.id,
            name: p.name,
            accounts: Number(accounts),
            created_at: p.createdAt.toISOString(),
            updated_at: p.updatedAt.toISOString(),
          })),
        };
      },
    );

    app.get(
      "/portfolios/:id",
      {
        onRequest: client,
        schema: {
          summary: "One of your portfolios, with its trading accounts",
          security: BEARER,
          params: IdParams,
          response: { 200: PortfolioView.extend({ trading_accounts: z.array(AccountView) }) },
        },
      },
      async (request) => {
        const { sub } = caller(request);
        const portfolio = await ownPortfolio(db, sub, request.params.id);
        const rows = await db
          .select({ account: tradingAccounts, wallet: web3Wallets })
          .from(tradingAccounts)
          .leftJoin(web3Wallets, eq(web3Wallets.id, tradingAccounts.walletId))
          .where(eq(tradingAccounts.portfolioId, portfolio.id))
          .orderBy(asc(tradingAccounts.name));
        return {
          ...(await portfolioView(db, portfolio)),
          trading_accounts: rows.map((r) => accountView(r.account, r.wallet)),
        };
      },
    );

    app.patch(
      "/portfolios/:id",
      {
        onRequest: client,
        schema: {
          summary: "Rename a portfolio",
          security: BEARER,
          params: IdParams,
          body: z.object({ name: Name }).strict(),
          response: { 200: PortfolioView },
        },
      },
      async (request) => {
        const { sub } = caller(request);
        return db
          .transaction(async (tx) => {
            await ownPortfolio(tx, sub, request.params.id);
            const [row] = await tx
              .update(portfolios)
              .set({ name: request.body.name, updatedAt: new Date(ctx.now()) })
              .where(eq(portfolios.id, request.params.id))
              .returning();
            await appendAudit(
              tx,
              { actor: ctx.pseudonym(sub), action: "institutional.portfolio.rename", target: row!.id },
              ctx.now(),
            );
            return portfolioView(tx, row!);
          })
          .catch(nameTaken("a portfolio"));
      },
    );

    app.delete(
      "/portfolios/:id",
      {
        onRequest: client,
        schema: {
          summary: "Delete a portfolio; its trading accounts stay, ungrouped",
          security: BEARER,
          params: IdParams,
          response: { 200: z.object({ deleted: z.uuid(), ungrouped_accounts: z.number().int() }) },
        },
      },
      async (request) => {
        const { sub } = caller(request);
        return db.transaction(async (tx) => {
          await ownPortfolio(tx, sub, request.params.id);
          const ungrouped = await tx
            .update(tradingAccounts)
            .set({ portfolioId: null, updatedAt: new Date(ctx.now()) })
            .where(eq(tradingAccounts.portfolioId, request.params.id))
            .returning({ id: tradingAccounts.id });
          await tx.delete(portfolios).where(eq(portfolios.id, request.params.id));
          await appendAudit(
            tx,
            {
              actor: ctx.pseudonym(sub),
              action: "institutional.portfolio.delete",
              target: request.params.id,
              details: { ungrouped_accounts: ungrouped.length },
            },
            ctx.now(),
          );
          return { deleted: request.params.id, ungrouped_accounts: ungrouped.length };
        });
      },
    );

    // -- trading accounts -----------------------------------------------------------------------------

    app.post(
      "/accounts",
      {
        onRequest: client,
        schema: {
          summary: "Open a trading account, optionally in a portfolio and trading from one of your wallets",
          description:
            "`wallet_id` must be one of your own wallets, verified (signed in with) and not on a sanctions list.",
          security: BEARER,
          body: z.object({ name: Name, portfolio_id: z.uuid().optional(), wallet_id: z.uuid().optional() }).strict(),
          response: { 201: AccountView },
        },
      },
      async (request, reply) => {
        const { sub } = caller(request);
        const body = request.body;
        const view = await db
          .transaction(async (tx) => {
            await currentUser(tx, sub);
            if (body.portfolio_id) await ownPortfolio(tx, sub, body.portfolio_id, "portfolio_id");
            const wallet = body.wallet_id ? await usableWallet(tx, sub, body.wallet_id) : null;
            const now = new Date(ctx.now());
            const [row] = await tx
              .insert(tradingAccounts)
              .values({
                clientId: sub,
                name: body.name,
                portfolioId: body.portfolio_id ?? null,
                walletId: wallet?.id ?? null,
                createdAt: now,
                updatedAt: now,
              })
              .returning();
            await appendAudit(
              tx,
              {
                actor: ctx.pseudonym(sub),
                action: "institutional.account.create",
                target: row!.id,
                details: { portfolio_id: row!.portfolioId, wallet_id: row!.walletId },
              },
              now.getTime(),
            );
            return accountView(row!, wallet);
          })
          .catch(nameTaken("a trading account"));
        return reply.status(201).send(view);
      },
    );

    app.get(
      "/accounts",
      {
        onRequest: client,
        schema: {
          summary: "Your trading accounts, by name (optionally those of one portfolio)",
          security: BEARER,
          querystring: z.object({ portfolio_id: z.uuid().optional() }).strict(),
          response: { 200: z.object({ accounts: z.array(AccountView) }) },
        },
      },
      async (request) => {
        const { sub } = caller(request);
        const { portfolio_id: portfolioId } = request.query;
        if (portfolioId) await ownPortfolio(db, sub, portfolioId, "portfolio_id");
        const rows = await db
          .select({ account: tradingAccounts, wallet: web3Wallets })
          .from(tradingAccounts)
          .leftJoin(web3Wallets, eq(web3Wallets.id, tradingAccounts.walletId))
          .where(
            and(
              eq(tradingAccounts.clientId, sub),
              portfolioId ? eq(tradingAccounts.portfolioId, portfolioId) : undefined,
            ),
          )
          .orderBy(asc(tradingAccounts.name));
        return { accounts: rows.map((r) => accountView(r.account, r.wallet)) };
      },
    );

    app.patch(
      "/accounts/:id",
      {
        onRequest: client,
        schema: {
          summary: "Rename a trading account, move it to another portfolio, or change its wallet",
          description:
            "`portfolio_id: null` takes the account out of its portfolio; `wallet_id: null` unlinks its wallet.",
          security: BEARER,
          params: IdParams,
          body: z
            .object({
              name: Name.optional(),
              portfolio_id: z.uuid().nullable().optional(),
              wallet_id: z.uuid().nullable().optional(),
            })
            .strict()
            .refine((b) => Object.keys(b).length > 0, "send at least one of name, portfolio_id, wallet_id"),
          response: { 200: AccountView },
        },
      },
      async (request) => {
        const { sub } = caller(request);
        const body = request.body;
        return db
          .transaction(async (tx) => {
            const before = await ownAccount(tx, sub, request.params.id);
            if (body.portfolio_id) await ownPortfolio(tx, sub, body.portfolio_id, "portfolio_id");
            if (body.wallet_id) await usableWallet(tx, sub, body.wallet_id);
            const [row] = await tx
              .update(tradingAccounts)
              .set({
                ...(body.name !== undefined ? { name: body.name } : {}),
                ...(body.portfolio_id !== undefined ? { portfolioId: body.portfolio_id } : {}),
                ...(body.wallet_id !== undefined ? { walletId: body.wallet_id } : {}),
                updatedAt: new Date(ctx.now()),
              })
              .where(eq(tradingAccounts.id, before.id))
              .returning();
            const details: Record<string, unknown> = { fields: Object.keys(body).sort() };
            if (body.portfolio_id !== undefined) {
              details["from_portfolio"] = before.portfolioId;
              details["to_portfolio"] = row!.portfolioId;
            }
            if (body.wallet_id !== undefined) details["wallet_id"] = row!.walletId;
            await appendAudit(
              tx,
              { actor: ctx.pseudonym(sub), action: "institutional.account.update", target: row!.id, details },
              ctx.now(),
            );
            return accountView(row!, await walletOf(tx, row!));
          })
          .catch(nameTaken("a trading account"));
      },
    );

    app.delete(
      "/accounts/:id",
      {
        onRequest: client,
        schema: {
          summary: "Close (delete) a trading account",
          security: BEARER,
          params: IdParams,
          response: { 204: z.null() },
        },
      },
      async (request, reply) => {
        const { sub } = caller(request);
        await db.transaction(async (tx) => {
          const account = await ownAccount(tx, sub, request.params.id);
          await tx.delete(tradingAccounts).where(eq(tradingAccounts.id, account.id));
          await appendAudit(
            tx,
            { actor: ctx.pseudonym(sub), action: "institutional.account.delete", target: account.id },
            ctx.now(),
          );
        });
        return reply.status(204).send(null);
      },
    );

    // -- positions ------------------------------------------------------------------------------------

    app.get(
      "/portfolios/:id/positions",
      {
        onRequest: client,
        schema: {
          summary: "A portfolio's on-chain positions valued in USDC, with P&L since a block",
          description: `Method: ${VALUATION_METHOD} \`chain_id\` defaults to the chain of the portfolio's wallets (required when they are on several, or when none has one and several chains are configured). Accounts without a wallet, or with a wallet on another chain, are listed with a note and no positions. Answers 503 \`chain-unavailable\` when no chain is configured or its node does not answer, 422 \`history-unavailable\` when the node keeps no state for \`since_block\`.`,
          security: BEARER,
          params: IdParams,
          querystring: z
            .object({
              since_block: z.coerce.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
              chain_id: z.coerce.number().int().positive().optional(),
            })
            .strict(),
          response: { 200: PositionsResponse },
        },
      },
      async (request) => {
        const { sub } = caller(request);
        const portfolio = await ownPortfolio(db, sub, request.params.id);
        const rows = await db
          .select({ account: tradingAccounts, wallet: web3Wallets })
          .from(tradingAccounts)
          .leftJoin(web3Wallets, eq(web3Wallets.id, tradingAccounts.walletId))
          .where(eq(tradingAccounts.portfolioId, portfolio.id))
          .orderBy(asc(tradingAccounts.name));

        const endpoints = ctx.chain?.endpoints ?? [];
        if (endpoints.length === 0) {
          throw new ApiError(
            503,
            "chain-unavailable",
            "No chain is configured on this server, so positions cannot be read; try again later.",
          );
        }
        const walletChains = [...new Set(rows.flatMap((r) => (r.wallet ? [r.wallet.chainId] : [])))];
        let chainId = request.query.chain_id;
        if (chainId === undefined) {
          if (walletChains.length === 1) chainId = walletChains[0]!;
          else if (walletChains.length === 0 && endpoints.length === 1) chainId = endpoints[0]!.chainId;
          else {
            const candidates = walletChains.length > 0 ? walletChains : endpoints.map((e) => e.chainId);
            throw new ApiError(
              400,
              "invalid-input",
              `chain_id: this portfolio spans chains ${candidates.join(", ")}; say which one to value.`,
              { field: "chain_id" },
            );
          }
        }
        const endpoint = endpoints.find((e) => e.chainId === chainId);
        if (!endpoint) {
          throw new ApiError(
            503,
            "chain-unavailable",
            `Chain ${chainId} is not configured on this server (configured: ${endpoints.map((e) => e.chainId).join(", ")}).`,
            { field: "chain_id" },
          );
        }
        const chainClient = publicClientOf(endpoint);
        const sinceBlock = BigInt(request.query.since_block);
        let nowBlock: bigint;
        try {
          nowBlock = await chainClient.getBlockNumber({ cacheTime: 0 });
        } catch {
          throw new ApiError(
            503,
            "chain-unavailable",
            `The node of chain ${endpoint.chainId} does not answer; try again later.`,
          );
        }
        if (sinceBlock > nowBlock) {
          throw new ApiError(
            400,
            "invalid-input",
            `since_block: block ${sinceBlock} is in the future; the latest block is ${nowBlock}.`,
            { field: "since_block" },
          );
        }

        const onChain = rows.filter((r) => r.wallet?.chainId === endpoint.chainId);
        const walletAddresses = [...new Set(onChain.map((r) => r.wallet!.address as Address))];
        let valued: Awaited<ReturnType<typeof valueWallets>>;
        let blocks: [{ timestamp: bigint }, { timestamp: bigint }];
        try {
          [valued, ...blocks] = await Promise.all([
            valueWallets(endpoint, walletAddresses, sinceBlock, nowBlock),
            chainClient.getBlock({ blockNumber: sinceBlock }),
            chainClient.getBlock({ blockNumber: nowBlock }),
          ]);
        } catch (error) {
          if (error instanceof ApiError) throw error;
          if (isUnreachable(error)) {
            throw new ApiError(
              503,
              "chain-unavailable",
              `The node of chain ${endpoint.chainId} does not answer; try again later.`,
            );
          }
          throw error;
        }
        const { quote } = valued;
        const usd = (v: bigint) => units(v, quote.decimals);
        // A zero balance is worth zero whether or not the token had a price then.
        const valueOf = (balance: bigint, price: Price | null) =>
          balance === 0n ? 0n : price ? (balance * price.num) / price.den : null;
        const priceText = (token: TokenInfo, price: Price | null) =>
          // 12 extra digits so small prices keep their precision.
          price ? units((price.num * 10n ** BigInt(token.decimals + 12)) / price.den, quote.decimals + 12) : null;

        const sum = () => ({ since: 0n, now: 0n, unpriced: 0 });
        const total = sum();
        const accounts = rows.map(({ account, wallet }) => {
          const accountTotal = sum();
          const note = !wallet
            ? "No wallet is linked to this account."
            : wallet.chainId !== endpoint.chainId
              ? `Its wallet is on chain ${wallet.chainId}; value it with chain_id=${wallet.chainId}.`
              : null;
          const held = note === null ? (valued.positions.get(wallet!.address.toLowerCase()) ?? []) : [];
          const positions = held.map((p) => {
            const since = valueOf(p.since.balance, p.since.price);
            const now = valueOf(p.now.balance, p.now.price);
            for (const t of [accountTotal, total]) {
              if (since === null || now === null) t.unpriced++;
              else {
                t.since += since;
                t.now += now;
              }
            }
            return {
              kind: p.kind,
              token: { symbol: p.token.symbol, address: p.token.address, decimals: p.token.decimals },
              contract: p.contract,
              balance: { since: units(p.since.balance, p.token.decimals), now: units(p.now.balance, p.token.decimals) },
              price_usdc: { since: priceText(p.token, p.since.price), now: priceText(p.token, p.now.price) },
              value_usdc: { since: since === null ? null : usd(since), now: now === null ? null : usd(now) },
              pnl_usdc: since === null || now === null ? null : usd(now - since),
            };
          });
          return {
            account_id: account.id,
            name: account.name,
            wallet: walletView(wallet),
            note,
            positions,
            totals: totalsView(accountTotal, usd),
          };
        });
        return {
          portfolio_id: portfolio.id,
          chain_id: endpoint.chainId,
          quote: { symbol: quote.symbol, address: quote.address, decimals: quote.decimals },
          since: { block: sinceBlock.toString(), timestamp: isoOf(blocks[0].timestamp) },
          now: { block: nowBlock.toString(), timestamp: isoOf(blocks[1].timestamp) },
          method: VALUATION_METHOD,
          accounts,
          totals: totalsView(total, usd),
        };
      },
    );
  };

const isoOf = (seconds: bigint): string => new Date(Number(seconds) * 1000).toISOString();

function totalsView(t: { since: bigint; now: bigint; unpriced: number }, usd: (v: bigint) => string) {
  return {
    value_usdc: { since: usd(t.since), now: usd(t.now) },
    pnl_usdc: usd(t.now - t.since),
    unpriced_positions: t.unpriced,
  };
}
