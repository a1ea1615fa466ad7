// @ts-check
// GET /health on Vercel (vercel.json rewrites /health here).
import { createVerifier, readConfig } from "../verifier.mjs";

const verifier = createVerifier({ jwksUrl: readConfig(process.env, { requirePort: false }).jwksUrl });

export function GET() {
  return verifier.health();
}
