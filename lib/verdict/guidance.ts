import type { ColumnId, VerdictTable } from "@/lib/verdict/assemble";
import { t, type Text } from "@/lib/verdict/text";

/**
 * When to choose each strategy, written from the table's own cells: every trade-off quotes the cell it rests on
 * (and cites it, so the page can link to it), so the advice changes when a setting or a measurement does.
 */

export type Citation = { row: string; column: ColumnId };
export type Point = { text: Text; cites: Citation[] };
export type Guidance = { column: ColumnId; title: string; choose: Text; points: Point[] };

export function verdictGuidance(table: VerdictTable): Guidance[] {
  const answer = (row: string, column: ColumnId): Text => {
    const found = table.rows.find((r) => r.id === row);
    if (!found) throw new Error(`No verdict row ${row}.`);
    return found.cells[column].answer;
  };
  const point = (text: Text, ...cites: Array<[row: string, column: ColumnId]>): Point => ({
    text,
    cites: cites.map(([row, column]) => ({ row, column })),
  });

  return [
    {
      column: "session",
      title: "Server session",
      choose: t`Choose it when ending a sign-in must really end it — sign-out, a lost device, a password change — and every app instance can reach one database.`,
      points: [
        point(t`A stolen cookie after sign-out: ${answer("stolen-sign-out", "session")}.`, [
          "stolen-sign-out",
          "session",
        ]),
        point(
          t`The price: ${answer("queries", "session")}, on every request.`,
          ["queries", "session"],
          ["time", "session"],
        ),
        point(t`Scale-out: ${answer("scale-out", "session")}.`, ["scale-out", "session"]),
      ],
    },
    {
      column: "jwt",
      title: "next-auth JWT, default mode",
      choose: t`Choose it only where a sign-out that does not end a stolen copy is acceptable — low-stakes reads, short lifetimes — or where instances cannot share a database.`,
      points: [
        point(t`A stolen cookie after sign-out: ${answer("stolen-sign-out", "jwt")}.`, ["stolen-sign-out", "jwt"]),
        point(t`Seeing and ending sign-ins: ${answer("server-control", "jwt")}.`, ["server-control", "jwt"]),
        point(t`What it saves: ${answer("queries", "jwt")}.`, ["queries", "jwt"], ["time", "jwt"]),
      ],
    },
    {
      column: "jwt-revocation",
      title: "next-auth JWT, revocation mode",
      choose: t`Choose it when you already run next-auth JWTs and sign-out must mean it. It costs the session's database read and still cannot end one device: a session is usually the simpler answer.`,
      points: [
        point(t`After sign-out: ${answer("stolen-sign-out", "jwt-revocation")}.`, [
          "stolen-sign-out",
          "jwt-revocation",
        ]),
        point(t`The price: ${answer("queries", "jwt-revocation")}.`, ["queries", "jwt-revocation"]),
        point(t`Control: ${answer("server-control", "jwt-revocation")}.`, ["server-control", "jwt-revocation"]),
      ],
    },
    {
      column: "bearer",
      title: "Bearer tokens",
      choose: t`Choose them for clients that are not browsers — mobile apps, command-line tools, other services — where cookies do not apply. In a browser, keep them out of localStorage.`,
      points: [
        point(t`An injected script reads ${answer("xss", "bearer")}.`, ["xss", "bearer"]),
        point(t`CSRF: ${answer("csrf", "bearer")}.`, ["csrf", "bearer"]),
        point(t`After sign-out — ${answer("stolen-sign-out", "bearer")}.`, ["stolen-sign-out", "bearer"]),
      ],
    },
    {
      column: "hybrid",
      title: "Hybrid",
      choose: t`The usual production answer for a browser app that also calls APIs: a server-side session or refresh family you can end, and short-lived access tokens that other services verify without a lookup.`,
      points: [
        point(t`After sign-out — ${answer("stolen-sign-out", "hybrid")}.`, ["stolen-sign-out", "hybrid"]),
        point(t`Control: ${answer("server-control", "hybrid")}.`, ["server-control", "hybrid"]),
        point(t`An injected script gets ${answer("xss", "hybrid")}: keep the access token's life short.`, [
          "xss",
          "hybrid",
        ]),
      ],
    },
  ];
}
