/**
 * Where this deployment's source can be read: the base URL a repository path is appended to, so a panel can link
 * `lib/labs/replay.ts` to the exact file (docs/decisions/0107-panels-lead-to-code.md).
 *
 * - `SOURCE_URL`: set it to the repository's file view at a branch or commit, e.g.
 *   `https://github.com/you/sessions-vs-tokens/blob/main` — paths are appended after a slash.
 * - On Vercel, unset: derived from the Git variables Vercel exposes (VERCEL_GIT_PROVIDER, VERCEL_GIT_REPO_OWNER,
 *   VERCEL_GIT_REPO_SLUG, VERCEL_GIT_COMMIT_SHA), pinned to the deployed commit.
 * - Otherwise null: the panels show the paths without links.
 *
 * Pure, so it is unit-tested with any environment (lib/server/source-url.test.ts).
 */

type Vars = Record<string, string | undefined>;

const PROVIDERS: Record<string, (owner: string, slug: string, ref: string) => string> = {
  github: (owner, slug, ref) => `https://github.com/${owner}/${slug}/blob/${ref}`,
  gitlab: (owner, slug, ref) => `https://gitlab.com/${owner}/${slug}/-/blob/${ref}`,
  bitbucket: (owner, slug, ref) => `https://bitbucket.org/${owner}/${slug}/src/${ref}`,
};

const SAFE = /^[\w.-]+$/;

export function sourceBaseUrl(vars: Vars): string | null {
  const explicit = vars.SOURCE_URL?.trim();
  if (explicit) {
    try {
      const url = new URL(explicit);
      if (url.protocol !== "https:" && url.protocol !== "http:") return null;
      return url.href.replace(/\/+$/, "");
    } catch {
      return null;
    }
  }
  const provider = vars.VERCEL_GIT_PROVIDER?.toLowerCase();
  const owner = vars.VERCEL_GIT_REPO_OWNER;
  const slug = vars.VERCEL_GIT_REPO_SLUG;
  const ref = vars.VERCEL_GIT_COMMIT_SHA || vars.VERCEL_GIT_COMMIT_REF;
  const make = provider ? PROVIDERS[provider] : undefined;
  if (!make || !owner || !slug || !ref || ![owner, slug].every((part) => SAFE.test(part))) return null;
  if (!/^[\w./-]+$/.test(ref)) return null;
  return make(owner, slug, ref);
}

/** The link to a repository path, or null when no source URL is known. */
export function sourceLink(base: string | null, path: string): string | null {
  return base ? `${base}/${path.replace(/^\/+/, "")}` : null;
}

/** This deployment's source base URL, from its environment (SOURCE_URL, else Vercel's Git variables). */
export function deploymentSourceUrl(): string | null {
  return sourceBaseUrl(process.env);
}
