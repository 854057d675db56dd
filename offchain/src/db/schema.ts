/**
 * The PostgreSQL schema of Peper's off-chain API (`/api/v5`), in Drizzle's pg-core notation.
 *
 * Conventions:
 * - Primary keys are random UUIDs (`gen_random_uuid()`), except the append-only logs (bigserial) and the
 *   one-row-per-user tables, whose primary key is the user id itself.
 * - Times are `timestamptz`, read and written as JS `Date`s. `updated_at` is refreshed by Drizzle on
 *   every `update()` made through this schema (`$onUpdate`), not by a database trigger.
 * - Money, sizes and prices are `numeric` and travel as decimal *strings* ("0.125"), so no precision is
 *   lost on the way; scores that are only ever compared (confidence) travel as numbers.
 * - Formats the database can check cheaply (lower-case e-mail, ISO codes, hex addresses and hashes,
 *   enumerations) are CHECK constraints, so a bug in one route cannot store a value the others
 *   would misread. Semantic checks (does country "ZZ" exist, is a time zone valid) stay in the API.
 * - Data belonging to a user is deleted with the user (ON DELETE CASCADE), which is how GDPR erasure
 *   works; references to *another* user (a reviewer, an educator) are set to NULL instead.
 *
 * Changing this file? Generate a new migration (see `offchain/drizzle.config.ts`) and commit both.
 */
import { sql } from "drizzle-orm";
import {
  bigint,
  bigserial,
  boolean,
  char,
  check,
  customType,
  index,
  integer,
  jsonb,
  numeric,
  pgTable,
  text,
  timestamp,
  unique,
  uniqueIndex,
  uuid,
  type AnyPgColumn,
} from "drizzle-orm/pg-core";

// ---------------------------------------------------------------------------------------------------
// Value sets shared with the API (use them for zod enums so both sides agree).
// ---------------------------------------------------------------------------------------------------

/** The roles a user can hold (`global_users.role`). */
export const ROLES = ["user", "institutional", "educator", "compliance_officer", "admin"] as const;
/** A user's role. */
export type Role = (typeof ROLES)[number];

/** What an AI decision recommends (`ai_decisions.action`). */
export const DECISION_ACTIONS = ["buy", "sell", "hold"] as const;
/** An AI decision's action. */
export type DecisionAction = (typeof DECISION_ACTIONS)[number];

/** The states of an on-chain certificate in the issuing queue (`certificates_issued.status`). */
export const CERTIFICATE_STATUSES = ["queued", "submitted", "confirmed", "failed"] as const;
/** A certificate's state in the issuing queue. */
export type CertificateStatus = (typeof CERTIFICATE_STATUSES)[number];

/** The outcomes of a KYC review (`kyc_status.status`). */
export const KYC_STATUSES = ["pending", "verified", "rejected"] as const;
/** A user's KYC state. */
export type KycStatus = (typeof KYC_STATUSES)[number];

/** The states of a signed Marketplace order in the off-chain book (`market_orders.status`). */
export const MARKET_ORDER_STATUSES = ["open", "withdrawn"] as const;
/** A book order's state: listed, or withdrawn from the book by its seller (the signature stays valid). */
export type MarketOrderStatus = (typeof MARKET_ORDER_STATUSES)[number];

/** What a one-time challenge in `auth_challenges` is for. */
export const CHALLENGE_PURPOSES = ["webauthn-register", "webauthn-login", "siwe"] as const;
/** A challenge's purpose. */
export type ChallengePurpose = (typeof CHALLENGE_PURPOSES)[number];

/** The kinds of second factor `mfa_factors` can hold (TOTP only, for now). */
export const MFA_KINDS = ["totp"] as const;
/** A second-factor kind. */
export type MfaKind = (typeof MFA_KINDS)[number];

// ---------------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------------

/** `bytea`, read and written as a `Uint8Array` (node-postgres returns a `Buffer`, which is one). */
const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({
  dataType: () => "bytea",
});

/** A timestamptz column, as a JS `Date`. */
const timestamptz = (name: string) => timestamp(name, { withTimezone: true, mode: "date" });

/** `created_at timestamptz not null default now()`. */
const createdAt = () => timestamptz("created_at").notNull().defaultNow();

/** `updated_at timestamptz not null default now()`, refreshed by Drizzle on every update. */
const updatedAt = () =>
  timestamptz("updated_at")
    .notNull()
    .defaultNow()
    .$onUpdate(() => new Date());

