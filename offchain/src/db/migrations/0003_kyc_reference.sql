-- KYC submissions get their own columns. Before this migration, registration created a `pending` row
-- for every user and a submission stored the provider's case reference in `reason`; now a row exists
-- only once the user has submitted, and `reference` / `submitted_at` hold the submission.
ALTER TABLE "kyc_status" ADD COLUMN "reference" text;--> statement-breakpoint
ALTER TABLE "kyc_status" ADD COLUMN "submitted_at" timestamp with time zone DEFAULT now();--> statement-breakpoint
UPDATE "kyc_status" SET "reference" = "reason", "reason" = NULL, "submitted_at" = "updated_at" WHERE "status" = 'pending' AND "reason" IS NOT NULL;--> statement-breakpoint
DELETE FROM "kyc_status" WHERE "status" = 'pending' AND "reference" IS NULL;--> statement-breakpoint
UPDATE "kyc_status" SET "reference" = 'unknown (decided before submissions were recorded)', "submitted_at" = coalesce("reviewed_at", "updated_at") WHERE "reference" IS NULL;--> statement-breakpoint
ALTER TABLE "kyc_status" ALTER COLUMN "reference" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "kyc_status" ALTER COLUMN "submitted_at" SET NOT NULL;--> statement-breakpoint
CREATE INDEX "kyc_status_queue_idx" ON "kyc_status" USING btree ("status","submitted_at","user_id");--> statement-breakpoint
ALTER TABLE "kyc_status" ADD CONSTRAINT "kyc_status_reference_nonempty" CHECK (length("kyc_status"."reference") > 0);
