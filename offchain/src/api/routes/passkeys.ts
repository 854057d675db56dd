import {
  generateAuthenticationOptions,
  generateRegistrationOptions,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
  type VerifiedAuthenticationResponse,
  type VerifiedRegistrationResponse,
} from "@simplewebauthn/server";
import { and, asc, eq, or, sql } from "drizzle-orm";
import type { FastifyPluginAsync } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";

import { appendAudit } from "../../compliance/auditStore.ts";
import { globalUsers, passkeys, type Passkey } from "../../db/schema.ts";
import { EmailSchema, refuseRemovingLastMethod, signInMethods } from "../auth/accounts.ts";
import { consumeChallenge, issueChallenge, newChallenge } from "../auth/challenges.ts";
import { BEARER, caller, requireAuth, authRateLimit, requireFreshAuth } from "../auth/guard.ts";
import { RegionSchema } from "../auth/region.ts";
import { currentUser, LoginResponseSchema, startSession, lockAccount } from "../auth/session.ts";
import { ApiError, notFound, type ApiContext } from "../context.ts";

/** How long a registration or sign-in ceremony may take (the challenge's lifetime). */
const CEREMONY_MS = 5 * 60_000;
/** At most this many passkeys per account. */
const MAX_PASSKEYS = 20;
/** EdDSA, ES256, RS256: offered at registration and accepted at verification (the same list both times). */
const ALGORITHMS = [-8, -7, -257];
const TRANSPORTS = ["ble", "cable", "hybrid", "internal", "nfc", "smart-card", "usb"] as const;

/**
 * User verification is *required*, not preferred. A passkey here is a complete sign-in on its own (it
 * is the product's "biometric" factor and skips the password and the TOTP code), so it must prove two
 * things: possession of the authenticator and the user's fingerprint, face or device PIN. With
 * "preferred", an authenticator that cannot verify the user (an old security key without a PIN) would
 * sign in whoever holds it — weaker than password + TOTP. The cost: such keys cannot be registered.
 */
const USER_VERIFICATION = "required" as const;

const Base64Url = z
  .string()
  .min(1)
  .max(8192)
  .regex(/^[A-Za-z0-9_-]+={0,2}$/, "must be base64url");

const Descriptor = z.object({ id: z.string(), type: z.string(), transports: z.array(z.string()).optional() });

const RegistrationOptions = z.object({
  challenge: z.string(),
  rp: z.object({ id: z.string().optional(), name: z.string() }),
  user: z.object({ id: z.string(), name: z.string(), displayName: z.string() }),
  pubKeyCredParams: z.array(z.object({ alg: z.number().int(), type: z.literal("public-key") })),
  timeout: z.number().int().optional(),
  excludeCredentials: z.array(Descriptor).optional(),
  authenticatorSelection: z
    .object({
      authenticatorAttachment: z.enum(["platform", "cross-platform"]).optional(),
      requireResidentKey: z.boolean().optional(),
      residentKey: z.enum(["discouraged", "preferred", "required"]).optional(),
      userVerification: z.enum(["discouraged", "preferred", "required"]).optional(),
    })
    .optional(),
  hints: z.array(z.string()).optional(),
  attestation: z.enum(["direct", "enterprise", "indirect", "none"]).optional(),
  extensions: z.object({ credProps: z.boolean().optional() }).optional(),
});

const AuthenticationOptions = z.object({
  challenge: z.string(),
  timeout: z.number().int().optional(),
  rpId: z.string().optional(),
  allowCredentials: z.array(Descriptor).optional(),
  userVerification: z.enum(["discouraged", "preferred", "required"]).optional(),
  hints: z.array(z.string()).optional(),
});

