import "server-only";

/** The signed-in user of the next-auth JWT area for the current request, or null. (Implemented by the token area.) */
export async function tokenViewer(): Promise<{ userId: string; name: string; email: string } | null> {
  return null;
}
