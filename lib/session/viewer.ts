import "server-only";

/** The signed-in user of the session area for the current request, or null. (Implemented by the session area.) */
export async function sessionViewer(): Promise<{ userId: string; name: string; email: string } | null> {
  return null;
}
