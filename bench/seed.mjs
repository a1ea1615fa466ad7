// Seeding a bench database without the app's sign-in: users, sessions and the credentials that go with them, made
// in SQL (`generate_series`) and in the harness with the bench server's own generated secrets (setup.mjs
// `benchSecrets`). No argon2 per seeded user: every seeded user carries the password hash of the run's first
// signed-up account (the same passphrase), so the users table stays well-formed (its CHECK wants a hash on every
// non-lab account) and a seeded user could sign in like any other.
//
// Seeded rows are marked: users' emails are `bench-seed-<run>-<n>@bench.invalid` (RFC 2606: never a real
// address) and named "Bench seed user"; filler sessions carry the user agent "bench-seed". They live in the run's
// own database, which the run drops at its end.
import { createHash, createPrivateKey, createPublicKey, randomBytes, randomUUID } from "node:crypto";
import { sealData } from "iron-session";
import { calculateJwkThumbprint, exportJWK, SignJWT } from "jose";
import { encode } from "next-auth/jwt";
import pg from "pg";
import { benchSecrets } from "./setup.mjs";

/** A client on the run's Postgres database, closed when the run ends; null on PGlite (the server owns the folder). */
export async function benchDb(ctx) {
  if (ctx.opts.pglite) return null;
  if (ctx.pg) return ctx.pg;
  const client = new pg.Client({ connectionString: ctx.dbEnv.DATABASE_URL });
  await client.connect();
  ctx.pg = client;
  ctx.cleanups.push(() => client.end());
  return client;
}

const DAY = 24 * 60 * 60;

/**
 * `count` new users, marked as seeded; returns their ids and emails in order. One INSERT … SELECT over
 * generate_series, in batches so a large seed never holds one huge statement.
 */
export async function seedUsers(ctx, client, count, label) {
  const { rows: hashRow } = await client.query("SELECT password_hash FROM users WHERE email = $1", [
    ctx.creds.accounts[0],
  ]);
  const hash = hashRow[0].password_hash;
  const run = `${label}-${randomBytes(3).toString("hex")}`;
  const users = [];
  for (let start = 0; start < count; start += 50_000) {
    const n = Math.min(50_000, count - start);
    const { rows } = await client.query(
      `INSERT INTO users (id, email, name, password_hash, updated_at)
       SELECT gen_random_uuid(), 'bench-seed-' || $1 || '-' || g || '@bench.invalid', 'Bench seed user', $2, now()
         FROM generate_series($3::int, $4::int) AS g
       RETURNING id, email`,
      [run, hash, start, start + n - 1],
    );
    users.push(...rows);
  }
  return users;
}

/**
 * `count` filler sessions spread over `users` (round robin), with ids shaped like real ones (64 hex) and expiries
 * ten years ahead, so the retention pass leaves them. Nobody holds their secrets: they only make the table large.
 */
export async function seedFillerSessions(client, users, count) {
  const ids = users.map((u) => u.id);
  for (let start = 0; start < count; start += 200_000) {
    const n = Math.min(200_000, count - start);
    await client.query(
      `INSERT INTO sessions (id, user_id, created_at, last_seen_at, idle_expires_at, absolute_expires_at, user_agent, ip)
       SELECT encode(sha256(convert_to($1 || g, 'UTF8')), 'hex'), ($2::uuid[])[1 + g % cardinality($2::uuid[])],
              now(), now(), now() + interval '10 years', now() + interval '10 years', 'bench-seed', '127.0.0.1'
         FROM generate_series($3::int, $4::int) AS g`,
      [`filler-${randomBytes(6).toString("hex")}-`, ids, start, start + n - 1],
    );
  }
  await client.query("ANALYZE sessions");
}

/**
 * Usable sessions, one per user: a fresh secret each, its row (id = SHA-256 of the secret, as the app stores it)
 * inserted in one statement, and the cookie sealed by the harness with the server's SESSION_SECRET (iron-session
 * password 1, as lib/session/internal/passwords.ts maps it). Returns the `svt_session=…` cookies in user order.
 */
export async function seedSessions(ctx, client, users) {
  const password = { 1: benchSecrets(ctx).SESSION_SECRET };
  const secrets = users.map(() => randomBytes(32).toString("base64url"));
  const ids = secrets.map((s) => createHash("sha256").update(s).digest("hex"));
  for (let start = 0; start < users.length; start += 20_000) {
    await client.query(
      `INSERT INTO sessions (id, user_id, created_at, last_seen_at, idle_expires_at, absolute_expires_at, user_agent, ip)
       SELECT id, user_id, now(), now(), now() + interval '1 day', now() + interval '1 day', 'bench-seed', '127.0.0.1'
         FROM unnest($1::text[], $2::uuid[]) AS t(id, user_id)`,
      [ids.slice(start, start + 20_000), users.slice(start, start + 20_000).map((u) => u.id)],
    );
  }
  const cookies = [];
  for (const secret of secrets) cookies.push(`svt_session=${await sealData({ secret }, { password, ttl: DAY })}`);
  return cookies;
}

/** next-auth session cookies, encoded as Auth.js (and lib/token/jwt/internal/encode.ts) does, with AUTH_SECRET. */
export async function tokenCookies(ctx, users) {
  const secret = benchSecrets(ctx).AUTH_SECRET;
  const now = Math.floor(Date.now() / 1000);
  const cookies = [];
  for (const user of users) {
    const token = await encode({
      token: {
        name: "Bench seed user",
        email: user.email,
        sub: user.id,
        auth_time: now,
        token_version: 0,
        revocation: false,
      },
      secret,
      salt: "authjs.session-token",
      maxAge: DAY,
    });
    cookies.push(`authjs.session-token=${token}`);
  }
  return cookies;
}

/**
 * Bearer access tokens signed with the server's signing key (BEARER_SIGNING_KEYS, one Ed25519 key), with exactly
 * the header and claims lib/token/bearer/internal/access-token.ts signs; `kid` is the key's RFC 7638 thumbprint.
 */
export async function bearerTokens(ctx, users) {
  const privateKey = createPrivateKey({
    key: Buffer.from(benchSecrets(ctx).BEARER_SIGNING_KEYS, "base64url"),
    format: "der",
    type: "pkcs8",
  });
  const kid = await calculateJwkThumbprint(await exportJWK(createPublicKey(privateKey)));
  const iat = Math.floor(Date.now() / 1000);
  const tokens = [];
  for (const user of users) {
    const claims = {
      iss: "sessions-vs-tokens",
      aud: "sessions-vs-tokens:bearer-api",
      sub: user.id,
      iat,
      exp: iat + 3600,
      jti: randomUUID(),
      token_use: "access",
      sid: randomUUID(),
      name: "Bench seed user",
      email: user.email,
    };
    tokens.push(await new SignJWT(claims).setProtectedHeader({ alg: "EdDSA", kid, typ: "at+jwt" }).sign(privateKey));
  }
  return tokens;
}