/** `<column> IN ('a', 'b', …)` for a CHECK constraint. */
const oneOf = (column: AnyPgColumn, values: readonly string[]) =>
  sql`${column} IN (${sql.join(
    values.map((value) => sql.raw(`'${value.replaceAll("'", "''")}'`)),
    sql`, `,
  )})`;

/** The user a row belongs to; the row is deleted with the user. */
const ownerId = (name = "user_id") =>
  uuid(name)
    .notNull()
    .references(() => globalUsers.id, { onDelete: "cascade" });

// ---------------------------------------------------------------------------------------------------
// Users and their settings
// ---------------------------------------------------------------------------------------------------

/** Every account, whatever its role: the identity all other tables hang off. */
export const globalUsers = pgTable(
  "global_users",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    /** The sign-in e-mail, stored lower-cased (the API lower-cases before insert and lookup). */
    email: text("email").notNull(),
    /**
     * The password hash in its self-describing string format (see `api/auth/password.ts`); NULL for
     * accounts that sign in only with a wallet (SIWE) or a passkey.
     */
    passwordHash: text("password_hash"),
    role: text("role", { enum: ROLES }).notNull().default("user"),
    /** The user's home region: an ISO 3166-1 alpha-2 code in capitals ("DE"). */
    region: char("region", { length: 2 }).notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    unique("global_users_email_unique").on(t.email),
    check("global_users_email_lower", sql`${t.email} = lower(${t.email}) AND position('@' in ${t.email}) > 1`),
    check("global_users_role_valid", oneOf(t.role, ROLES)),
    check("global_users_region_iso", sql`${t.region} ~ '^[A-Z]{2}$'`),
  ],
);

/** A user's regional settings (one row per user): language, currency, time zone, jurisdiction. */
export const regionalProfiles = pgTable(
  "regional_profiles",
  {
    /** The user (primary key: one profile per user). */
    userId: ownerId().primaryKey(),
    /** ISO 3166-1 alpha-2 region the profile applies to. */
    region: char("region", { length: 2 }).notNull(),
    /** BCP-47 language tag ("de-DE", "pt-BR", "zh-Hant-TW"); the shape is checked, not the registry. */
    language: text("language").notNull(),
    /** ISO 4217 currency code ("EUR"). */
    currency: char("currency", { length: 3 }).notNull(),
    /** IANA time zone name ("Europe/Berlin"); validated by the API (`Intl.supportedValuesOf`). */
    timezone: text("timezone").notNull(),
    /** The regulatory regime the user is served under ("EU-MiCA", "US-SEC", …); free text set by compliance. */
    complianceJurisdiction: text("compliance_jurisdiction").notNull(),
    updatedAt: updatedAt(),
  },
  (t) => [
    check("regional_profiles_region_iso", sql`${t.region} ~ '^[A-Z]{2}$'`),
    check("regional_profiles_language_bcp47", sql`${t.language} ~ '^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$'`),
    check("regional_profiles_currency_iso", sql`${t.currency} ~ '^[A-Z]{3}$'`),
    check("regional_profiles_timezone_nonempty", sql`length(${t.timezone}) > 0`),
  ],
);

/** Whether a user passed KYC (one row per user; no row means never submitted). */
export const kycStatus = pgTable(
  "kyc_status",
  {
    /** The user under review (primary key: one status per user). */
    userId: ownerId().primaryKey(),
    status: text("status", { enum: KYC_STATUSES }).notNull().default("pending"),
    /** The compliance officer who decided; NULL while pending or if the officer's account is deleted. */
    reviewedBy: uuid("reviewed_by").references(() => globalUsers.id, { onDelete: "set null" }),
    /** Why the review ended as it did (required reading for a rejection; free text). NULL while pending. */
    reason: text("reason"),
    /** The KYC provider's case reference of the latest submission (the documents stay with the provider). */
    reference: text("reference").notNull(),
    /** When the latest submission arrived (the review queue's order). */
    submittedAt: timestamptz("submitted_at").notNull().defaultNow(),
    reviewedAt: timestamptz("reviewed_at"),
    updatedAt: updatedAt(),
  },
  (t) => [
    check("kyc_status_status_valid", oneOf(t.status, KYC_STATUSES)),
    check("kyc_status_reference_nonempty", sql`length(${t.reference}) > 0`),
    index("kyc_status_status_idx").on(t.status),
    index("kyc_status_queue_idx").on(t.status, t.submittedAt, t.userId),
  ],
);

// ---------------------------------------------------------------------------------------------------
// Authentication
// ---------------------------------------------------------------------------------------------------

/**
 * Refresh tokens, stored only as their SHA-256. Each use rotates the token (the old row gets
 * `revoked_at` and `replaced_by`); presenting a revoked token again revokes its whole family.
 */
export const refreshTokens = pgTable(
  "refresh_tokens",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    userId: ownerId(),
    /** The login session: every token obtained by rotating the first one shares it. */
    familyId: uuid("family_id").notNull(),
    /** Hex SHA-256 of the token (`hashRefreshToken` in `api/auth/tokens.ts`); the token itself is never stored. */
    tokenHash: text("token_hash").notNull(),
    expiresAt: timestamptz("expires_at").notNull(),
    /** When the token was used (rotated), logged out or revoked with its family; NULL while live. */
    revokedAt: timestamptz("revoked_at"),
    /** The token this one was rotated into. */
    replacedBy: uuid("replaced_by").references((): AnyPgColumn => refreshTokens.id, { onDelete: "set null" }),
    createdAt: createdAt(),
  },
  (t) => [
    unique("refresh_tokens_token_hash_unique").on(t.tokenHash),
    check("refresh_tokens_token_hash_hex", sql`${t.tokenHash} ~ '^[0-9a-f]{64}$'`),
    index("refresh_tokens_family_idx").on(t.familyId),
    index("refresh_tokens_user_idx").on(t.userId),
  ],
);

/** Second factors. For TOTP, `secret_encrypted` holds the shared secret encrypted by the API. */
export const mfaFactors = pgTable(
  "mfa_factors",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    userId: ownerId(),
    kind: text("kind", { enum: MFA_KINDS }).notNull().default("totp"),
    /** The secret, encrypted at the application layer (never the plain base32 secret). */
    secretEncrypted: text("secret_encrypted").notNull(),
    /** When the user proved the factor works (first valid code); unconfirmed factors are not enforced. */
    confirmedAt: timestamptz("confirmed_at"),
    /** The last accepted TOTP time step (unix seconds / 30), so a code cannot be replayed. */
    lastUsedStep: bigint("last_used_step", { mode: "number" }),
    createdAt: createdAt(),
  },
  (t) => [
    unique("mfa_factors_user_kind_unique").on(t.userId, t.kind),
    check("mfa_factors_kind_valid", oneOf(t.kind, MFA_KINDS)),
  ],
);

/** WebAuthn credentials (passkeys). */
export const passkeys = pgTable(
  "passkeys",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    userId: ownerId(),
    /** The credential id as the authenticator reports it, base64url. */
    credentialId: text("credential_id").notNull(),
    /** The COSE-encoded public key. */
    publicKey: bytea("public_key").notNull(),
    /** The signature counter, to detect cloned authenticators (0 when the authenticator keeps none). */
    counter: bigint("counter", { mode: "number" }).notNull().default(0),
    /** Transport hints ("internal", "usb", "nfc", "ble", "hybrid"). */
    transports: text("transports")
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    /** A label the user chose ("MacBook"). */
    name: text("name"),
    createdAt: createdAt(),
    lastUsedAt: timestamptz("last_used_at"),
  },
  (t) => [
    unique("passkeys_credential_id_unique").on(t.credentialId),
    check("passkeys_counter_nonnegative", sql`${t.counter} >= 0`),
    index("passkeys_user_idx").on(t.userId),
  ],
);

/**
 * Every sign-in attempt, for throttling password guessing (`api/auth/throttle.ts`): the API counts
 * recent failures per (e-mail, IP), per IP and per e-mail, and bounds the attempts in flight. Not
 * linked to `global_users` (attempts on unknown e-mails count too); purge old rows.
 */
export const loginAttempts = pgTable(
  "login_attempts",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    /** The e-mail as typed, lower-cased. */
    email: text("email").notNull(),
    /** The client IP (v4 or v6) as the API saw it. */
    ip: text("ip").notNull(),
    at: timestamptz("at").notNull().defaultNow(),
    /** NULL while the attempt is in flight (its slot reserved, the password not yet checked). */
    success: boolean("success"),
  },
  (t) => [
    index("login_attempts_email_at_idx").on(t.email, t.at.desc()),
    index("login_attempts_ip_at_idx").on(t.ip, t.at.desc()),
  ],
);

/**
 * One-time challenges (WebAuthn ceremonies, SIWE nonces), stored so any API process can check them:
 * a challenge is valid once (`used_at` is set atomically when it is consumed) and only until `expires_at`.
 */
export const authChallenges = pgTable(
  "auth_challenges",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    purpose: text("purpose", { enum: CHALLENGE_PURPOSES }).notNull(),
    /** The challenge or nonce as sent to the client (base64url or alphanumeric). */
    challenge: text("challenge").notNull(),
    /** The user the ceremony is for; NULL when not yet known (passkey sign-in, SIWE). */
    userId: uuid("user_id").references(() => globalUsers.id, { onDelete: "cascade" }),
    expiresAt: timestamptz("expires_at").notNull(),
    usedAt: timestamptz("used_at"),
    createdAt: createdAt(),
  },
  (t) => [
    unique("auth_challenges_challenge_unique").on(t.challenge),
    check("auth_challenges_purpose_valid", oneOf(t.purpose, CHALLENGE_PURPOSES)),
    index("auth_challenges_expires_idx").on(t.expiresAt),
  ],
);

// ---------------------------------------------------------------------------------------------------
// AI decisions
// ---------------------------------------------------------------------------------------------------

/** Every recommendation the decision engine gave a user, with what it was based on (an audit trail). */
export const aiDecisions = pgTable(
  "ai_decisions",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    userId: ownerId(),
    /** The asset symbol or id the decision is about ("ETH", "BTC-USD"). */
    asset: text("asset").notNull(),
    action: text("action", { enum: DECISION_ACTIONS }).notNull(),
    /** Position size, a non-negative decimal string (units of the asset). */
    size: numeric("size", { precision: 38, scale: 18 }).notNull(),
    /** Stop-loss price, a positive decimal string; NULL when none was set. */
    stopLoss: numeric("stop_loss", { precision: 38, scale: 18 }),
    /** Take-profit price, a positive decimal string; NULL when none was set. */
    takeProfit: numeric("take_profit", { precision: 38, scale: 18 }),
    /** The model's confidence, 0 to 1 (4 decimal places kept). */
    confidenceScore: numeric("confidence_score", { precision: 5, scale: 4, mode: "number" }).notNull(),
    /** The human-readable explanation shown to the user. */
    reasoning: text("reasoning").notNull(),
    /** Which model produced the decision (name and version, or a model file hash). */
    modelVersion: text("model_version").notNull(),
    /** Hash of the inputs the model saw, so the decision can be reproduced and checked. */
    inputsHash: text("inputs_hash").notNull(),
    /** Risk figures the engine attached (VaR, drawdown, …), as JSON. */
    risk: jsonb("risk").$type<Record<string, unknown>>().notNull().default({}),
    createdAt: createdAt(),
  },
  (t) => [
    check("ai_decisions_action_valid", oneOf(t.action, DECISION_ACTIONS)),
    check("ai_decisions_size_nonnegative", sql`${t.size} >= 0`),
    check("ai_decisions_stop_loss_positive", sql`${t.stopLoss} IS NULL OR ${t.stopLoss} > 0`),
    check("ai_decisions_take_profit_positive", sql`${t.takeProfit} IS NULL OR ${t.takeProfit} > 0`),
    check("ai_decisions_confidence_range", sql`${t.confidenceScore} BETWEEN 0 AND 1`),
    index("ai_decisions_user_created_idx").on(t.userId, t.createdAt.desc()),
  ],
);

// ---------------------------------------------------------------------------------------------------
// Web3, institutional accounts
// ---------------------------------------------------------------------------------------------------

/** Wallets a user linked (and, once `verified_at` is set, proved to own by signing a challenge). */
export const web3Wallets = pgTable(
  "web3_wallets",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    userId: ownerId(),
    /** The EVM address, lower-case `0x` + 40 hex digits (not the EIP-55 checksummed form). */
    address: text("address").notNull(),
    chainId: integer("chain_id").notNull(),
    /** When the ownership signature was verified; NULL while unverified. */
    verifiedAt: timestamptz("verified_at"),
    createdAt: createdAt(),
  },
  (t) => [
    unique("web3_wallets_address_chain_unique").on(t.address, t.chainId),
    check("web3_wallets_address_hex", sql`${t.address} ~ '^0x[0-9a-f]{40}$'`),
    check("web3_wallets_chain_id_positive", sql`${t.chainId} > 0`),
    index("web3_wallets_user_idx").on(t.userId),
  ],
);

/**
 * The off-chain order book of the Marketplace's signed sell orders (EIP-712 `Order`, filled on chain
 * with `fillOrder`). Keyed by the order's EIP-712 digest (`Marketplace.orderHash`), so posting the same
 * signed order twice stores it once. Rows are public data signed by their seller and belong to no user:
 * a stale order (filled, cancelled, nonce voided, token moved, approval gone, expired) is deleted when
 * a read finds it so. A `withdrawn` row stays until it expires, so the same signed order cannot be
 * posted again by whoever saw it (it is dropped earlier only once voided on chain, when posting it is
 * refused anyway), and counts towards the seller's 50 orders per chain. Addresses are lower-case
 * `0x` + 40 hex digits; uint256 values are exact `numeric(78, 0)` decimal strings.
 */
export const marketOrders = pgTable(
  "market_orders",
  {
    /** The order's EIP-712 digest (what the seller signed), lower-case `0x` + 64 hex digits. */
    digest: text("digest").primaryKey(),
    chainId: integer("chain_id").notNull(),
    /** The Marketplace the order was signed for (the EIP-712 verifying contract). */
    marketplace: text("marketplace").notNull(),
    seller: text("seller").notNull(),
    /** The ERC-721 contract. */
    collection: text("collection").notNull(),
    tokenId: numeric("token_id", { precision: 78, scale: 0 }).notNull(),
    /** The zero address for ether, else the ERC-20 the price is in. */
    currency: text("currency").notNull(),
    /** In the currency's base units (wei). */
    price: numeric("price", { precision: 78, scale: 0 }).notNull(),
    /** Unix seconds after which the order cannot be filled. */
    expiry: bigint("expiry", { mode: "number" }).notNull(),
    nonce: numeric("nonce", { precision: 78, scale: 0 }).notNull(),
    /**
     * The seller's signature, lower-case hex: an account's 65-byte ECDSA signature, or what its
     * contract wallet accepts (ERC-1271, up to 2,048 bytes); for a bulk-listed order, of the
     * `BulkOrder` root rather than of this order.
     */
    signature: text("signature").notNull(),
    /**
     * A bulk-listed order's Merkle proof (lower-case hex hashes, leaf to root; its length is the
     * tree's height): fill it with `fillBulkOrder(order, proof, signature)`. NULL for an order
     * signed alone (`fillOrder`).
     */
    proof: jsonb("proof").$type<string[]>(),
    status: text("status", { enum: MARKET_ORDER_STATUSES }).notNull().default("open"),
    /** When the order entered the book (millisecond precision: the listing's page cursor). */
    listedAt: timestamp("listed_at", { withTimezone: true, mode: "date", precision: 3 }).notNull(),
    withdrawnAt: timestamptz("withdrawn_at"),
  },
  (t) => [
    check("market_orders_digest_hex", sql`${t.digest} ~ '^0x[0-9a-f]{64}$'`),
    check("market_orders_chain_id_positive", sql`${t.chainId} > 0`),
    check(
      "market_orders_addresses_hex",
      sql`${t.marketplace} ~ '^0x[0-9a-f]{40}$' AND ${t.seller} ~ '^0x[0-9a-f]{40}$' AND ${t.collection} ~ '^0x[0-9a-f]{40}$' AND ${t.currency} ~ '^0x[0-9a-f]{40}$'`,
    ),
    check("market_orders_token_id_nonnegative", sql`${t.tokenId} >= 0`),
    check("market_orders_price_positive", sql`${t.price} > 0`),
    check("market_orders_expiry_positive", sql`${t.expiry} > 0`),
    check("market_orders_nonce_nonnegative", sql`${t.nonce} >= 0`),
    check(
      "market_orders_signature_hex",
      sql`${t.signature} ~ '^0x([0-9a-f][0-9a-f])+$' AND length(${t.signature}) <= 4098`,
    ),
    check(
      "market_orders_proof_height",
      sql`${t.proof} IS NULL OR CASE WHEN jsonb_typeof(${t.proof}) = 'array' THEN jsonb_array_length(${t.proof}) BETWEEN 1 AND 16 ELSE false END`,
    ),
    check("market_orders_status_valid", oneOf(t.status, MARKET_ORDER_STATUSES)),
    check("market_orders_withdrawn_at_status", sql`(${t.status} = 'withdrawn') = (${t.withdrawnAt} IS NOT NULL)`),
    index("market_orders_token_idx").on(t.chainId, t.collection, t.tokenId),
    index("market_orders_chain_listed_idx").on(t.chainId, t.listedAt.desc(), t.digest.desc()),
    index("market_orders_seller_idx").on(t.seller, t.status),
  ],
);

/** An institutional client's named grouping of trading accounts. */
export const portfolios = pgTable(
  "portfolios",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    /** The institutional client (a user, normally with role `institutional`). */
    clientId: ownerId("client_id"),
    name: text("name").notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [unique("portfolios_client_name_unique").on(t.clientId, t.name)],
);

/** An institutional client's trading account, optionally in a portfolio and linked to a wallet. */
export const tradingAccounts = pgTable(
  "trading_accounts",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    /** The institutional client. */
    clientId: ownerId("client_id"),
    /** The portfolio the account is grouped under; NULL when ungrouped (or the portfolio was deleted). */
    portfolioId: uuid("portfolio_id").references(() => portfolios.id, { onDelete: "set null" }),
    /** The wallet the account trades from; the API checks it belongs to the same client. */
    walletId: uuid("wallet_id").references(() => web3Wallets.id, { onDelete: "set null" }),
    name: text("name").notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    unique("trading_accounts_client_name_unique").on(t.clientId, t.name),
    index("trading_accounts_portfolio_idx").on(t.portfolioId),
    index("trading_accounts_wallet_idx").on(t.walletId),
  ],
);

// ---------------------------------------------------------------------------------------------------
// Education
// ---------------------------------------------------------------------------------------------------

/** A course on the education platform. */
export const educationalCourses = pgTable(
  "educational_courses",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    /** URL name, lower-case words joined by hyphens ("defi-101"). */
    slug: text("slug").notNull(),
    title: text("title").notNull(),
    description: text("description").notNull().default(""),
    /** The author; NULL if the educator's account was deleted (the course stays). */
    educatorId: uuid("educator_id").references(() => globalUsers.id, { onDelete: "set null" }),
    /** The course content: an ordered JSON array of modules (shape owned by the API). */
    modules: jsonb("modules").$type<unknown[]>().notNull().default([]),
    /** True when the course has a VR (metaverse) variant. */
    vr: boolean("vr").notNull().default(false),
    /**
     * The chain its certificates are minted on (`certificates_issued.chain_id` of each completion);
     * NULL for a course that issues no certificate (completing it is then refused).
     */
    certificateChainId: integer("certificate_chain_id"),
    /** When the course was published; NULL for drafts. */
    publishedAt: timestamptz("published_at"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    unique("educational_courses_slug_unique").on(t.slug),
    check("educational_courses_slug_format", sql`${t.slug} ~ '^[a-z0-9]+(-[a-z0-9]+)*$'`),
    check("educational_courses_modules_array", sql`jsonb_typeof(${t.modules}) = 'array'`),
    check(
      "educational_courses_certificate_chain_id_positive",
      sql`${t.certificateChainId} IS NULL OR ${t.certificateChainId} > 0`,
    ),
    index("educational_courses_educator_idx").on(t.educatorId),
  ],
);

/**
 * A user taking a course (one row per user and course). A course with enrolments cannot be deleted
 * (unpublish it instead): its certificates may already be on chain.
 */
export const courseEnrolments = pgTable(
  "course_enrolments",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    userId: ownerId(),
    courseId: uuid("course_id")
      .notNull()
      .references(() => educationalCourses.id, { onDelete: "restrict" }),
    /** Progress per module, as JSON (shape owned by the API). */
    progress: jsonb("progress").$type<Record<string, unknown>>().notNull().default({}),
    enrolledAt: timestamptz("enrolled_at").notNull().defaultNow(),
    /** When the user finished the course; NULL while in progress. */
    completedAt: timestamptz("completed_at"),
  },
  (t) => [
    unique("course_enrolments_user_course_unique").on(t.userId, t.courseId),
    index("course_enrolments_course_idx").on(t.courseId),
  ],
);

/**
 * The durable queue of course certificates to mint on chain, and their outcome. A worker takes
 * `queued` rows whose `next_attempt_at` has passed (`FOR UPDATE SKIP LOCKED`), submits the
 * transaction (`submitted`, `tx_hash` set), then marks it `confirmed`, or re-queues it with
 * `attempts` + 1 and `last_error` until it gives up (`failed`).
 *
 * A wallet holds at most one certificate of a course (the contract mints one per learner and course).
 * No constraint can say so — the course is the enrolment's, not a column of this table — so the API
 * checks it when queuing (`recipient_idx` serves the lookup), under a lock on the course and wallet.
 */
export const certificatesIssued = pgTable(
  "certificates_issued",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    enrolmentId: uuid("enrolment_id")
      .notNull()
      .references(() => courseEnrolments.id, { onDelete: "cascade" }),
    /** The chain the certificate is minted on. */
    chainId: integer("chain_id").notNull(),
    /**
     * The wallet the certificate is minted to (the learner names it on completion), lower-case `0x` +
     * 40 hex digits like `web3_wallets.address` (not the EIP-55 checksummed form; the API lower-cases
     * before insert and lookup, and shows it as stored).
     */
    recipient: text("recipient").notNull(),
    /**
     * The CID of the certificate's metadata document, minted in the token URI (`ipfs://<cid>`); set
     * when the certificate is queued. NULL only on a row queued without it, for which the issuer
     * computes it and records it with the mint transaction.
     */
    metadataCid: text("metadata_cid"),
    /** The mint transaction, lower-case `0x` + 64 hex digits; NULL until submitted. */
    txHash: text("tx_hash"),
    /** The minted token id (a uint256, as a decimal string); NULL until confirmed. */
    tokenId: numeric("token_id", { precision: 78, scale: 0 }),
    status: text("status", { enum: CERTIFICATE_STATUSES }).notNull().default("queued"),
    /** How many times submission was tried. */
    attempts: integer("attempts").notNull().default(0),
    /** The error of the last failed attempt. */
    lastError: text("last_error"),
    /** The earliest time a worker should try this row again (back-off). */
    nextAttemptAt: timestamptz("next_attempt_at").notNull().defaultNow(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    unique("certificates_issued_enrolment_chain_unique").on(t.enrolmentId, t.chainId),
    check("certificates_issued_status_valid", oneOf(t.status, CERTIFICATE_STATUSES)),
    check("certificates_issued_tx_hash_hex", sql`${t.txHash} IS NULL OR ${t.txHash} ~ '^0x[0-9a-f]{64}$'`),
    check("certificates_issued_attempts_nonnegative", sql`${t.attempts} >= 0`),
    check("certificates_issued_chain_id_positive", sql`${t.chainId} > 0`),
    check("certificates_issued_recipient_hex", sql`${t.recipient} ~ '^0x[0-9a-f]{40}$'`),
    check(
      "certificates_issued_metadata_cid_length",
      sql`${t.metadataCid} IS NULL OR length(${t.metadataCid}) BETWEEN 1 AND 128`,
    ),
    index("certificates_issued_queue_idx").on(t.status, t.nextAttemptAt),
    index("certificates_issued_recipient_idx").on(t.recipient),
  ],
);

