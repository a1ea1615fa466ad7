-- AlterTable
ALTER TABLE "rate_limits" ADD COLUMN     "scope" TEXT;

-- CreateIndex
CREATE INDEX "rate_limits_scope_idx" ON "rate_limits"("scope");

