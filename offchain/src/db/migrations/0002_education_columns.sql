-- Real columns for what the education routes kept in JSON until now: a course's certificate chain (a
-- first `modules` element {"kind": "course-settings", "certificate_chain_id": n}) and a certificate's
-- recipient wallet (the enrolment's `progress` key "recipient"). Rows written that way are carried over.
ALTER TABLE "educational_courses" ADD COLUMN "certificate_chain_id" integer;--> statement-breakpoint
UPDATE "educational_courses"
SET
	"certificate_chain_id" = CASE
		WHEN "modules" -> 0 ->> 'certificate_chain_id' ~ '^[1-9][0-9]{0,9}$' THEN CASE
			WHEN ("modules" -> 0 ->> 'certificate_chain_id')::bigint <= 2147483647 THEN ("modules" -> 0 ->> 'certificate_chain_id')::integer
		END
	END,
	"modules" = "modules" - 0
WHERE jsonb_typeof("modules" -> 0) = 'object' AND "modules" -> 0 ->> 'kind' = 'course-settings';--> statement-breakpoint
ALTER TABLE "certificates_issued" ADD COLUMN "recipient" text;--> statement-breakpoint
ALTER TABLE "certificates_issued" ADD COLUMN "metadata_cid" text;--> statement-breakpoint
UPDATE "certificates_issued"
SET "recipient" = "course_enrolments"."progress" ->> 'recipient'
FROM "course_enrolments"
WHERE "course_enrolments"."id" = "certificates_issued"."enrolment_id"
	AND "course_enrolments"."progress" ->> 'recipient' ~ '^0x[0-9a-f]{40}$';--> statement-breakpoint
-- A certificate without a recipient could never be minted (the issuer failed it: "no recipient wallet").
-- A confirmed one always had one; should one lack it, SET NOT NULL below fails and nothing is applied.
DELETE FROM "certificates_issued" WHERE "recipient" IS NULL AND "status" <> 'confirmed';--> statement-breakpoint
UPDATE "course_enrolments" SET "progress" = "progress" - 'recipient' WHERE ("progress" -> 'recipient') IS NOT NULL;--> statement-breakpoint
ALTER TABLE "certificates_issued" ALTER COLUMN "recipient" SET NOT NULL;--> statement-breakpoint
CREATE INDEX "certificates_issued_recipient_idx" ON "certificates_issued" USING btree ("recipient");--> statement-breakpoint
ALTER TABLE "certificates_issued" ADD CONSTRAINT "certificates_issued_recipient_hex" CHECK ("certificates_issued"."recipient" ~ '^0x[0-9a-f]{40}$');--> statement-breakpoint
ALTER TABLE "certificates_issued" ADD CONSTRAINT "certificates_issued_metadata_cid_length" CHECK ("certificates_issued"."metadata_cid" IS NULL OR length("certificates_issued"."metadata_cid") BETWEEN 1 AND 128);--> statement-breakpoint
ALTER TABLE "educational_courses" ADD CONSTRAINT "educational_courses_certificate_chain_id_positive" CHECK ("educational_courses"."certificate_chain_id" IS NULL OR "educational_courses"."certificate_chain_id" > 0);
