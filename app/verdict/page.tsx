import type { Metadata } from "next";
import Link from "next/link";
import { headers } from "next/headers";
import { connection } from "next/server";
import { DateTime } from "@/components/ui/date-time";
import { Unavailable } from "@/components/ui/unavailable";
import { findUser } from "@/lib/accounts/users";
import { isHttps } from "@/lib/security/origin";
import { isDatabaseUnavailable } from "@/lib/server/outage";
import { currentViewer } from "@/lib/strategy/viewer";
import { COLUMNS, VERDICT_LABS, type VerdictTable } from "@/lib/verdict/assemble";
import { verdictGuidance } from "@/lib/verdict/guidance";
import { verdictTable } from "@/lib/verdict/table";
import { CellView, TONE_STYLE } from "./components/cell";
import { RunAllLabs, type RunAllLab } from "./components/run-all";
import { TextView } from "./components/text";

export const metadata: Metadata = { title: "Verdict" };

const cellId = (row: string, column: string) => `cell-${row}-${column}`;
/** The table's grid from xl: the question, then one column per strategy. */
const GRID = "xl:grid xl:grid-cols-[10rem_repeat(5,minmax(0,1fr))] xl:border-x xl:border-b xl:border-slate-200";

function ColumnName({ column, mode }: { column: (typeof COLUMNS)[number]; mode: string | null }) {
  return (
    <>
      <span className="block text-sm font-semibold text-slate-900">{column.title}</span>
      <span className="block text-xs font-normal text-slate-600">{column.subtitle}</span>
      {mode === column.id && <span className="badge mt-1 bg-token-100 text-token-900">your account&apos;s mode</span>}
    </>
  );
}

/** The labs that measure a cell of the table today, in the table's order: what "Run all labs" runs. */
const MEASURING_LABS: RunAllLab[] = Object.entries(VERDICT_LABS)
  .filter(([, lab]) => lab.available)
  .map(([name, lab]) => ({ name, title: lab.title }));

/** The account's JWT mode, to mark "your mode" in the table; null when signed out. */
async function viewerJwtMode(): Promise<"jwt" | "jwt-revocation" | null> {
  const viewer = await currentViewer().catch(() => null);
  if (!viewer) return null;
  const user = await findUser(viewer.userId).catch(() => null);
  return user ? (user.jwtRevocation ? "jwt-revocation" : "jwt") : null;
}

function Summary({ table, now }: { table: VerdictTable; now: Date }) {
  return (
    <p className="text-sm text-slate-700" data-testid="verdict-summary">
      {table.measured === 0 ? (
        <>
          No cell is measured on this deployment yet: {table.measurable} cells can be. Until then each shows what the
          configuration promises, and says so.{" "}
        </>
      ) : (
        <>
          {table.measured} of {table.measurable} measurable cells are measured on this deployment; the newest{" "}
          <DateTime value={table.lastMeasuredAt!} now={now} />.{" "}
        </>
      )}
      {table.measured === table.measurable ? (
        <>
          Each lab on{" "}
          <Link className="link" href="/compare">
            /compare
          </Link>{" "}
          shows its full result.
        </>
      ) : (
        <>
          <Link className="link" href="/compare">
            Run the labs
          </Link>{" "}
          to measure them.
        </>
      )}
    </p>
  );
}

