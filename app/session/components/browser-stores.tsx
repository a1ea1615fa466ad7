import { DateTime } from "@/components/ui/date-time";
import { RevealLink, SecretPolicyNote, SecretValue } from "@/components/ui/secret";
import { SizeBar } from "@/components/ui/size-bar";
import type { SessionDescription } from "@/lib/session";
import { Notes } from "./notes";
import { ColouredSeal, SealLegend } from "./seal-parts";

/** What the browser stores: one cookie, its attributes and size, the seal taken apart and what it unseals to. */
export function BrowserStores({
  browser,
  now,
  revealed,
}: {
  browser: SessionDescription["browser"];
  now: Date;
  revealed: boolean;
}) {
  return (
    <section aria-labelledby="browser-heading" className="card min-w-0 border-t-4 border-t-slate-400">
      <h2 id="browser-heading" className="text-lg font-semibold text-slate-800">
        What the browser stores
      </h2>
      <Notes
        items={[
          [
            "Only a pointer",
            "One cookie holding a sealed 256-bit random secret: no name, no roles, no claims to go stale.",
          ],
          [
            "CSRF exposure",
            "The browser attaches this cookie by itself, so another site could try to make you send it. SameSite=Lax keeps it off cross-site POSTs and fetches, and every state-changing request here must also carry our exact Origin or it is refused (403).",
          ],
          ["HttpOnly", "Scripts cannot read this cookie — which is why this page does not print it unless you ask."],
        ]}
      />
      <div className="mt-4">
        <SecretPolicyNote
          revealed={revealed}
          why="The seal is HttpOnly so that no script can read it; printing it into this page would hand it to any script that runs here, so the server sends the full seal and the secret inside it only when you reveal them."
        >
          <RevealLink
            path="/session"
            revealed={revealed}
            warning="the full seal and the secret it carries will be written into this page, where any script running on it — and anyone who sees your screen — could copy them and be signed in as you until this session ends."
          />
        </SecretPolicyNote>
      </div>
      <h3 className="mt-5 text-sm font-semibold text-slate-800">The cookie</h3>
      <dl className="mt-2 divide-y divide-slate-100 rounded-lg border border-slate-200 text-sm">
        <div className="grid gap-1 px-3 py-2 sm:grid-cols-[7rem_1fr]">
          <dt className="font-medium text-slate-800">Name</dt>
          <dd className="font-mono text-xs" data-testid="cookie-name">
            {browser.cookieName}
          </dd>
        </div>
        {browser.attributes.map((a) => (
          <div
            key={a.name}
            className="grid gap-1 px-3 py-2 sm:grid-cols-[7rem_1fr]"
            data-testid={`cookie-attr-${a.name}`}
          >
            <dt className="font-medium text-slate-800">{a.name}</dt>
            <dd>
              <span className="font-mono text-xs">
                {a.time ? <DateTime value={a.time} now={now} seconds /> : a.value}
              </span>
              <p className="text-xs text-slate-500">{a.why}</p>
            </dd>
          </div>
        ))}
      </dl>
      <div className="mt-3">
        <SizeBar
          bytes={browser.cookieBytes}
          limit={browser.limit}
          tone="session"
          note="name + value"
          label={`Cookie size against the ${browser.limit}-byte limit`}
        />
      </div>

      <h3 className="mt-5 text-sm font-semibold text-slate-800">The raw value: an iron-session seal (Fe26.2)</h3>
      <ColouredSeal seal={browser.seal} parsed={browser.parsed} revealed={revealed} />
      {browser.parsed && (
        <div className="mt-3">
          <SealLegend parsed={browser.parsed} revealed={revealed} />
        </div>
      )}

      <h3 className="mt-5 text-sm font-semibold text-slate-800">Unsealed with SESSION_SECRET</h3>
      <pre className="code mt-2" data-testid="unsealed-content" data-revealed={revealed}>
        {`{"secret":"`}
        <SecretValue value={(JSON.parse(browser.content) as { secret: string }).secret} revealed={revealed} />
        {`"}`}
      </pre>
      <p className="mt-2 text-xs text-slate-600">
        SHA-256 of that secret:{" "}
        <code className="break-all font-mono" data-testid="secret-hash">
          {browser.secretHash}
        </code>{" "}
        {browser.hashMatchesRow ? (
          <span className="badge bg-emerald-100 text-emerald-800">= the row id</span>
        ) : (
          <span className="badge bg-red-100 text-red-800">does not match</span>
        )}
      </p>
    </section>
  );
}
