// `npm run keys`: the bearer key ring's tool (docs/key-rotation.md). Never prints a key it did not just make.
//
//   npm run keys -- new [--es256]   a new private signing key for BEARER_SIGNING_KEYS (Ed25519 by default), and its kid
//   npm run keys -- list            the ring in BEARER_SIGNING_KEYS of this environment: kid, algorithm, state
//
// Run with tsx's react-server condition so `server-only` modules load outside Next.js.
import { parseArgs } from "node:util";
import { ConfigError } from "@/lib/server/config-error";
import { newBearerSigningKey, parseBearerKeys } from "@/lib/server/key-config";

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: { es256: { type: "boolean", default: false } },
});

const STATES = {
  next: "published, not signing yet",
  signing: "signs new tokens",
  retiring: "verifies only; remove it once its last token expired",
};

function main(): number {
  const [command] = positionals;
  if (command === "new") {
    const key = newBearerSigningKey(values.es256 ? "ES256" : "EdDSA");
    const [parsed] = parseBearerKeys(key);
    console.log(key);
    console.error(`(${parsed!.alg} key, kid ${parsed!.kid}: keep it secret; publish it first as next:<key>)`);
    return 0;
  }
  if (command === "list") {
    const keys = parseBearerKeys(process.env.BEARER_SIGNING_KEYS);
    for (const key of keys)
      console.log(`${key.kid}  ${key.alg.padEnd(5)}  ${key.state.padEnd(8)}  ${STATES[key.state]}`);
    return 0;
  }
  console.error("Usage: npm run keys -- new [--es256] | npm run keys -- list");
  return 2;
}

try {
  process.exitCode = main();
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  console.error(error.message);
  process.exitCode = 1;
}