// ---------------------------------------------------------------------------------------------------
// Metaverse
// ---------------------------------------------------------------------------------------------------

/** A user's metaverse avatar (one per user). */
export const metaverseAvatars = pgTable(
  "metaverse_avatars",
  {
    /** The user (primary key: one avatar per user). */
    userId: ownerId().primaryKey(),
    /** The name shown above the avatar, 1 to 64 characters. */
    displayName: text("display_name").notNull(),
    /** Look of the avatar (model, colours, accessories), as JSON owned by the client. */
    appearance: jsonb("appearance").$type<Record<string, unknown>>().notNull().default({}),
    updatedAt: updatedAt(),
  },
  (t) => [check("metaverse_avatars_display_name_length", sql`char_length(${t.displayName}) BETWEEN 1 AND 64`)],
);

/**
 * A metaverse session (a room) created through `POST /metaverse/create-session`: its host, its expiry,
 * and (in `metaverse_room_members`) who may join and the room key encapsulated to each of them.
 */
export const metaverseRooms = pgTable(
  "metaverse_rooms",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    /** The user who created the session; the room goes with them. */
    hostId: ownerId("host_id"),
    /** What the room is for ("trading-floor", a course slug, …). */
    name: text("name").notNull(),
    createdAt: createdAt(),
    /** After this time the room accepts no one. */
    expiresAt: timestamptz("expires_at").notNull(),
  },
  (t) => [
    check("metaverse_rooms_expires_after_created", sql`${t.expiresAt} > ${t.createdAt}`),
    index("metaverse_rooms_host_idx").on(t.hostId),
  ],
);

