import "server-only";
import { createHash, timingSafeEqual } from "node:crypto";

/**
 * The check of GET /api/cron/prune: `Authorization: Bearer <CRON_SECRET>`, the header Vercel Cron sends. Both sides
 * are hashed first so the comparison is constant-time whatever the lengths (timingSafeEqual needs equal lengths).
 */
export function cronAuthorized(header: string | null, secret: string): boolean {
  if (!header || !header.startsWith("Bearer ")) return false;
  const digest = (value: string) => createHash("sha256").update(value, "utf8").digest();
  return timingSafeEqual(digest(header.slice("Bearer ".length)), digest(secret));
}