/** /verdict: the decision table — a row per question, a column per strategy — and when to choose which. */
export default async function VerdictPage() {
  await connection();
  const now = new Date();
  let table: VerdictTable;
  try {
    table = await verdictTable({ https: isHttps(await headers()), now });
  } catch (error) {
    if (isDatabaseUnavailable(error)) {
      return <Unavailable>The verdict reads this deployment&apos;s measurements from the database.</Unavailable>;
    }
    throw error;
  }
  const mode = await viewerJwtMode();
  const signedIn = mode !== null;
  const guidance = verdictGuidance(table);

  return (
    <div className="space-y-8">
      <header className="space-y-3">
        <h1 className="text-2xl font-bold tracking-tight sm:text-3xl">Verdict: which one, when</h1>
        <p className="max-w-3xl text-slate-600">
          The trade-offs in one table. Every cell says where its answer comes from: <strong>measured</strong> on this
          deployment by a lab (and when), or <strong>from configuration</strong> — the setting or code it follows, and
          the test that proves it.
        </p>
        <Summary table={table} now={now} />
        <RunAllLabs labs={MEASURING_LABS} enabled={signedIn} />
        <ul className="flex flex-wrap gap-x-4 gap-y-1 text-xs text-slate-700" aria-label="Legend">
          {(["good", "limited", "risk"] as const).map((tone) => (
            <li key={tone}>
              <span className={`badge ${TONE_STYLE[tone].badge}`}>{TONE_STYLE[tone].word}</span>{" "}
              {tone === "good"
                ? "what a careful system does"
                : tone === "limited"
                  ? "a copy works for a short, bounded time"
                  : "a copy works for hours or more, or is exposed"}
            </li>
          ))}
        </ul>
      </header>

      <section aria-labelledby="table-heading">
        <h2 id="table-heading" className="sr-only">
          The decision table
        </h2>
        {/*
          One table for every width: from xl a grid with a header row; below it each question is a card whose cells
          name their column. ARIA table roles keep it a table for assistive technology either way.
        */}
        <div
          role="table"
          aria-labelledby="table-heading"
          data-testid="verdict-table"
          className="space-y-4 xl:space-y-0"
        >
          <div role="rowgroup" className="hidden xl:block">
            <div role="row" className={`${GRID} rounded-t-xl border border-slate-200 bg-slate-100`}>
              <span role="columnheader" className="px-3 py-3 text-xs font-semibold text-slate-700">
                Question
              </span>
              {COLUMNS.map((column) => (
                <span key={column.id} role="columnheader" className="px-3 py-3" data-testid="verdict-column">
                  <ColumnName column={column} mode={mode} />
                </span>
              ))}
            </div>
          </div>
          <div role="rowgroup" className="space-y-4 xl:space-y-0">
            {table.rows.map((row) => (
              <div
                key={row.id}
                role="row"
                className={`card p-4 xl:rounded-none xl:border-t-0 xl:p-0 xl:shadow-none xl:last:rounded-b-xl ${GRID}`}
                data-testid="verdict-row"
                data-row={row.id}
              >
                <div role="rowheader" className="xl:px-3 xl:py-3">
                  <h3 className="text-base font-semibold text-slate-900 xl:text-sm">{row.question}</h3>
                  {row.note && (
                    <p className="mt-1 text-xs text-slate-600">
                      <TextView text={row.note} />
                    </p>
                  )}
                </div>
                <div className="mt-3 grid gap-4 sm:grid-cols-2 lg:grid-cols-3 xl:contents">
                  {COLUMNS.map((column) => {
                    const cell = row.cells[column.id];
                    return (
                      <div
                        key={column.id}
                        role="cell"
                        className="xl:px-3 xl:py-3"
                        data-testid="verdict-cell"
                        data-row={row.id}
                        data-column={column.id}
                        data-source={cell.source.kind}
                        data-measured-at={cell.source.kind === "measured" ? cell.source.at.toISOString() : undefined}
                        data-tone={cell.tone}
                      >
                        <p className="mb-1 xl:hidden">
                          <ColumnName column={column} mode={mode} />
                        </p>
                        <CellView cell={cell} now={now} id={cellId(row.id, column.id)} />
                      </div>
                    );
                  })}
                </div>
              </div>
            ))}
          </div>
        </div>
      </section>

      <section aria-labelledby="guidance-heading" className="space-y-4">
        <h2 id="guidance-heading" className="text-xl font-semibold">
          When to choose which
        </h2>
        <p className="max-w-3xl text-sm text-slate-600">
          Each point quotes a cell of the table above, so it follows your settings and this deployment&apos;s
          measurements.
        </p>
        <div className="grid gap-4 md:grid-cols-2 xl:grid-cols-3">
          {guidance.map((g) => (
            <article
              key={g.column}
              className="card space-y-3"
              aria-labelledby={`guide-${g.column}`}
              data-testid="guidance"
            >
              <h3 id={`guide-${g.column}`} className="font-semibold text-slate-900">
                {g.title}
              </h3>
              <p className="text-sm text-slate-800">
                <TextView text={g.choose} />
              </p>
              <ul className="list-disc space-y-1 pl-5 text-sm text-slate-700">
                {g.points.map((p, i) => (
                  <li key={i}>
                    <TextView text={p.text} />
                    {p.cites.map((c) => (
                      <span key={`${c.row}-${c.column}`}>
                        {" "}
                        <a className="link text-xs" href={`#${cellId(c.row, c.column)}`}>
                          [{table.rows.find((r) => r.id === c.row)?.short}]
                        </a>
                      </span>
                    ))}
                  </li>
                ))}
              </ul>
            </article>
          ))}
        </div>
      </section>
    </div>
  );
}
