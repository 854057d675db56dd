CREATE TABLE "ai_decisions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"asset" text NOT NULL,
	"action" text NOT NULL,
	"size" numeric(38, 18) NOT NULL,
	"stop_loss" numeric(38, 18),
	"take_profit" numeric(38, 18),
	"confidence_score" numeric(5, 4) NOT NULL,
	"reasoning" text NOT NULL,
	"model_version" text NOT NULL,
	"inputs_hash" text NOT NULL,
	"risk" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "ai_decisions_action_valid" CHECK ("ai_decisions"."action" IN ('buy', 'sell', 'hold')),
	CONSTRAINT "ai_decisions_size_nonnegative" CHECK ("ai_decisions"."size" >= 0),
	CONSTRAINT "ai_decisions_stop_loss_positive" CHECK ("ai_decisions"."stop_loss" IS NULL OR "ai_decisions"."stop_loss" > 0),
	CONSTRAINT "ai_decisions_take_profit_positive" CHECK ("ai_decisions"."take_profit" IS NULL OR "ai_decisions"."take_profit" > 0),
	CONSTRAINT "ai_decisions_confidence_range" CHECK ("ai_decisions"."confidence_score" BETWEEN 0 AND 1)
);
--> statement-breakpoint
CREATE TABLE "audit_log" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"seq" bigint NOT NULL,
	"at" timestamp (3) with time zone NOT NULL,
	"actor" text NOT NULL,
	"action" text NOT NULL,
	"target" text DEFAULT '' NOT NULL,
	"details" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"prev_hash" text NOT NULL,
	"hash" text NOT NULL,
	CONSTRAINT "audit_log_seq_unique" UNIQUE("seq"),
	CONSTRAINT "audit_log_prev_hash_unique" UNIQUE("prev_hash"),
	CONSTRAINT "audit_log_hash_unique" UNIQUE("hash"),
	CONSTRAINT "audit_log_seq_positive" CHECK ("audit_log"."seq" >= 1),
	CONSTRAINT "audit_log_prev_hash_hex" CHECK ("audit_log"."prev_hash" ~ '^[0-9a-f]{64}$'),
	CONSTRAINT "audit_log_hash_hex" CHECK ("audit_log"."hash" ~ '^[0-9a-f]{64}$')
);
--> statement-breakpoint
CREATE TABLE "certificates_issued" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"enrolment_id" uuid NOT NULL,
	"chain_id" integer NOT NULL,
	"tx_hash" text,
	"token_id" numeric(78, 0),
	"status" text DEFAULT 'queued' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"last_error" text,
	"next_attempt_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "certificates_issued_enrolment_chain_unique" UNIQUE("enrolment_id","chain_id"),
	CONSTRAINT "certificates_issued_status_valid" CHECK ("certificates_issued"."status" IN ('queued', 'submitted', 'confirmed', 'failed')),
	CONSTRAINT "certificates_issued_tx_hash_hex" CHECK ("certificates_issued"."tx_hash" IS NULL OR "certificates_issued"."tx_hash" ~ '^0x[0-9a-f]{64}$'),
	CONSTRAINT "certificates_issued_attempts_nonnegative" CHECK ("certificates_issued"."attempts" >= 0),
	CONSTRAINT "certificates_issued_chain_id_positive" CHECK ("certificates_issued"."chain_id" > 0)
);
--> statement-breakpoint
CREATE TABLE "course_enrolments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"course_id" uuid NOT NULL,
	"progress" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"enrolled_at" timestamp with time zone DEFAULT now() NOT NULL,
	"completed_at" timestamp with time zone,
	CONSTRAINT "course_enrolments_user_course_unique" UNIQUE("user_id","course_id")
);
--> statement-breakpoint
CREATE TABLE "educational_courses" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"slug" text NOT NULL,
	"title" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"educator_id" uuid,
	"modules" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"vr" boolean DEFAULT false NOT NULL,
	"published_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "educational_courses_slug_unique" UNIQUE("slug"),
	CONSTRAINT "educational_courses_slug_format" CHECK ("educational_courses"."slug" ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
	CONSTRAINT "educational_courses_modules_array" CHECK (jsonb_typeof("educational_courses"."modules") = 'array')
);
--> statement-breakpoint
CREATE TABLE "global_users" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"email" text NOT NULL,
	"password_hash" text NOT NULL,
	"role" text DEFAULT 'user' NOT NULL,
	"region" char(2) NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "global_users_email_unique" UNIQUE("email"),
	CONSTRAINT "global_users_email_lower" CHECK ("global_users"."email" = lower("global_users"."email") AND position('@' in "global_users"."email") > 1),
	CONSTRAINT "global_users_role_valid" CHECK ("global_users"."role" IN ('user', 'institutional', 'educator', 'compliance_officer', 'admin')),
	CONSTRAINT "global_users_region_iso" CHECK ("global_users"."region" ~ '^[A-Z]{2}$')
);
--> statement-breakpoint
CREATE TABLE "kyc_status" (
	"user_id" uuid PRIMARY KEY NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"reviewed_by" uuid,
	"reason" text,
	"reviewed_at" timestamp with time zone,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "kyc_status_status_valid" CHECK ("kyc_status"."status" IN ('pending', 'verified', 'rejected'))
);
--> statement-breakpoint
CREATE TABLE "login_attempts" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"email" text NOT NULL,
	"ip" text NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"success" boolean NOT NULL
);
--> statement-breakpoint
CREATE TABLE "metaverse_avatars" (
	"user_id" uuid PRIMARY KEY NOT NULL,
	"display_name" text NOT NULL,
	"appearance" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "metaverse_avatars_display_name_length" CHECK (char_length("metaverse_avatars"."display_name") BETWEEN 1 AND 64)
);
--> statement-breakpoint
CREATE TABLE "metaverse_sessions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"room" text NOT NULL,
	"user_id" uuid NOT NULL,
	"joined_at" timestamp with time zone DEFAULT now() NOT NULL,
	"left_at" timestamp with time zone,
	CONSTRAINT "metaverse_sessions_left_after_joined" CHECK ("metaverse_sessions"."left_at" IS NULL OR "metaverse_sessions"."left_at" >= "metaverse_sessions"."joined_at")
);
--> statement-breakpoint
CREATE TABLE "mfa_factors" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"kind" text DEFAULT 'totp' NOT NULL,
	"secret_encrypted" text NOT NULL,
	"confirmed_at" timestamp with time zone,
	"last_used_step" bigint,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "mfa_factors_user_kind_unique" UNIQUE("user_id","kind"),
	CONSTRAINT "mfa_factors_kind_valid" CHECK ("mfa_factors"."kind" IN ('totp'))
);
--> statement-breakpoint
CREATE TABLE "passkeys" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"credential_id" text NOT NULL,
	"public_key" "bytea" NOT NULL,
	"counter" bigint DEFAULT 0 NOT NULL,
	"transports" text[] DEFAULT '{}'::text[] NOT NULL,
	"name" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_used_at" timestamp with time zone,
	CONSTRAINT "passkeys_credential_id_unique" UNIQUE("credential_id"),
	CONSTRAINT "passkeys_counter_nonnegative" CHECK ("passkeys"."counter" >= 0)
);
--> statement-breakpoint
CREATE TABLE "portfolios" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"client_id" uuid NOT NULL,
	"name" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "portfolios_client_name_unique" UNIQUE("client_id","name")
);
--> statement-breakpoint
CREATE TABLE "refresh_tokens" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"family_id" uuid NOT NULL,
	"token_hash" text NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"revoked_at" timestamp with time zone,
	"replaced_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "refresh_tokens_token_hash_unique" UNIQUE("token_hash"),
	CONSTRAINT "refresh_tokens_token_hash_hex" CHECK ("refresh_tokens"."token_hash" ~ '^[0-9a-f]{64}$')
);
--> statement-breakpoint
CREATE TABLE "regional_profiles" (
	"user_id" uuid PRIMARY KEY NOT NULL,
	"region" char(2) NOT NULL,
	"language" text NOT NULL,
	"currency" char(3) NOT NULL,
	"timezone" text NOT NULL,
	"compliance_jurisdiction" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "regional_profiles_region_iso" CHECK ("regional_profiles"."region" ~ '^[A-Z]{2}$'),
	CONSTRAINT "regional_profiles_language_bcp47" CHECK ("regional_profiles"."language" ~ '^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$'),
	CONSTRAINT "regional_profiles_currency_iso" CHECK ("regional_profiles"."currency" ~ '^[A-Z]{3}$'),
	CONSTRAINT "regional_profiles_timezone_nonempty" CHECK (length("regional_profiles"."timezone") > 0)
);
--> statement-breakpoint
CREATE TABLE "trading_accounts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"client_id" uuid NOT NULL,
	"portfolio_id" uuid,
	"wallet_id" uuid,
	"name" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "trading_accounts_client_name_unique" UNIQUE("client_id","name")
);
--> statement-breakpoint
CREATE TABLE "web3_wallets" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"address" text NOT NULL,
	"chain_id" integer NOT NULL,
	"verified_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "web3_wallets_address_chain_unique" UNIQUE("address","chain_id"),
	CONSTRAINT "web3_wallets_address_hex" CHECK ("web3_wallets"."address" ~ '^0x[0-9a-f]{40}$'),
	CONSTRAINT "web3_wallets_chain_id_positive" CHECK ("web3_wallets"."chain_id" > 0)
);
--> statement-breakpoint
CREATE TABLE "white_label_tenants" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"slug" text NOT NULL,
	"name" text NOT NULL,
	"theme" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"domain" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "white_label_tenants_slug_unique" UNIQUE("slug"),
	CONSTRAINT "white_label_tenants_slug_format" CHECK ("white_label_tenants"."slug" ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
	CONSTRAINT "white_label_tenants_domain_lower" CHECK ("white_label_tenants"."domain" IS NULL OR "white_label_tenants"."domain" = lower("white_label_tenants"."domain"))
);
--> statement-breakpoint
ALTER TABLE "ai_decisions" ADD CONSTRAINT "ai_decisions_user_id_global_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."global_users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "certificates_issued" ADD CONSTRAINT "certificates_issued_enrolment_id_course_enrolments_id_fk" FOREIGN KEY ("enrolment_id") REFERENCES "public"."course_enrolments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "course_enrolments" ADD CONSTRAINT "course_enrolments_user_id_global_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."global_users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "course_enrolments" ADD CONSTRAINT "course_enrolments_course_id_educational_courses_id_fk" FOREIGN KEY ("course_id") REFERENCES "public"."educational_courses"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "educational_courses" ADD CONSTRAINT "educational_courses_educator_id_global_users_id_fk" FOREIGN KEY ("educator_id") REFERENCES "public"."global_users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "kyc_status" ADD CONSTRAINT "kyc_status_user_id_global_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."global_users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "kyc_status" ADD CONSTRAINT "kyc_status_reviewed_by_global_users_id_fk" FOREIGN KEY ("reviewed_by") REFERENCES "public"."global_users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "metaverse_avatars" ADD CONSTRAINT "metaverse_avatars_user_id_global_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."global_users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "metaverse_sessions" ADD CONSTRAINT "metaverse_sessions_user_id_global_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."global_users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mfa_factors" ADD CONSTRAINT "mfa_factors_user_id_global_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."global_users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "passkeys" ADD CONSTRAINT "passkeys_user_id_global_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."global_users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "portfolios" ADD CONSTRAINT "portfolios_client_id_global_users_id_fk" FOREIGN KEY ("client_id") REFERENCES "public"."global_users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "refresh_tokens" ADD CONSTRAINT "refresh_tokens_user_id_global_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."global_users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "refresh_tokens" ADD CONSTRAINT "refresh_tokens_replaced_by_refresh_tokens_id_fk" FOREIGN KEY ("replaced_by") REFERENCES "public"."refresh_tokens"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "regional_profiles" ADD CONSTRAINT "regional_profiles_user_id_global_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."global_users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "trading_accounts" ADD CONSTRAINT "trading_accounts_client_id_global_users_id_fk" FOREIGN KEY ("client_id") REFERENCES "public"."global_users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "trading_accounts" ADD CONSTRAINT "trading_accounts_portfolio_id_portfolios_id_fk" FOREIGN KEY ("portfolio_id") REFERENCES "public"."portfolios"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "trading_accounts" ADD CONSTRAINT "trading_accounts_wallet_id_web3_wallets_id_fk" FOREIGN KEY ("wallet_id") REFERENCES "public"."web3_wallets"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "web3_wallets" ADD CONSTRAINT "web3_wallets_user_id_global_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."global_users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "ai_decisions_user_created_idx" ON "ai_decisions" USING btree ("user_id","created_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "audit_log_actor_at_idx" ON "audit_log" USING btree ("actor","at");--> statement-breakpoint
CREATE INDEX "audit_log_target_idx" ON "audit_log" USING btree ("target");--> statement-breakpoint
CREATE INDEX "certificates_issued_queue_idx" ON "certificates_issued" USING btree ("status","next_attempt_at");--> statement-breakpoint
CREATE INDEX "course_enrolments_course_idx" ON "course_enrolments" USING btree ("course_id");--> statement-breakpoint
CREATE INDEX "educational_courses_educator_idx" ON "educational_courses" USING btree ("educator_id");--> statement-breakpoint
CREATE INDEX "kyc_status_status_idx" ON "kyc_status" USING btree ("status");--> statement-breakpoint
CREATE INDEX "login_attempts_email_at_idx" ON "login_attempts" USING btree ("email","at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "login_attempts_ip_at_idx" ON "login_attempts" USING btree ("ip","at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "metaverse_sessions_room_open_idx" ON "metaverse_sessions" USING btree ("room") WHERE "metaverse_sessions"."left_at" IS NULL;--> statement-breakpoint
CREATE INDEX "metaverse_sessions_user_idx" ON "metaverse_sessions" USING btree ("user_id","joined_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "passkeys_user_idx" ON "passkeys" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "refresh_tokens_family_idx" ON "refresh_tokens" USING btree ("family_id");--> statement-breakpoint
CREATE INDEX "refresh_tokens_user_idx" ON "refresh_tokens" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "trading_accounts_portfolio_idx" ON "trading_accounts" USING btree ("portfolio_id");--> statement-breakpoint
CREATE INDEX "trading_accounts_wallet_idx" ON "trading_accounts" USING btree ("wallet_id");--> statement-breakpoint
CREATE INDEX "web3_wallets_user_idx" ON "web3_wallets" USING btree ("user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "white_label_tenants_domain_unique" ON "white_label_tenants" USING btree ("domain");