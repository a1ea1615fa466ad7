import { decode, encode } from "next-auth/jwt";

/**
 * A lab identity's next-auth JWT as a thief who captured it would hold it (e2e/lab-credential-review.spec.ts): the
 * claims the credential policy's `mintLabCredentials` gives a lab device's default-mode JWT, encrypted with the test
 * server's AUTH_SECRET under the cookie's name. Lab credentials never leave the server, so a test that asks what a
 * captured one can reach has to make it here.
 */
export async function capturedLabJwt(
  identity: { id: string; name: string; email: string },
  { secret, cookieName, lifetime }: { secret: string; cookieName: string; lifetime: number },
): Promise<{ jwt: string; labEnd: number }> {
  const now = Math.floor(Date.now() / 1000);
  const token = {
    name: identity.name,
    email: identity.email,
    sub: identity.id,
    auth_time: now,
    token_version: 0,
    revocation: false,
    lab_end: now + lifetime,
  };
  return { jwt: await encode({ token, secret, salt: cookieName, maxAge: lifetime }), labEnd: token.lab_end };
}

/** The claims of a next-auth JWT cookie, or null. */
export async function jwtClaims(jwt: string, { secret, cookieName }: { secret: string; cookieName: string }) {
  return (await decode({ token: jwt, secret, salt: cookieName })) as { sub?: string; lab_end?: number } | null;
}
