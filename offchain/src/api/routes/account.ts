import { and, asc, eq, isNotNull, ne, sql } from "drizzle-orm";
import type { FastifyPluginAsync } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";

import { appendAudit, type Queryable } from "../../compliance/auditStore.ts";
import { globalUsers, mfaFactors, passkeys, web3Wallets, type GlobalUser } from "../../db/schema.ts";
import { EmailSchema } from "../auth/accounts.ts";
import { BEARER, authRateLimit, caller, requireAuth, requireFreshAuth } from "../auth/guard.ts";
import { hashPassword } from "../auth/password.ts";
import { currentUser, lockAccount } from "../auth/session.ts";
import { ApiError, type ApiContext } from "../context.ts";
import { view, WalletView } from "./siwe.ts";

/** NIST SP 800-63B, as for registration: at least 12 characters, no composition rules, 256 at most. */
const NewPassword = z.string().min(12, "must be at least 12 characters").max(256);

/** Every way the account can sign in, for the dApp's account panel. */
const AccountView = z.object({
  id: z.uuid(),
  email: z.string(),
  /** Whether e-mail and password sign-in works (false for an account made by a wallet). */
  password: z.boolean(),
  /** Whether sign-in with the password also asks for a TOTP code. */
  totp: z.boolean(),
  passkeys: z.number().int().nonnegative(),
  wallets: z.array(WalletView),
});
type AccountView = z.infer<typeof AccountView>;

async function describeAccount(db: Queryable, user: GlobalUser): Promise<AccountView> {
  const [totp] = await db
    .select({ id: mfaFactors.id })
    .from(mfaFactors)
    .where(and(eq(mfaFactors.userId, user.id), isNotNull(mfaFactors.confirmedAt)))
    .limit(1);
  const [keys] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(passkeys)
    .where(eq(passkeys.userId, user.id));
  const wallets = await db
    .select()
    .from(web3Wallets)
    .where(and(eq(web3Wallets.userId, user.id), isNotNull(web3Wallets.verifiedAt)))
    .orderBy(asc(web3Wallets.createdAt), asc(web3Wallets.id));
  return {
    id: user.id,
    email: user.email,
    password: user.passwordHash !== null,
    totp: totp !== undefined,
    passkeys: Number(keys?.n ?? 0),
    wallets: wallets.map(view),
  };
}

/**
 * `/api/v5/account`: one account for every way of signing in. GET lists them (e-mail and whether its
 * password is set, TOTP, passkeys, verified wallets); POST /email gives an account that was made by a
 * wallet (or signs in only with passkeys) e-mail and password sign-in. Wallets are linked and unlinked
 * with /auth/siwe/link and /auth/siwe/wallets/:id, passkeys with /auth/passkeys.
 */
export const accountRoutes =
  (ctx: ApiContext): FastifyPluginAsync =>
  async (plugin) => {
    const app = plugin.withTypeProvider<ZodTypeProvider>();
    const { db } = ctx.database;

    app.get(
      "/",
      {
        onRequest: requireAuth(ctx),
        schema: {
          summary: "The signed-in account's sign-in methods: e-mail and password, TOTP, passkeys, wallets",
          security: BEARER,
          response: { 200: AccountView },
        },
      },
      async (request) => describeAccount(db, await currentUser(db, caller(request).sub)),
    );

    app.post(
      "/email",
      {
        onRequest: requireFreshAuth(ctx),
        config: authRateLimit(ctx),
        schema: {
          summary: "Add e-mail and password sign-in to an account that has no password (one made by a wallet)",
          description:
            "Needs a sign-in of the last 5 minutes (401 `reauthentication-required`). `email` is the account's e-mail or a new one (the API does not verify e-mail addresses; 409 `email-taken` when another account has it); `password` at least 12 characters. From then on the account signs in with the e-mail and password as well as with its wallets. 409 `has-password` when the account has a password already (change it with POST /api/v5/auth/password). Audited as `account.email-add`.",
          security: BEARER,
          body: z.object({ email: EmailSchema, password: NewPassword }).strict(),
          response: { 200: AccountView },
        },
      },
      async (request) => {
        const { sub } = caller(request);
        const { email, password } = request.body;
        const before = await currentUser(db, sub);
        if (before.passwordHash !== null) throw hasPassword();
        const passwordHash = await hashPassword(password);
        return db.transaction(async (tx) => {
          const user = await lockAccount(tx, sub);
          if (user.passwordHash !== null) throw hasPassword();
          const changed = email !== user.email;
          if (changed) {
            const [other] = await tx
              .select({ id: globalUsers.id })
              .from(globalUsers)
              .where(and(eq(globalUsers.email, email), ne(globalUsers.id, sub)))
              .limit(1);
            if (other) throw emailTaken();
          }
          const [updated] = await tx
            .update(globalUsers)
            .set({ email, passwordHash })
            .where(eq(globalUsers.id, sub))
            .returning()
            // A concurrent registration of the same e-mail loses to the unique constraint.
            .catch((e: unknown) => {
              if (isUniqueViolation(e)) throw emailTaken();
              throw e;
            });
          if (!updated) throw new ApiError(401, "unauthenticated", "This account no longer exists.");
          await appendAudit(
            tx,
            {
              actor: ctx.pseudonym(sub),
              action: "account.email-add",
              target: ctx.pseudonym(sub),
              details: { email_changed: changed },
            },
            ctx.now(),
          );
          return describeAccount(tx, updated);
        });
      },
    );
  };

const hasPassword = () =>
  new ApiError(
    409,
    "has-password",
    "This account signs in with its e-mail and password already; change the password with POST /api/v5/auth/password.",
  );

const emailTaken = () =>
  new ApiError(409, "email-taken", "Another account has this e-mail; use another one.", { field: "email" });

function isUniqueViolation(e: unknown): boolean {
  let cause: unknown = e;
  for (let depth = 0; depth < 5 && typeof cause === "object" && cause !== null; depth++) {
    if ((cause as { code?: unknown }).code === "23505") return true;
    cause = (cause as { cause?: unknown }).cause;
  }
  return false;
}