/** A participant of a metaverse room, with the room key encapsulated to their public key. */
export const metaverseRoomMembers = pgTable(
  "metaverse_room_members",
  {
    roomId: uuid("room_id")
      .notNull()
      .references(() => metaverseRooms.id, { onDelete: "cascade" }),
    userId: ownerId(),
    /** The participant's public key the room key was encapsulated to (ML-KEM-768, 1184 bytes). */
    kemPublicKey: bytea("kem_public_key").notNull(),
    /** The encapsulation plus the wrapped room key, as the participant receives it. */
    keyEnvelope: jsonb("key_envelope").$type<Record<string, unknown>>().notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    unique("metaverse_room_members_room_user_unique").on(t.roomId, t.userId),
    index("metaverse_room_members_user_idx").on(t.userId),
  ],
);

/** Presence in metaverse rooms: one row per visit; `left_at` is NULL while the user is inside. */
export const metaverseSessions = pgTable(
  "metaverse_sessions",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    /** The room id ("trading-floor", a course slug, …). */
    room: text("room").notNull(),
    userId: ownerId(),
    joinedAt: timestamptz("joined_at").notNull().defaultNow(),
    leftAt: timestamptz("left_at"),
  },
  (t) => [
    check("metaverse_sessions_left_after_joined", sql`${t.leftAt} IS NULL OR ${t.leftAt} >= ${t.joinedAt}`),
    /** Who is in a room right now. */
    index("metaverse_sessions_room_open_idx")
      .on(t.room)
      .where(sql`${t.leftAt} IS NULL`),
    index("metaverse_sessions_user_idx").on(t.userId, t.joinedAt.desc()),
  ],
);

