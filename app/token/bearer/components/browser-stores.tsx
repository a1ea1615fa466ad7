import { Countdown } from "@/components/ui/countdown";
import { DateTime } from "@/components/ui/date-time";
import { fromEpochSeconds } from "@/components/ui/format";
import { Json } from "@/components/ui/json";
import { RevealToggle } from "@/components/ui/reveal-toggle";
import { SecretPolicyNote, SecretValue } from "@/components/ui/secret";
import { ACCESS_KEY, REFRESH_KEY, type StoredTokens } from "@/lib/token/bearer/client";
import type { Verified } from "./use-bearer-lab";

/**
 * What the browser stores: both tokens as localStorage holds them. The access token is shown raw, its three parts
 * coloured; what it says comes from the server's verification (GET /api/bearer/me), never from decoding it here.
 */
export function BrowserStores({
  tokens,
  verified,
  revealed,
  onReveal,
}: {
  tokens: StoredTokens;
  verified: Verified | null;
  revealed: boolean;
  onReveal: (revealed: boolean) => void;
}) {
  // Cut at the dots only to colour the raw string; nothing is decoded.
  const [header, payload, signature] = tokens.accessToken.split(".");
  return (
    <section aria-labelledby="bearer-browser" className="card min-w-0 space-y-4 border-t-4 border-t-token-500">
      <h2 id="bearer-browser" className="text-lg font-semibold">
        What the browser stores
      </h2>
      <div>
        <h3 className="text-sm font-semibold">
          <code>localStorage[&quot;{ACCESS_KEY}&quot;]</code> — the access token (JWS)
        </h3>
        <p className="code mt-2" data-testid="access-token" data-revealed={revealed}>
          <SecretValue className="text-rose-300" value={header ?? ""} revealed={revealed} />.
          <SecretValue className="text-violet-300" value={payload ?? ""} revealed={revealed} />.
          <SecretValue className="text-sky-300" value={signature ?? ""} revealed={revealed} />
        </p>
        <p className="mt-1 text-xs text-slate-500">
          {tokens.accessToken.length} bytes, sent as <code>Authorization: Bearer …</code>. Header, payload and signature
          are only base64url: anyone holding it can read the claims — the signature stops changes, not reading.
        </p>
      </div>
      <SecretPolicyNote
        revealed={revealed}
        why="Unlike the cookies of the other two pages, both tokens already sit in localStorage, where any script on this origin can read them in full (the third-party script below does): hiding them here protects only your screen — from screenshots, screen sharing and people looking over your shoulder."
      >
        <RevealToggle
          revealed={revealed}
          onChange={onReveal}
          warning="both tokens will be shown in full on screen. Anyone who copies them can call the API as you — the access token for minutes, the refresh token for days, until you sign out."
        />
      </SecretPolicyNote>
      {verified ? (
        <Verification verified={verified} revealed={revealed} />
      ) : (
        <p className="text-sm text-slate-500">
          The server did not accept this access token, so there is nothing verified to show.
        </p>
      )}
      <div>
        <h3 className="text-sm font-semibold">
          <code>localStorage[&quot;{REFRESH_KEY}&quot;]</code> — the refresh token
        </h3>
        <p className="code mt-2" data-testid="refresh-token" data-revealed={revealed}>
          <SecretValue value={tokens.refreshToken} revealed={revealed} />
        </p>
        <p className="mt-1 text-xs text-slate-500">
          Opaque random bytes, not a JWT: it means something only to our database, and it can never pass as an access
          token.
        </p>
      </div>
    </section>
  );
}

function Verification({ verified, revealed }: { verified: Verified; revealed: boolean }) {
  const { token } = verified.me;
  return (
    <div className="space-y-3">
      <div>
        <h3 className="text-sm font-semibold">Header (verified by the server)</h3>
        <Json value={token.header} testId="access-header" />
      </div>
      <div>
        <h3 className="text-sm font-semibold">Payload (verified by the server)</h3>
        <Json value={token.claims} testId="access-claims" />
      </div>
      <div>
        <h3 className="text-sm font-semibold">Signature</h3>
        <p className="code" data-testid="access-signature">
          {token.header.alg}(base64url(header) + &quot;.&quot; + base64url(payload), private key{" "}
          <code>{token.header.kid}</code>) = <SecretValue value={token.signature} revealed={revealed} />
        </p>
        <p className="mt-1 text-xs text-slate-500">
          Signed with the private key the header&apos;s <code>kid</code> names; its public half is published at{" "}
          <a className="link" href="/.well-known/jwks.json">
            /.well-known/jwks.json
          </a>
          , so any service can verify the token without a secret. Only that key&apos;s own algorithm is accepted, and{" "}
          <code>iss</code>, <code>aud</code>, <code>exp</code>, <code>iat</code>, <code>jti</code>, <code>sub</code>{" "}
          must all be present and right.
        </p>
      </div>
      <p className="text-sm">
        Access token expires{" "}
        <Countdown
          until={fromEpochSeconds(token.claims.exp)}
          now={verified.checkedAt}
          expiredText="expired — refresh it"
          testId="access-countdown"
        />
        {" · "}
        <span className="text-slate-500">
          issued <DateTime value={fromEpochSeconds(token.claims.iat)} now={verified.checkedAt} seconds />
        </span>
      </p>
    </div>
  );
}
