import { and, asc, desc, eq, isNotNull, sql } from "drizzle-orm";
import type { FastifyPluginAsync } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { getAddress, verifyMessage, type Hex } from "viem";
import { parseSiweMessage } from "viem/siwe";
import { z } from "zod";

import { appendAudit, type Queryable } from "../../compliance/auditStore.ts";
import { screenAddress } from "../../compliance/sanctions.ts";
import { globalUsers, web3Wallets, type Web3Wallet } from "../../db/schema.ts";
import { createAccount, EmailSchema, refuseRemovingLastMethod, signInMethods } from "../auth/accounts.ts";
import { consumeChallenge, issueChallenge, newChallenge } from "../auth/challenges.ts";
import { BEARER, caller, requireAuth, authRateLimit, requireFreshAuth } from "../auth/guard.ts";
import { RegionSchema } from "../auth/region.ts";
import { LoginResponseSchema, startSession, lockAccount } from "../auth/session.ts";
import { publicClientOf } from "../chain.ts";
import { ApiError, notFound, type ApiContext } from "../context.ts";

/** How long a nonce may wait for its signed message. */
const NONCE_MS = 10 * 60_000;
/** Tolerated client clock skew for `Issued At` and `Not Before`. */
const CLOCK_SKEW_MS = 5 * 60_000;
/** At most this many wallets per account. */
const MAX_WALLETS = 20;
/** `web3_wallets.chain_id` is an `integer`. */
const MAX_CHAIN_ID = 2_147_483_647;

const Message = z.string().min(1).max(8192);
const Signature = z
  .string()
  .max(20_000)
  .regex(/^0x(?:[0-9a-fA-F]{2})+$/, "must be a 0x-prefixed hex signature");

/** A linked wallet as the API shows it (also in GET /api/v5/account). */
export const WalletView = z.object({
  id: z.uuid(),
  /** EIP-55 checksummed. */
  address: z.string(),
  chain_id: z.number().int(),
  verified_at: z.string().nullable(),
  created_at: z.string(),
});

export const view = (row: Web3Wallet): z.infer<typeof WalletView> => ({
  id: row.id,
  address: getAddress(row.address),
  chain_id: row.chainId,
  verified_at: row.verifiedAt?.toISOString() ?? null,
  created_at: row.createdAt.toISOString(),
});

/** What a verified EIP-4361 message proves: this address signed our nonce for this chain. */
interface SiweProof {
  /** Lower-case, as `web3_wallets.address` stores it. */
  readonly address: `0x${string}`;
  readonly chainId: number;
}

/**
 * Whether the message has exactly the lines of EIP-4361's ABNF, in order: viem's parser looks for the
 * fields anywhere, so without this a message could carry extra text around them.
 */
function hasSiweLayout(message: string): boolean {
  const lines = message.split("\n");
  if (!lines[0]?.endsWith(" wants you to sign in with your Ethereum account:")) return false;
  if (!/^0x[0-9a-fA-F]{40}$/.test(lines[1] ?? "") || lines[2] !== "") return false;
  let i: number;
  if (lines[3] === "") i = 4;
  else if (lines[4] === "") i = 5;
  else return false;
  for (const prefix of ["URI: ", "Version: ", "Chain ID: ", "Nonce: ", "Issued At: "]) {
    if (!lines[i++]?.startsWith(prefix)) return false;
  }
  for (const prefix of ["Expiration Time: ", "Not Before: ", "Request ID: "]) {
    if (lines[i]?.startsWith(prefix)) i++;
  }
  if (lines[i] === "Resources:") {
    i++;
    while (lines[i]?.startsWith("- ")) i++;
  }
  return i === lines.length;
}

const malformed = (detail: string) =>
  new ApiError(400, "siwe-malformed", `message: not an EIP-4361 message (${detail}).`, { field: "message" });

/**
 * Checks a Sign-In with Ethereum message and its signature, in this order: layout and fields, domain
 * and scheme (one of the web app's origins), URI (under one of them), chain id, times against the
 * API's clock, the signature (EOA offline; ERC-1271/6492 smart wallets through the chain's RPC when the
 * API has an endpoint for that chain id), then consumes the nonce (atomically, once) and screens the
 * address against the sanctions list (a hit is audited and answered 403).
 */