// ---------------------------------------------------------------------------------------------------
// Operations
// ---------------------------------------------------------------------------------------------------

/**
 * The tamper-evident audit log (see `compliance/audit.ts`): append-only, each row's `hash` covers its
 * content and `prev_hash`. The API computes the chain; the database only guarantees it cannot fork
 * (`seq` and `prev_hash` are unique, so two concurrent appends after the same entry cannot both land).
 * `actor` is deliberately not a foreign key: the log outlives users.
 */
export const auditLog = pgTable(
  "audit_log",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    /** Position in the chain, from 1 without gaps (`AuditContent.seq`); `id` may have gaps, this may not. */
    seq: bigint("seq", { mode: "number" }).notNull(),
    /** The time that was hashed (millisecond precision, so it reads back exactly as hashed). No default: pass it. */
    at: timestamp("at", { withTimezone: true, mode: "date", precision: 3 }).notNull(),
    /** Who acted: a user id, "system", or a pseudonymous hash after GDPR erasure. */
    actor: text("actor").notNull(),
    /** What was done ("user.register", "kyc.review", …). */
    action: text("action").notNull(),
    /** What it was done to (an id or a path); "" when nothing in particular. */
    target: text("target").notNull().default(""),
    details: jsonb("details").$type<Record<string, unknown>>().notNull().default({}),
    /** The previous entry's hash (64 zeros for the first entry), hex SHA-256. */
    prevHash: text("prev_hash").notNull(),
    /** This entry's hash, hex SHA-256. */
    hash: text("hash").notNull(),
  },
  (t) => [
    unique("audit_log_seq_unique").on(t.seq),
    unique("audit_log_prev_hash_unique").on(t.prevHash),
    unique("audit_log_hash_unique").on(t.hash),
    check("audit_log_seq_positive", sql`${t.seq} >= 1`),
    check("audit_log_prev_hash_hex", sql`${t.prevHash} ~ '^[0-9a-f]{64}$'`),
    check("audit_log_hash_hex", sql`${t.hash} ~ '^[0-9a-f]{64}$'`),
    index("audit_log_actor_at_idx").on(t.actor, t.at),
    index("audit_log_target_idx").on(t.target),
  ],
);

