-- The verdict's measured cells (lib/verdict/store.ts): one row per measurement key, upserted. Additive only;
-- written with prisma migrate diff from the previous schema.
-- CreateTable
CREATE TABLE "verdict_measurements" (
    "key" TEXT NOT NULL,
    "value" JSONB NOT NULL,
    "lab" TEXT NOT NULL,
    "settings" JSONB NOT NULL,
    "measured_at" TIMESTAMPTZ(3) NOT NULL,
    CONSTRAINT "verdict_measurements_pkey" PRIMARY KEY ("key")
);
