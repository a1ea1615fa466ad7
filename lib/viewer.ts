import "server-only";
import { cache } from "react";

/**
 * Who is looking at the page, in whichever area they are signed in. The header, the home page and settings
 * read it. Each area contributes its own check (lib/session, lib/token); at most one run per request (React
 * cache).
 */
export type Viewer = {
  userId: string;
  name: string;
  email: string;
  /** The mechanism this browser is signed in with. */
  strategy: "session" | "token";
};

export const currentViewer = cache(async (): Promise<Viewer | null> => {
  return null;
});