/** `PublicKeyCredential.toJSON()` of `navigator.credentials.create()` (what @simplewebauthn/browser sends). */
const RegistrationResponse = z.object({
  id: Base64Url,
  rawId: Base64Url,
  type: z.literal("public-key"),
  response: z.object({
    clientDataJSON: Base64Url,
    attestationObject: Base64Url.max(65_536),
    authenticatorData: Base64Url.max(65_536).optional(),
    transports: z.array(z.string().max(32)).max(10).optional(),
    publicKeyAlgorithm: z.number().int().optional(),
    publicKey: Base64Url.optional(),
  }),
  authenticatorAttachment: z.enum(["platform", "cross-platform"]).optional(),
  clientExtensionResults: z.object({ credProps: z.object({ rk: z.boolean().optional() }).optional() }).default({}),
});

/** `PublicKeyCredential.toJSON()` of `navigator.credentials.get()`. */
const AuthenticationResponse = z.object({
  id: Base64Url,
  rawId: Base64Url,
  type: z.literal("public-key"),
  response: z.object({
    clientDataJSON: Base64Url,
    authenticatorData: Base64Url,
    signature: Base64Url,
    userHandle: Base64Url.optional(),
  }),
  authenticatorAttachment: z.enum(["platform", "cross-platform"]).optional(),
  clientExtensionResults: z.object({}).default({}),
});

const PasskeyView = z.object({
  id: z.uuid(),
  name: z.string().nullable(),
  transports: z.array(z.string()),
  created_at: z.string(),
  last_used_at: z.string().nullable(),
});

const view = (row: Passkey): z.infer<typeof PasskeyView> => ({
  id: row.id,
  name: row.name,
  transports: row.transports,
  created_at: row.createdAt.toISOString(),
  last_used_at: row.lastUsedAt?.toISOString() ?? null,
});

/** The relying party, or 503 when the server was started without one (PEPER_WEBAUTHN_*). */
function relyingParty(ctx: ApiContext): NonNullable<ApiContext["webauthn"]> {
  if (!ctx.webauthn || ctx.webauthn.origins.length === 0) {
    throw new ApiError(503, "passkeys-unavailable", "Passkeys are not configured on this server.");
  }
  return ctx.webauthn;
}

/** The WebAuthn user handle of an account: the 16 bytes of its UUID, base64url (no personal data). */
function userHandle(userId: string): Uint8Array<ArrayBuffer> {
  return new Uint8Array(Buffer.from(userId.replaceAll("-", ""), "hex"));
}

/** The challenge inside a response's clientDataJSON (checked against the stored one by the verifier). */
function challengeOf(clientDataJSON: string): string {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(clientDataJSON, "base64url").toString("utf8"));
    if (
      typeof parsed === "object" &&
      parsed !== null &&
      "challenge" in parsed &&
      typeof parsed.challenge === "string"
    ) {
      return parsed.challenge;
    }
  } catch {
    // reported below
  }
  throw new ApiError(400, "invalid-input", "response.response.clientDataJSON: is not WebAuthn client data", {
    field: "response.response.clientDataJSON",
  });
}

const knownTransports = (list: readonly string[] | undefined): string[] =>
  [...new Set(list ?? [])].filter((t) => (TRANSPORTS as readonly string[]).includes(t));

const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/**
 * A stable fake credential id for an e-mail without passkeys, so that the sign-in options of an unknown
 * e-mail look like those of a known one (no account enumeration through this route).
 */
const decoyCredentialId = (ctx: ApiContext, email: string): string =>
  Buffer.from(ctx.pseudonym(`passkey-decoy/${email}`).slice(2), "hex").toString("base64url");

/**
 * `/api/v5/auth/passkeys`: WebAuthn passkeys — register one while signed in, sign in with one (no
 * password, no TOTP: user verification is required, see {@link USER_VERIFICATION}), list and remove
 * one's own. Challenges live in `auth_challenges` (5 minutes, single use); signature counters are
 * enforced to detect cloned authenticators.
 */