async function verifySiwe(ctx: ApiContext, message: string, signature: Hex, actor: string): Promise<SiweProof> {
  const origins = ctx.webauthn?.origins ?? [];
  if (origins.length === 0) {
    throw new ApiError(503, "siwe-unavailable", "Sign-In with Ethereum is not configured on this server.");
  }
  if (!hasSiweLayout(message)) throw malformed("the lines are not in EIP-4361 order");
  const fields = parseSiweMessage(message);
  const { address, domain, uri, nonce, chainId, issuedAt } = fields;
  if (!address || !domain || !uri || !nonce || chainId === undefined || !issuedAt) {
    throw malformed("a required field is missing or invalid");
  }
  if (fields.version !== "1") throw malformed("Version must be 1");
  if (address !== getAddress(address)) throw malformed("the address must be EIP-55 checksummed");

  const hosts = origins.map((o) => new URL(o).host);
  if (!hosts.includes(domain) || (fields.scheme !== undefined && !origins.includes(`${fields.scheme}://${domain}`))) {
    throw new ApiError(
      401,
      "siwe-wrong-domain",
      `The message was made for ${domain}, not for this site (${hosts.join(", ")}).`,
      {
        field: "message",
      },
    );
  }
  let uriOrigin: string;
  try {
    uriOrigin = new URL(uri).origin;
  } catch {
    throw malformed("URI is not a URL");
  }
  if (!origins.includes(uriOrigin)) {
    throw new ApiError(401, "siwe-wrong-uri", `The message's URI must be on ${origins.join(" or ")}.`, {
      field: "message",
    });
  }
  if (!Number.isSafeInteger(chainId) || chainId < 1 || chainId > MAX_CHAIN_ID) {
    throw new ApiError(400, "siwe-chain-id", "message: Chain ID must be a positive EIP-155 chain id.", {
      field: "message",
    });
  }
  const now = ctx.now();
  const times = [issuedAt, fields.expirationTime, fields.notBefore];
  if (times.some((t) => t !== undefined && Number.isNaN(t.getTime()))) {
    throw malformed("a time is not an RFC 3339 date-time");
  }
  if (fields.expirationTime && fields.expirationTime.getTime() <= now) {
    throw new ApiError(401, "siwe-expired", "The message has expired; sign a new one.", { field: "message" });
  }
  if (
    issuedAt.getTime() > now + CLOCK_SKEW_MS ||
    (fields.notBefore && fields.notBefore.getTime() > now + CLOCK_SKEW_MS)
  ) {
    throw new ApiError(401, "siwe-not-yet-valid", "The message is not valid yet; check the device's clock.", {
      field: "message",
    });
  }

  let valid = await verifyMessage({ address, message, signature }).catch(() => false);
  const endpoint = ctx.chain?.endpoints.find((e) => e.chainId === chainId);
  if (!valid && endpoint) {
    // Not an EOA signature of this address: ask the chain (ERC-1271 contract wallets, ERC-6492).
    try {
      valid = await publicClientOf(endpoint).verifyMessage({ address, message, signature });
    } catch {
      throw new ApiError(503, "chain-unavailable", `Chain ${chainId} cannot be reached to check the signature.`);
    }
  }
  if (!valid) {
    throw new ApiError(401, "invalid-signature", `The signature is not ${address}'s signature of this message.`, {
      field: "signature",
    });
  }

  const { db } = ctx.database;
  if (!(await consumeChallenge(db, { purpose: "siwe", value: nonce }, now))) {
    throw new ApiError(401, "nonce-invalid", "The nonce is unknown, expired or already used; get a new one.", {
      field: "message",
    });
  }
  const listed = screenAddress(ctx.sanctions, address);
  if (listed) {
    await db.transaction(async (tx) => {
      await appendAudit(
        tx,
        {
          actor,
          action: "siwe.sanctioned",
          target: ctx.pseudonym(`wallet:${address.toLowerCase()}`),
          details: { list: listed.list, chain_id: chainId },
        },
        now,
      );
    });
    throw new ApiError(403, "sanctioned-address", "This wallet cannot be used here: it is on a sanctions list.", {
      field: "message",
    });
  }
  return { address: address.toLowerCase() as `0x${string}`, chainId };
}

