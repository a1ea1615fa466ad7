-- Lab identities (issue 16, docs/decisions/0041-lab-identities.md): throw-away accounts the /compare labs act on,
-- owned by the signed-in account that ran the lab. Additive only: existing rows keep their values and meaning.
-- A lab identity has no password (so no sign-in path can ever accept it) and is deleted with its owner.

-- AlterTable: a password hash is now optional — but only a lab identity may lack one, and a lab identity never has one.
ALTER TABLE "users" ALTER COLUMN "password_hash" DROP NOT NULL;

-- AlterTable
ALTER TABLE "users" ADD COLUMN "lab_owner_id" UUID;

-- CreateIndex: the owner's lab identities (the per-owner bound, the cascade) and the hourly prune.
CREATE INDEX IF NOT EXISTS "users_lab_owner_id_created_at_idx" ON "users"("lab_owner_id", "created_at");

-- AddForeignKey: deleting the owner deletes its lab identities (and, by the existing cascades, their rows and log).
ALTER TABLE "users" ADD CONSTRAINT "users_lab_owner_id_fkey" FOREIGN KEY ("lab_owner_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- A row is either a real account (a password hash, no owner) or a lab identity (an owner, no password hash).
ALTER TABLE "users" ADD CONSTRAINT "users_password_xor_lab_owner" CHECK (("password_hash" IS NULL) = ("lab_owner_id" IS NOT NULL));

-- AlterTable: a session's own idle window, when it is shorter than the configured one (only a lab identity's
-- sessions get one, through the credential policy). NULL: the configured SESSION_IDLE_TIMEOUT, as before.
ALTER TABLE "sessions" ADD COLUMN "idle_seconds" INTEGER;
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_idle_seconds_positive" CHECK ("idle_seconds" IS NULL OR "idle_seconds" > 0);