export const passkeyRoutes =
  (ctx: ApiContext): FastifyPluginAsync =>
  async (plugin) => {
    const app = plugin.withTypeProvider<ZodTypeProvider>();
    const { db } = ctx.database;
    const authLimit = authRateLimit(ctx);

    app.post(
      "/register/options",
      {
        onRequest: requireFreshAuth(ctx),
        config: authLimit,
        schema: {
          summary: "Start registering a passkey: options for navigator.credentials.create()",
          description:
            "The challenge is valid for 5 minutes and once. User verification (fingerprint, face or device PIN) is required; the account's passkeys are excluded so the same authenticator is not registered twice.",
          security: BEARER,
          response: { 200: RegistrationOptions },
        },
      },
      async (request) => {
        const rp = relyingParty(ctx);
        const user = await currentUser(db, caller(request).sub);
        const existing = await db.select().from(passkeys).where(eq(passkeys.userId, user.id));
        if (existing.length >= MAX_PASSKEYS) {
          throw new ApiError(
            409,
            "too-many-passkeys",
            `An account can have ${MAX_PASSKEYS} passkeys; remove one first.`,
          );
        }
        const challenge = newChallenge("base64url");
        const options = await generateRegistrationOptions({
          rpName: rp.rpName,
          rpID: rp.rpId,
          userName: user.email,
          userDisplayName: user.email,
          userID: userHandle(user.id),
          challenge: Buffer.from(challenge, "base64url"),
          timeout: CEREMONY_MS,
          attestationType: "none",
          excludeCredentials: existing.map((k) => ({ id: k.credentialId, transports: k.transports })),
          authenticatorSelection: { residentKey: "preferred", userVerification: USER_VERIFICATION },
          supportedAlgorithmIDs: ALGORITHMS,
        });
        await issueChallenge(
          db,
          { purpose: "webauthn-register", value: options.challenge, userId: user.id, ttlMs: CEREMONY_MS },
          ctx.now(),
        );
        return options;
      },
    );

    app.post(
      "/register/verify",
      {
        onRequest: requireFreshAuth(ctx),
        config: authLimit,
        schema: {
          summary: "Finish registering a passkey: the authenticator's response",
          description:
            "Answers 400 `challenge-invalid` when the challenge is unknown, used, expired or was issued to another account, 400 `passkey-invalid` when the response does not verify (origin, RP id, user verification, attestation), 409 `passkey-exists` when the credential is registered already.",
          security: BEARER,
          body: z
            .object({ response: RegistrationResponse, name: z.string().trim().min(1).max(64).optional() })
            .strict(),
          response: { 201: PasskeyView },
        },
      },
      async (request, reply) => {
        const rp = relyingParty(ctx);
        const { sub } = caller(request);
        const { response, name } = request.body;
        const challenge = challengeOf(response.response.clientDataJSON);
        const now = ctx.now();
        const issued = await consumeChallenge(db, { purpose: "webauthn-register", value: challenge, userId: sub }, now);
        if (!issued) {
          throw new ApiError(
            400,
            "challenge-invalid",
            "This registration challenge is unknown, expired or already used; ask for new options.",
            { field: "response" },
          );
        }
        let verification: VerifiedRegistrationResponse;
        try {
          verification = await verifyRegistrationResponse({
            response,
            expectedChallenge: challenge,
            expectedOrigin: [...rp.origins],
            expectedRPID: rp.rpId,
            requireUserVerification: true,
            supportedAlgorithmIDs: ALGORITHMS,
          });
        } catch (error) {
          throw new ApiError(400, "passkey-invalid", `The passkey could not be verified: ${messageOf(error)}`, {
            field: "response",
          });
        }
        if (!verification.verified) {
          throw new ApiError(400, "passkey-invalid", "The passkey could not be verified.", { field: "response" });
        }
        const info = verification.registrationInfo;
        const transports = knownTransports(info.credential.transports ?? response.response.transports);
        const row = await db.transaction(async (tx) => {
          const [count] = await tx
            .select({ n: sql<number>`count(*)::int` })
            .from(passkeys)
            .where(eq(passkeys.userId, sub));
          if (Number(count?.n ?? 0) >= MAX_PASSKEYS) {
            throw new ApiError(
              409,
              "too-many-passkeys",
              `An account can have ${MAX_PASSKEYS} passkeys; remove one first.`,
            );
          }
          const [created] = await tx
            .insert(passkeys)
            .values({
              userId: sub,
              credentialId: info.credential.id,
              publicKey: info.credential.publicKey,
              counter: info.credential.counter,
              transports,
              name: name ?? "Passkey",
            })
            .onConflictDoNothing({ target: passkeys.credentialId })
            .returning();
          if (!created) {
            throw new ApiError(409, "passkey-exists", "This passkey is registered already.", { field: "response" });
          }
          await appendAudit(
            tx,
            {
              actor: ctx.pseudonym(sub),
              action: "passkey.register",
              target: created.id,
              details: {
                transports,
                device_type: info.credentialDeviceType,
                backed_up: info.credentialBackedUp,
                attestation: info.fmt,
              },
            },
            now,
          );
          return created;
        });
        return reply.status(201).send(view(row));
      },
    );

    app.post(
      "/login/options",
      {
        config: authLimit,
        schema: {
          summary: "Start signing in with a passkey: options for navigator.credentials.get()",
          description:
            "Without `email`, the browser offers the passkeys it holds for this site (discoverable credentials). With `email`, the options list that account's passkeys; an unknown e-mail gets options of the same shape, so this does not reveal whether an account exists.",
          body: z.object({ email: EmailSchema.optional() }).strict().nullish(),
          response: { 200: AuthenticationOptions },
        },
      },
      async (request) => {
        const rp = relyingParty(ctx);
        const email = request.body?.email;
        let userId: string | null = null;
        let allow: { id: string; transports?: string[] }[] | undefined;
        if (email !== undefined) {
          const [user] = await db.select().from(globalUsers).where(eq(globalUsers.email, email));
          const keys = user ? await db.select().from(passkeys).where(eq(passkeys.userId, user.id)) : [];
          // The ceremony is bound to the account asked for: another account's passkey will not do.
          userId = user?.id ?? null;
          if (keys.length > 0) {
            allow = keys.map((k) => ({ id: k.credentialId, transports: k.transports }));
          } else {
            allow = [{ id: decoyCredentialId(ctx, email), transports: ["hybrid", "internal"] }];
          }
        }
        const challenge = newChallenge("base64url");
        const options = await generateAuthenticationOptions({
          rpID: rp.rpId,
          challenge: Buffer.from(challenge, "base64url"),
          timeout: CEREMONY_MS,
          userVerification: USER_VERIFICATION,
          ...(allow ? { allowCredentials: allow } : {}),
        });
        await issueChallenge(
          db,
          { purpose: "webauthn-login", value: options.challenge, userId, ttlMs: CEREMONY_MS },
          ctx.now(),
        );
        return options;
      },
    );

    app.post(
      "/login/verify",
      {
        config: authLimit,
        schema: {
          summary: "Sign in with a passkey: the authenticator's response",
          description:
            "Answers 401 `challenge-invalid` (unknown, used or expired challenge), `unknown-passkey` (no such credential, or not one of the account the options were asked for), `passkey-invalid` (signature, origin, RP id or user verification wrong) or `passkey-counter` (the signature counter did not increase: possibly a cloned authenticator; recorded in the audit log).",
          body: z.object({ response: AuthenticationResponse, region: RegionSchema }).strict(),
          response: { 200: LoginResponseSchema },
        },
      },
      async (request) => {
        const rp = relyingParty(ctx);
        const { response, region } = request.body;
        const challenge = challengeOf(response.response.clientDataJSON);
        const now = ctx.now();
        const issued = await consumeChallenge(db, { purpose: "webauthn-login", value: challenge }, now);
        if (!issued) {
          throw new ApiError(
            401,
            "challenge-invalid",
            "This sign-in challenge is unknown, expired or already used; ask for new options.",
            { field: "response" },
          );
        }
        const unknown = new ApiError(
          401,
          "unknown-passkey",
          "This passkey is not registered here; sign in another way and register it.",
          { field: "response.id" },
        );
        const [key] = await db.select().from(passkeys).where(eq(passkeys.credentialId, response.id));
        if (!key || (issued.userId !== null && issued.userId !== key.userId)) throw unknown;
        const handle = response.response.userHandle;
        if (handle !== undefined && handle !== Buffer.from(userHandle(key.userId)).toString("base64url")) throw unknown;

        let verification: VerifiedAuthenticationResponse;
        try {
          verification = await verifyAuthenticationResponse({
            response,
            expectedChallenge: challenge,
            expectedOrigin: [...rp.origins],
            expectedRPID: rp.rpId,
            // The counter is checked below, after the signature, so only a genuine assertion can raise
            // the clone alarm; the library's own check is disabled by passing 0.
            credential: {
              id: key.credentialId,
              publicKey: new Uint8Array(key.publicKey),
              counter: 0,
              transports: key.transports,
            },
            requireUserVerification: true,
          });
        } catch (error) {
          throw new ApiError(401, "passkey-invalid", `The passkey sign-in could not be verified: ${messageOf(error)}`, {
            field: "response",
          });
        }
        if (!verification.verified) {
          throw new ApiError(401, "passkey-invalid", "The passkey sign-in could not be verified.", {
            field: "response",
          });
        }
        const newCounter = verification.authenticationInfo.newCounter;
        const outcome = await db.transaction(async (tx) => {
          // Atomic: the counter must increase (or stay 0 for authenticators that keep none).
          const [updated] = await tx
            .update(passkeys)
            .set({ counter: newCounter, lastUsedAt: new Date(now) })
            .where(
              and(
                eq(passkeys.id, key.id),
                or(sql`${passkeys.counter} < ${newCounter}`, sql`${passkeys.counter} = 0 AND ${newCounter} = 0`),
              ),
            )
            .returning();
          if (!updated) {
            await appendAudit(
              tx,
              {
                actor: ctx.pseudonym(key.userId),
                action: "passkey.counter-regression",
                target: key.id,
                details: { stored: key.counter, presented: newCounter },
              },
              now,
            );
            return {
              error: new ApiError(
                401,
                "passkey-counter",
                "This passkey's signature counter went backwards, which happens when an authenticator has been cloned; sign in another way and consider removing this passkey.",
                { field: "response" },
              ),
            };
          }
          const [user] = await tx.select().from(globalUsers).where(eq(globalUsers.id, key.userId));
          if (!user) return { error: unknown };
          return { session: await startSession(tx, ctx, user, "passkey", region) };
        });
        // The clone alarm must commit although the sign-in fails, so the error is returned, not thrown.
        if ("error" in outcome) throw outcome.error;
        return outcome.session;
      },
    );

    app.get(
      "/",
      {
        onRequest: requireAuth(ctx),
        schema: {
          summary: "The signed-in user's passkeys",
          security: BEARER,
          response: { 200: z.object({ passkeys: z.array(PasskeyView) }) },
        },
      },
      async (request) => {
        const rows = await db
          .select()
          .from(passkeys)
          .where(eq(passkeys.userId, caller(request).sub))
          .orderBy(asc(passkeys.createdAt), asc(passkeys.id));
        return { passkeys: rows.map(view) };
      },
    );

    app.delete(
      "/:id",
      {
        onRequest: requireAuth(ctx),
        schema: {
          summary: "Remove one of the signed-in user's passkeys",
          description:
            "404 for a passkey that is not the caller's. 409 `last-sign-in-method` when the account has no password and no verified wallet and this is its last passkey.",
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
          const [key] = await tx
            .select()
            .from(passkeys)
            .where(and(eq(passkeys.id, id), eq(passkeys.userId, sub)));
          if (!key) throw notFound("The passkey");
          refuseRemovingLastMethod(await signInMethods(tx, user), "passkey");
          await tx.delete(passkeys).where(eq(passkeys.id, key.id));
          await appendAudit(tx, { actor: ctx.pseudonym(sub), action: "passkey.delete", target: key.id }, ctx.now());
          return { deleted: key.id };
        });
      },
    );
  };
