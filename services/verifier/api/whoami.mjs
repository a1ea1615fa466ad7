// @ts-check
// GET /whoami on Vercel (vercel.json rewrites /whoami here): the verifier as a function of its own project, which
// holds JWKS_URL and nothing else (docs/deploy-vercel.md "The verifier").
import { createVerifier, readConfig } from "../verifier.mjs";

// Module scope: an instance keeps its fetched key set across the requests it serves.
const verifier = createVerifier({ jwksUrl: readConfig(process.env, { requirePort: false }).jwksUrl });

/** @param {Request} request */
export function GET(request) {
  return verifier.whoami(request);
}
