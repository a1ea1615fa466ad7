import "server-only";
import { DatabaseUnavailableError, isDatabaseUnavailable } from "@/lib/db";
import { currentSession } from "@/lib/session/read";

/**
 * The signed-in user of the session area for the current request, or null. Never throws, except
 * DatabaseUnavailableError when the database cannot be reached (fail closed: the caller shows the outage).
 */
export async function sessionViewer(): Promise<{ userId: string; name: string; email: string } | null> {
  try {
    const read = await currentSession();
    if (read.status !== "signed-in") return null;
    return { userId: read.user.id, name: read.user.name, email: read.user.email };
  } catch (error) {
    if (isDatabaseUnavailable(error)) {
      throw error instanceof DatabaseUnavailableError
        ? error
        : new DatabaseUnavailableError("The database is unavailable.", { cause: error });
    }
    console.error("Reading the session failed:", error);
    return null;
  }
}
