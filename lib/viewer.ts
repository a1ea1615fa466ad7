import "server-only";
import { cache } from "react";
import { sessionViewer } from "@/lib/session/viewer";
import { tokenViewer } from "@/lib/token/viewer";

/**
 * Who is looking at the page, in whichever area this browser is signed in. The header, the home page and
 * settings read it. Each area contributes its own check; at most one run per request (React cache). When a
 * browser is signed in to both areas, the session area wins (the header shows one strategy).
 */
export type Viewer = {
  userId: string;
  name: string;
  email: string;
  /** The mechanism this browser is signed in with. */
  strategy: "session" | "token";
};

export const currentViewer = cache(async (): Promise<Viewer | null> => {
  const session = await sessionViewer();
  if (session) return { ...session, strategy: "session" };
  const token = await tokenViewer();
  if (token) return { ...token, strategy: "token" };
  return null;
});
