import { and, eq, isNotNull, sql } from "drizzle-orm";
import { z } from "zod";

import { appendAudit, type Queryable } from "../../compliance/auditStore.ts";
import { auditLog, globalUsers, passkeys, regionalProfiles, web3Wallets, type GlobalUser } from "../../db/schema.ts";
import { ApiError, type ApiContext } from "../context.ts";

/** An e-mail address as the API stores it: trimmed, lower-cased, at most 254 characters. */
export const EmailSchema = z
  .string()
  .trim()
  .max(254)
  .toLowerCase()
  .pipe(z.email({ message: "must be an e-mail address" }));

/** What a new account starts with. */
export interface NewAccount {
  /** Lower-cased (parse it with {@link EmailSchema}). */
  readonly email: string;
  /** The password hash, or null for an account that signs in only with a wallet or a passkey. */
  readonly passwordHash: string | null;
  /** The home region, an ISO 3166-1 alpha-2 code (validated with `RegionSchema`). */
  readonly region: string;
  readonly language?: string;
  readonly currency?: string;
  readonly timezone?: string;
  /** How the account was created, recorded in the audit entry. */
  readonly method: "password" | "siwe";
}

/**
 * Creates an account inside the caller's transaction: the `global_users` row, its regional profile
 * (language "en", currency "USD", time zone "UTC" unless given; the jurisdiction from the region), a
 * pending KYC row and the audit entry `user.register` (details: region and method, nothing personal).
 * Throws 409 "email-taken" (field `email`) when the e-mail is in use.
 */
export async function createAccount(tx: Queryable, ctx: ApiContext, account: NewAccount): Promise<GlobalUser> {
  // The first admin: the configured bootstrap e-mail becomes admin if no admin exists and none was
  // ever bootstrapped (the audit log remembers), so erasing the admin does not re-open the door.
  let role: "user" | "admin" = "user";
  if (ctx.bootstrapAdminEmail && account.email === ctx.bootstrapAdminEmail.trim().toLowerCase()) {
    const [admin] = await tx
      .select({ id: globalUsers.id })
      .from(globalUsers)
      .where(eq(globalUsers.role, "admin"))
      .limit(1);
    const [bootstrapped] = await tx
      .select({ seq: auditLog.seq })
      .from(auditLog)
      .where(and(eq(auditLog.action, "user.register"), sql`${auditLog.details} ? 'bootstrap_admin'`))
      .limit(1);
    if (!admin && !bootstrapped) role = "admin";
  }
  const [created] = await tx
    .insert(globalUsers)
    .values({ email: account.email, passwordHash: account.passwordHash, region: account.region, role })
    .onConflictDoNothing({ target: globalUsers.email })
    .returning();
  if (!created) {
    throw new ApiError(409, "email-taken", "An account with this e-mail exists; sign in instead.", {
      field: "email",
    });
  }
  await tx.insert(regionalProfiles).values({
    userId: created.id,
    region: account.region,
    language: account.language ?? "en",
    currency: account.currency ?? "USD",
    timezone: account.timezone ?? "UTC",
    complianceJurisdiction: jurisdictionOf(account.region),
  });
  await appendAudit(
    tx,
    {
      actor: ctx.pseudonym(created.id),
      action: "user.register",
      target: ctx.pseudonym(created.id),
      details: {
        region: account.region,
        method: account.method,
        ...(role === "admin" ? { bootstrap_admin: true } : {}),
      },
    },
    ctx.now(),
  );
  return created;
}

/** How an account can sign in: with a password, with how many passkeys, with how many verified wallets. */
export interface SignInMethods {
  readonly password: boolean;
  readonly passkeys: number;
  readonly wallets: number;
}

/** The sign-in methods of an account (to refuse removing the last one). */
export async function signInMethods(db: Queryable, user: GlobalUser): Promise<SignInMethods> {
  const [keys] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(passkeys)
    .where(eq(passkeys.userId, user.id));
  const [wallets] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(web3Wallets)
    .where(and(eq(web3Wallets.userId, user.id), isNotNull(web3Wallets.verifiedAt)));
  return { password: user.passwordHash !== null, passkeys: Number(keys?.n ?? 0), wallets: Number(wallets?.n ?? 0) };
}

/**
 * Throws 409 "last-sign-in-method" when removing one passkey (or one verified wallet) would leave the
 * account without any way to sign in: no password, and that was its only passkey and it has no
 * verified wallet (or the other way round).
 */
export function refuseRemovingLastMethod(methods: SignInMethods, removing: "passkey" | "wallet"): void {
  const left = methods.passkeys + methods.wallets - 1;
  if (!methods.password && left <= 0) {
    throw new ApiError(
      409,
      "last-sign-in-method",
      `This is the account's only way to sign in; add a passkey or link a wallet before removing this ${removing}.`,
    );
  }
}

/** The regulatory regime a region is served under (the compliance officer can change it per user). */
export function jurisdictionOf(region: string): string {
  const EEA = "AT BE BG HR CY CZ DK EE FI FR DE GR HU IE IT LV LT LU MT NL PL PT RO SK SI ES SE IS LI NO".split(" ");
  if (EEA.includes(region)) return "EU-MiCA";
  if (region === "GB") return "UK-FCA";
  if (region === "US") return "US-SEC";
  if (region === "CH") return "CH-FINMA";
  if (region === "SG") return "SG-MAS";
  if (region === "JP") return "JP-FSA";
  return "default";
}
