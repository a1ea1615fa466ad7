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
    mint("@/lib/account/jwt"),
    mint("@/lib/account/token-cookie", ["issueTokenCookie"]),
    mint("@/lib/token/bearer", ["signAccessToken"]),
    mint("@/lib/token/refresh", ["issueRefreshToken", "rotateRefreshToken"]),
    mint("next-auth/jwt", ["encode"]),
    mint("@auth/core/jwt", ["encode"]),
    mint("jose", ["SignJWT", "EncryptJWT", "CompactSign", "FlattenedSign", "GeneralSign", "CompactEncrypt"]),
  ],
  patterns: [
    {
      // A relative path to a minting module would dodge the names above: only the @/ alias is allowed for them.
      regex:
        "^\\.{1,2}/(.*/)?(session(/index)?|session/create|account/jwt|account/token-cookie|token/bearer|token/refresh)$",
      message: `${MINTING_MESSAGE} (Import through the @/ alias.)`,
    },
  ],
};

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
    rules: { "no-restricted-imports": ["error", MINTING_IMPORTS] },
  },
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
];

export default config;
