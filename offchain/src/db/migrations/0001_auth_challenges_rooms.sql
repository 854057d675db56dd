CREATE TABLE "auth_challenges" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"purpose" text NOT NULL,
	"challenge" text NOT NULL,
	"user_id" uuid,
	"expires_at" timestamp with time zone NOT NULL,
	"used_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "auth_challenges_challenge_unique" UNIQUE("challenge"),
	CONSTRAINT "auth_challenges_purpose_valid" CHECK ("auth_challenges"."purpose" IN ('webauthn-register', 'webauthn-login', 'siwe'))
);
--> statement-breakpoint
CREATE TABLE "metaverse_room_members" (
	"room_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"kem_public_key" "bytea" NOT NULL,
	"key_envelope" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "metaverse_room_members_room_user_unique" UNIQUE("room_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "metaverse_rooms" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"host_id" uuid NOT NULL,
	"name" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	CONSTRAINT "metaverse_rooms_expires_after_created" CHECK ("metaverse_rooms"."expires_at" > "metaverse_rooms"."created_at")
);
--> statement-breakpoint
ALTER TABLE "global_users" ALTER COLUMN "password_hash" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "auth_challenges" ADD CONSTRAINT "auth_challenges_user_id_global_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."global_users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "metaverse_room_members" ADD CONSTRAINT "metaverse_room_members_room_id_metaverse_rooms_id_fk" FOREIGN KEY ("room_id") REFERENCES "public"."metaverse_rooms"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "metaverse_room_members" ADD CONSTRAINT "metaverse_room_members_user_id_global_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."global_users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "metaverse_rooms" ADD CONSTRAINT "metaverse_rooms_host_id_global_users_id_fk" FOREIGN KEY ("host_id") REFERENCES "public"."global_users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "auth_challenges_expires_idx" ON "auth_challenges" USING btree ("expires_at");--> statement-breakpoint
CREATE INDEX "metaverse_room_members_user_idx" ON "metaverse_room_members" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "metaverse_rooms_host_idx" ON "metaverse_rooms" USING btree ("host_id");