/**
 * Links a proven wallet to `userId` (verified now), inside the caller's transaction: 409 when another
 * account has verified that address (on any chain: an EOA is the same key everywhere). An unverified
 * claim by someone else on the same chain is replaced — the signature outranks a claim. Returns the row
 * and whether it is new.
 */
async function linkWallet(
  tx: Queryable,
  ctx: ApiContext,
  userId: string,
  proof: SiweProof,
): Promise<{ wallet: Web3Wallet; created: boolean }> {
  const now = ctx.now();
  // Serialises links of the same address, so two accounts cannot link it on two chains at once.
  await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtext(${`peper/wallet/${proof.address}`}))`);
  const rows = await tx.select().from(web3Wallets).where(eq(web3Wallets.address, proof.address));
  if (rows.some((r) => r.userId !== userId && r.verifiedAt !== null)) {
    throw new ApiError(
      409,
      "wallet-linked-elsewhere",
      "This wallet is linked to another account; remove it there first.",
      {
        field: "message",
      },
    );
  }
  const same = rows.find((r) => r.chainId === proof.chainId);
  if (same?.userId === userId && same.verifiedAt !== null) return { wallet: same, created: false };
  const [{ n } = { n: 0 }] = await tx
    .select({ n: sql<number>`count(*)::int` })
    .from(web3Wallets)
    .where(eq(web3Wallets.userId, userId));
  if (Number(n) >= MAX_WALLETS) {
    throw new ApiError(409, "too-many-wallets", `An account can link ${MAX_WALLETS} wallets; remove one first.`);
  }
  const [wallet] = await tx
    .insert(web3Wallets)
    .values({ userId, address: proof.address, chainId: proof.chainId, verifiedAt: new Date(now) })
    .onConflictDoUpdate({
      target: [web3Wallets.address, web3Wallets.chainId],
      set: { userId, verifiedAt: new Date(now) },
      setWhere: sql`${web3Wallets.verifiedAt} IS NULL OR ${web3Wallets.userId} = ${userId}`,
    })
    .returning();
  if (!wallet) {
    throw new ApiError(409, "wallet-linked-elsewhere", "This wallet is linked to another account.", {
      field: "message",
    });
  }
  await appendAudit(
    tx,
    {
      actor: ctx.pseudonym(userId),
      action: "wallet.link",
      target: wallet.id,
      details: { chain_id: proof.chainId, replaced_unverified_claim: same !== undefined && same.userId !== userId },
    },
    now,
  );
  return { wallet, created: true };
}

/**
 * `/api/v5/auth/siwe`: Sign-In with Ethereum (EIP-4361). Get a nonce, sign the message in the wallet,
 * send it to `/verify`: a verified linked wallet signs its owner in; with an e-mail, an unknown wallet
 * creates a wallet-only account (no password). Signed-in users link wallets with `/link`.
 */
export const siweRoutes =
  (ctx: ApiContext): FastifyPluginAsync =>
  async (plugin) => {
    const app = plugin.withTypeProvider<ZodTypeProvider>();
    const { db } = ctx.database;
    const authLimit = authRateLimit(ctx);

    app.post(
      "/nonce",
      {
        config: authLimit,
        schema: {
          summary: "A fresh nonce for a Sign-In with Ethereum message (valid 10 minutes, once)",
          response: { 200: z.object({ nonce: z.string(), expires_at: z.string() }) },
        },
      },
      async () => {
        const nonce = newChallenge("hex");
        const expiresAt = await issueChallenge(db, { purpose: "siwe", value: nonce, ttlMs: NONCE_MS }, ctx.now());
        return { nonce, expires_at: expiresAt.toISOString() };
      },
    );

    app.post(
      "/verify",
      {
        config: authLimit,
        schema: {
          summary: "Sign in with an Ethereum wallet (EIP-4361 message and its signature)",
          description:
            "The message's domain must be this web app's host, its URI on the web app's origin, its nonce one from POST /nonce (each works once, even when the request fails). A wallet verified on an account signs that account in (200). An unknown wallet with `email` creates a wallet-only account and signs it in (201); without `email` it answers 404 `wallet-not-linked`. 403 `sanctioned-address` for a listed wallet.",
          body: z
            .object({ message: Message, signature: Signature, region: RegionSchema, email: EmailSchema.optional() })
            .strict(),
          response: { 200: LoginResponseSchema, 201: LoginResponseSchema },
        },
      },
      async (request, reply) => {
        const { message, region, email } = request.body;
        const proof = await verifySiwe(ctx, message, request.body.signature as Hex, "system");
        const outcome = await db.transaction(async (tx) => {
          const [owner] = await tx
            .select({ user: globalUsers })
            .from(web3Wallets)
            .innerJoin(globalUsers, eq(globalUsers.id, web3Wallets.userId))
            .where(and(eq(web3Wallets.address, proof.address), isNotNull(web3Wallets.verifiedAt)))
            .orderBy(desc(sql`${web3Wallets.chainId} = ${proof.chainId}`), asc(web3Wallets.verifiedAt))
            .limit(1);
          if (owner) return { status: 200 as const, body: await startSession(tx, ctx, owner.user, "siwe", region) };
          if (email === undefined) {
            throw new ApiError(
              404,
              "wallet-not-linked",
              "No account has this wallet. To create one, sign a new message and send it with your e-mail; to use it with an existing account, sign in there and link the wallet (POST /api/v5/auth/siwe/link).",
              { field: "email" },
            );
          }
          const user = await createAccount(tx, ctx, { email, passwordHash: null, region, method: "siwe" });
          await linkWallet(tx, ctx, user.id, proof);
          return { status: 201 as const, body: await startSession(tx, ctx, user, "siwe", region) };
        });
        return reply.status(outcome.status).send(outcome.body);
      },
    );

    app.post(
      "/link",
      {
        onRequest: requireFreshAuth(ctx),
        config: authLimit,
        schema: {
          summary: "Link a wallet to the signed-in account by signing an EIP-4361 message",
          description:
            "The same checks as /verify. 201 with the new link, 200 when it was linked already, 409 `wallet-linked-elsewhere` when another account has it.",
          security: BEARER,
          body: z.object({ message: Message, signature: Signature }).strict(),
          response: { 200: WalletView, 201: WalletView },
        },
      },
      async (request, reply) => {
        const { sub } = caller(request);
        const proof = await verifySiwe(ctx, request.body.message, request.body.signature as Hex, ctx.pseudonym(sub));
        const { wallet, created } = await db.transaction(async (tx) => linkWallet(tx, ctx, sub, proof));
        return reply.status(created ? 201 : 200).send(view(wallet));
      },
    );

    app.get(
      "/wallets",
      {
        onRequest: requireAuth(ctx),
        schema: {
          summary: "The signed-in user's wallets",
          security: BEARER,
          response: { 200: z.object({ wallets: z.array(WalletView) }) },
        },
      },
      async (request) => {
        const rows = await db
          .select()
          .from(web3Wallets)
          .where(eq(web3Wallets.userId, caller(request).sub))
          .orderBy(asc(web3Wallets.createdAt), asc(web3Wallets.id));
        return { wallets: rows.map(view) };
      },
    );

    app.delete(
      "/wallets/:id",
      {
        onRequest: requireAuth(ctx),
        schema: {
          summary: "Unlink one of the signed-in user's wallets",
          description:
            "404 for a wallet that is not the caller's. 409 `last-sign-in-method` when the account has no password and no passkey and this is its last verified wallet.",
          security: BEARER,
          params: z.object({ id: z.uuid() }),
          response: { 200: z.object({ deleted: z.uuid() }) },
        },
      },
      async (request) => {
        const { sub } = caller(request);
        const { id } = request.params;
        return db.transaction(async (tx) => {
          // Two concurrent removals cannot both pass the last-method check.
          const user = await lockAccount(tx, sub);
          const [wallet] = await tx
            .select()
            .from(web3Wallets)
            .where(and(eq(web3Wallets.id, id), eq(web3Wallets.userId, sub)));
          if (!wallet) throw notFound("The wallet");
          if (wallet.verifiedAt !== null) refuseRemovingLastMethod(await signInMethods(tx, user), "wallet");
          await tx.delete(web3Wallets).where(eq(web3Wallets.id, wallet.id));
          await appendAudit(
            tx,
            {
              actor: ctx.pseudonym(sub),
              action: "wallet.unlink",
              target: wallet.id,
              details: { chain_id: wallet.chainId },
            },
            ctx.now(),
          );
          return { deleted: wallet.id };
        });
      },
    );
  };
