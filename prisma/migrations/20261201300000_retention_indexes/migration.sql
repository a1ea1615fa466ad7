-- Retention (lib/retention/prune.ts): indexes for the bounded prune deletes. Additive only. IF NOT EXISTS so an
-- operator with large tables can build them first with CREATE INDEX CONCURRENTLY under the same names.
-- CreateIndex
CREATE INDEX IF NOT EXISTS "sessions_idle_expires_at_idx" ON "sessions"("idle_expires_at");

-- CreateIndex
CREATE INDEX IF NOT EXISTS "sessions_absolute_expires_at_idx" ON "sessions"("absolute_expires_at");

-- CreateIndex
CREATE INDEX IF NOT EXISTS "refresh_tokens_expires_at_idx" ON "refresh_tokens"("expires_at");

-- CreateIndex
CREATE INDEX IF NOT EXISTS "refresh_tokens_revoked_at_idx" ON "refresh_tokens"("revoked_at");

-- CreateIndex
CREATE INDEX IF NOT EXISTS "auth_events_created_at_idx" ON "auth_events"("created_at");

