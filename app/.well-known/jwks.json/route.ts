import { bearerJwks, JWKS_MAX_AGE_SECONDS } from "@/lib/token/bearer";
import { refuseOtherMethods, route } from "@/lib/security/http";

export const dynamic = "force-dynamic";

/**
 * GET /.well-known/jwks.json → the public keys that verify our bearer access tokens (RFC 7517): for each key its
 * public members, `kid`, `alg` and `use: "sig"`; never a private member, never a symmetric key. Any service can
 * verify a token with it and nothing else (services/verifier). Cacheable by anyone for JWKS_MAX_AGE_SECONDS: a
 * rotation publishes a new key at least that long (plus the verifiers' refetch cooldown) before signing with it
 * (docs/key-rotation.md). Its Content-Security-Policy is the APIs' (next.config.js).
 */
export const GET = route(async () =>
  Response.json(await bearerJwks(), {
    headers: {
      "Content-Type": "application/jwk-set+json",
      "Cache-Control": `public, max-age=${JWKS_MAX_AGE_SECONDS}`,
    },
  }),
);

export const { POST, PUT, PATCH, DELETE, OPTIONS } = refuseOtherMethods("GET");
