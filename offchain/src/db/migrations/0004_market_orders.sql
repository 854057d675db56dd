-- The off-chain order book of the Marketplace's signed (EIP-712) sell orders, keyed by the order's digest.
-- New table only; nothing existing changes.
CREATE TABLE "market_orders" (
	"digest" text PRIMARY KEY NOT NULL,
	"chain_id" integer NOT NULL,
	"marketplace" text NOT NULL,
	"seller" text NOT NULL,
	"collection" text NOT NULL,
	"token_id" numeric(78, 0) NOT NULL,
	"currency" text NOT NULL,
	"price" numeric(78, 0) NOT NULL,
	"expiry" bigint NOT NULL,
	"nonce" numeric(78, 0) NOT NULL,
	"signature" text NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"listed_at" timestamp (3) with time zone NOT NULL,
	"withdrawn_at" timestamp with time zone,
	CONSTRAINT "market_orders_digest_hex" CHECK ("market_orders"."digest" ~ '^0x[0-9a-f]{64}$'),
	CONSTRAINT "market_orders_chain_id_positive" CHECK ("market_orders"."chain_id" > 0),
	CONSTRAINT "market_orders_addresses_hex" CHECK ("market_orders"."marketplace" ~ '^0x[0-9a-f]{40}$' AND "market_orders"."seller" ~ '^0x[0-9a-f]{40}$' AND "market_orders"."collection" ~ '^0x[0-9a-f]{40}$' AND "market_orders"."currency" ~ '^0x[0-9a-f]{40}$'),
	CONSTRAINT "market_orders_token_id_nonnegative" CHECK ("market_orders"."token_id" >= 0),
	CONSTRAINT "market_orders_price_positive" CHECK ("market_orders"."price" > 0),
	CONSTRAINT "market_orders_expiry_positive" CHECK ("market_orders"."expiry" > 0),
	CONSTRAINT "market_orders_nonce_nonnegative" CHECK ("market_orders"."nonce" >= 0),
	CONSTRAINT "market_orders_signature_hex" CHECK ("market_orders"."signature" ~ '^0x[0-9a-f]{130}$'),
	CONSTRAINT "market_orders_status_valid" CHECK ("market_orders"."status" IN ('open', 'withdrawn')),
	CONSTRAINT "market_orders_withdrawn_at_status" CHECK (("market_orders"."status" = 'withdrawn') = ("market_orders"."withdrawn_at" IS NOT NULL))
);
--> statement-breakpoint
CREATE INDEX "market_orders_token_idx" ON "market_orders" USING btree ("chain_id","collection","token_id");--> statement-breakpoint
CREATE INDEX "market_orders_chain_listed_idx" ON "market_orders" USING btree ("chain_id","listed_at" DESC NULLS LAST,"digest" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "market_orders_seller_idx" ON "market_orders" USING btree ("seller","status");