/** White-label deployments: a partner's branding, served on its own domain. */
export const whiteLabelTenants = pgTable(
  "white_label_tenants",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    /** Short id, lower-case words joined by hyphens ("acme-bank"). */
    slug: text("slug").notNull(),
    name: text("name").notNull(),
    /** Colours, logo URLs, fonts…, as JSON owned by the front end. */
    theme: jsonb("theme").$type<Record<string, unknown>>().notNull().default({}),
    /** The host name the tenant is served on, lower-case ("invest.acme.example"); NULL before go-live. */
    domain: text("domain"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    unique("white_label_tenants_slug_unique").on(t.slug),
    uniqueIndex("white_label_tenants_domain_unique").on(t.domain),
    check("white_label_tenants_slug_format", sql`${t.slug} ~ '^[a-z0-9]+(-[a-z0-9]+)*$'`),
    check("white_label_tenants_domain_lower", sql`${t.domain} IS NULL OR ${t.domain} = lower(${t.domain})`),
  ],
);

// ---------------------------------------------------------------------------------------------------
// Row types (select = what a query returns, insert = what `insert().values()` accepts)
// ---------------------------------------------------------------------------------------------------

/** A `global_users` row. */
export type GlobalUser = typeof globalUsers.$inferSelect;
/** A new `global_users` row. */
export type NewGlobalUser = typeof globalUsers.$inferInsert;
/** A `regional_profiles` row. */
export type RegionalProfile = typeof regionalProfiles.$inferSelect;
/** A `kyc_status` row. */
export type KycStatusRow = typeof kycStatus.$inferSelect;
/** A `refresh_tokens` row. */
export type RefreshToken = typeof refreshTokens.$inferSelect;
/** An `mfa_factors` row. */
export type MfaFactor = typeof mfaFactors.$inferSelect;
/** A `passkeys` row. */
export type Passkey = typeof passkeys.$inferSelect;
/** An `auth_challenges` row. */
export type AuthChallenge = typeof authChallenges.$inferSelect;
/** A `login_attempts` row. */
export type LoginAttempt = typeof loginAttempts.$inferSelect;
/** An `ai_decisions` row. */
export type AiDecision = typeof aiDecisions.$inferSelect;
/** A new `ai_decisions` row. */
export type NewAiDecision = typeof aiDecisions.$inferInsert;
/** A `web3_wallets` row. */
export type Web3Wallet = typeof web3Wallets.$inferSelect;
/** A `market_orders` row. */
export type MarketOrder = typeof marketOrders.$inferSelect;
/** A `portfolios` row. */
export type Portfolio = typeof portfolios.$inferSelect;
/** A `trading_accounts` row. */
export type TradingAccount = typeof tradingAccounts.$inferSelect;
/** An `educational_courses` row. */
export type EducationalCourse = typeof educationalCourses.$inferSelect;
/** A `course_enrolments` row. */
export type CourseEnrolment = typeof courseEnrolments.$inferSelect;
/** A `certificates_issued` row. */
export type CertificateIssued = typeof certificatesIssued.$inferSelect;
/** A `metaverse_avatars` row. */
export type MetaverseAvatar = typeof metaverseAvatars.$inferSelect;
/** A `metaverse_rooms` row. */
export type MetaverseRoom = typeof metaverseRooms.$inferSelect;
/** A `metaverse_room_members` row. */
export type MetaverseRoomMember = typeof metaverseRoomMembers.$inferSelect;
/** A `metaverse_sessions` row. */
export type MetaverseSession = typeof metaverseSessions.$inferSelect;
/** An `audit_log` row. */
export type AuditLogRow = typeof auditLog.$inferSelect;
/** A `white_label_tenants` row. */
export type WhiteLabelTenant = typeof whiteLabelTenants.$inferSelect;
