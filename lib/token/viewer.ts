import "server-only";
import { readTokenSession } from "@/lib/token/read";

/**
 * The signed-in user of the next-auth JWT area for the current request, or null. Identity comes from the
 * token's claims (no database read in the default mode). Never throws, except DatabaseUnavailableError when a
 * revocation-mode token cannot be checked.
 */
export async function tokenViewer(): Promise<{ userId: string; name: string; email: string } | null> {
  const session = await readTokenSession();
  if (!session) return null;
  const { sub, name, email } = session.claims;
  return { userId: sub, name, email };
}
