import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

/**
 * The credential policy (lib/account/credential-policy.ts, SECURITY.md "Credential policy") is the only caller of
 * the functions that mint a credential. The listed files are the areas' own internals that the policy calls (and
 * that define or re-export them); unit tests may call them to build fixtures. lib/account/credential-policy.test.ts
 * proves this rule reports a deliberate violation.
 */
const MINTING_MESSAGE =
  "Mint credentials only through lib/account/credential-policy.ts (SECURITY.md, Credential policy).";
export const MINTING_ALLOWED_FILES = [
  "lib/account/credential-policy.ts",
  "lib/account/token-cookie.ts",
  "lib/account/jwt.ts",
  "lib/session/index.ts",
  "lib/session/create.ts",
  "lib/session/store.ts",
  "lib/token/bearer.ts",
  "lib/token/refresh.ts",
  "**/*.test.ts",
  "test/**",
];
const mint = (name, importNames) => ({ name, ...(importNames ? { importNames } : {}), message: MINTING_MESSAGE });
export const MINTING_IMPORTS = {
  paths: [
    mint("@/lib/session", ["createSession"]),
    mint("@/lib/session/create"),
    // A session is its row: inserting one is minting, whatever seals the cookie.
    mint("@/lib/session/store", ["insertSession"]),
    mint("@/lib/account/jwt"),
    mint("@/lib/account/token-cookie", ["issueTokenCookie"]),
    mint("@/lib/token/bearer", ["signAccessToken"]),
    mint("@/lib/token/refresh", ["issueRefreshToken", "rotateRefreshToken"]),
    mint("next-auth/jwt", ["encode"]),
    mint("@auth/core/jwt", ["encode"]),
    mint("jose", [
      "SignJWT",
      "EncryptJWT",
      "CompactSign",
      "FlattenedSign",
      "GeneralSign",
      "CompactEncrypt",
      "FlattenedEncrypt",
      "GeneralEncrypt",
    ]),
  ],
  patterns: [
    {
      // A relative path to a minting module would dodge the names above: only the @/ alias is allowed for them.
      regex:
        "^\\.{1,2}/(.*/)?(session(/index)?|session/create|session/store|account/jwt|account/token-cookie|token/bearer|token/refresh)$",
      message: `${MINTING_MESSAGE} (Import through the @/ alias.)`,
    },
    {
      // A file path into a package (node_modules/next-auth/jwt.js) would dodge the package names above.
      regex: "(^|/)node_modules/",
      message: `${MINTING_MESSAGE} (Import packages by name, not by file path.)`,
    },
  ],
};

/**
 * `import()` is not an import declaration, so no-restricted-imports does not see it: a dynamic import of a
 * minting module (by name, relative path or file path into node_modules), or of a computed name, is refused outright outside the allowed files.
 */
const MINTING_MODULE_SOURCE =
  "/^(next-auth\\/jwt|@auth\\/core\\/jwt|jose|@\\/lib\\/(session(\\/index|\\/create|\\/store)?|account\\/jwt|account\\/token-cookie|token\\/bearer|token\\/refresh))$|^\\.{1,2}\\/(.*\\/)?(session(\\/index|\\/create|\\/store)?|account\\/jwt|account\\/token-cookie|token\\/bearer|token\\/refresh)$|(^|\\/)node_modules\\//";
export const MINTING_DYNAMIC_IMPORTS = [
  {
    selector: `ImportExpression[source.value=${MINTING_MODULE_SOURCE}]`,
    message: `${MINTING_MESSAGE} (No dynamic import of a minting module.)`,
  },
  {
    selector: "ImportExpression > :not(Literal).source",
    message: `${MINTING_MESSAGE} (A dynamic import needs a literal module name.)`,
  },
];

const config = [
  ...nextVitals,
  ...nextTs,
  {
    ignores: [
      ".next/**",
      ".next-*/**",
      "node_modules/**",
      "generated/**",
      ".data/**",
      "test-results/**",
      "playwright-report/**",
      "next-env.d.ts",
      "bench/results/**",
      ".vercel/**",
    ],
  },
  {
    files: ["**/*.ts", "**/*.tsx", "**/*.mjs", "**/*.js"],
    ignores: MINTING_ALLOWED_FILES,
    rules: {
      "no-restricted-imports": ["error", MINTING_IMPORTS],
      "no-restricted-syntax": ["error", ...MINTING_DYNAMIC_IMPORTS],
    },
  },
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
];

export default config;
