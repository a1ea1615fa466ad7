import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

/*
 * Three architecture rules live here, each proven by a test that lints deliberate violations:
 *   1. The credential policy (lib/strategy/credential-policy.test.ts): only the policy mints credentials.
 *   2. The layout's boundaries (test/boundaries.test.ts; docs/decisions/0100-code-layout.md): which folder may
 *      import which.
 *   3. The separate verifier (test/boundaries.test.ts): services/verifier imports nothing of the app.
 */

// --- 1. The credential policy ------------------------------------------------------------------------------

/**
 * The credential policy (lib/strategy/credential-policy.ts, SECURITY.md "Credential policy") is the only caller of
 * the functions that mint a credential. The listed files are the areas' own files that define or re-export them;
 * unit tests may call them to build fixtures, and the benchmark's seeding makes credentials for its throw-away database.
 */
const MINTING_MESSAGE =
  "Mint credentials only through lib/strategy/credential-policy.ts (SECURITY.md, Credential policy).";
export const MINTING_ALLOWED_FILES = [
  "lib/strategy/credential-policy.ts",
  "lib/session/index.ts",
  "lib/session/create.ts",
  "lib/session/internal/store.ts",
  "lib/token/jwt/index.ts",
  "lib/token/jwt/create.ts",
  "lib/token/jwt/internal/encode.ts",
  "lib/token/bearer/index.ts",
  "lib/token/bearer/create.ts",
  "lib/token/bearer/refresh.ts",
  "lib/token/bearer/internal/access-token.ts",
  "lib/token/bearer/internal/refresh-store.ts",
  "**/*.test.ts",
  "test/**",
  // The benchmark's seeding (issue 19): 20 000 credentials of each kind made outside the app, with the bench
  // server's own generated secrets, against the run's own throw-away database. Never imported by the app.
  "bench/seed.mjs",
];
const mint = (name, importNames) => ({ name, ...(importNames ? { importNames } : {}), message: MINTING_MESSAGE });
/** The modules that mint, as the paths below name them (for the relative-path and dynamic-import checks). */
const MINTING_MODULES = [
  "session",
  "session/index",
  "session/create",
  "session/internal/store",
  "token/jwt",
  "token/jwt/index",
  "token/jwt/create",
  "token/jwt/internal/encode",
  "token/bearer",
  "token/bearer/index",
  "token/bearer/create",
  "token/bearer/refresh",
  "token/bearer/internal/access-token",
  "token/bearer/internal/refresh-store",
];
const MINTING_MODULE_PATTERN = MINTING_MODULES.join("|");
export const MINTING_IMPORTS = {
  paths: [
    mint("@/lib/session", ["createSession"]),
    mint("@/lib/session/create"),
    // A session is its row: inserting one is minting, whatever seals the cookie.
    mint("@/lib/session/internal/store", ["insertSession", "insertSessionLogged"]),
    mint("@/lib/token/jwt", ["createJwt", "encodeJwt"]),
    mint("@/lib/token/jwt/create", ["createJwt", "encodeJwt"]),
    mint("@/lib/token/jwt/internal/encode"),
    mint("@/lib/token/bearer", ["createBearer", "rotateBearer"]),
    mint("@/lib/token/bearer/create"),
    mint("@/lib/token/bearer/refresh"),
    mint("@/lib/token/bearer/internal/access-token", ["signAccessToken"]),
    mint("@/lib/token/bearer/internal/refresh-store", ["issueRefreshToken", "rotateRefreshToken"]),
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
      regex: `^\\.{1,2}/(.*/)?(${MINTING_MODULE_PATTERN})$`,
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
 * minting module (by name, relative path or file path into node_modules), or of a computed name, is refused
 * outright outside the allowed files.
 */
const escapeForSelector = (pattern) => pattern.replaceAll("/", "\\/");
const MINTING_MODULE_SOURCE = `/^(next-auth\\/jwt|@auth\\/core\\/jwt|jose|@\\/lib\\/(${escapeForSelector(MINTING_MODULE_PATTERN)}))$|^\\.{1,2}\\/(.*\\/)?(${escapeForSelector(MINTING_MODULE_PATTERN)})$|(^|\\/)node_modules\\//`;
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

// --- 2. The layout's boundaries ----------------------------------------------------------------------------

/**
 * docs/decisions/0100-code-layout.md. Layers, from the bottom: lib/server (database, configuration, start-up) →
 * lib/security, lib/retention → lib/accounts (strategy-free) → the areas lib/session, lib/token/jwt,
 * lib/token/bearer (independent of each other) → lib/strategy (the only place that knows both strategies) →
 * lib/verdict (the decision table and its measurements) → lib/labs → app/ and components/. A zone says what a folder may never import; paths are resolved, so relative
 * paths, the @/ alias, re-exports and literal dynamic imports are all checked.
 */
const AREAS = {
  session: { dir: "./lib/session", public: ["./index.ts"] },
  jwt: { dir: "./lib/token/jwt", public: ["./index.ts", "./nextauth.ts"] },
  bearer: { dir: "./lib/token/bearer", public: ["./index.ts", "./client.ts"] },
};
const AREA_DIRS = Object.values(AREAS).map((a) => a.dir);
const LAYOUT = "(docs/decisions/0100-code-layout.md)";
/** Outside an area, only its public files: the index façade (and the JWT area's Auth.js instance, the bearer client). */
const onlyPublic = (target, who) =>
  Object.entries(AREAS).map(([name, area]) => ({
    target,
    from: area.dir,
    except: area.public,
    message: `${who} imports the ${name} area only through its public files (${area.public.join(", ")} of ${area.dir}) ${LAYOUT}.`,
  }));
export const BOUNDARY_ZONES = [
  // lib never imports app/ or components/.
  { target: "./lib", from: ["./app", "./components"], message: `lib/ never imports app/ or components/ ${LAYOUT}.` },
  { target: "./components", from: "./app", message: `components/ never import app/ ${LAYOUT}.` },
  // The areas are independent: session ↛ token, token ↛ session, JWT ↛ bearer, bearer ↛ JWT.
  {
    target: AREAS.session.dir,
    from: "./lib/token",
    message: `The session area never imports the token area ${LAYOUT}.`,
  },
  {
    target: "./lib/token",
    from: AREAS.session.dir,
    message: `The token area never imports the session area ${LAYOUT}.`,
  },
  { target: AREAS.jwt.dir, from: AREAS.bearer.dir, message: `The JWT and bearer flows are independent ${LAYOUT}.` },
  { target: AREAS.bearer.dir, from: AREAS.jwt.dir, message: `The JWT and bearer flows are independent ${LAYOUT}.` },
  // The areas know no strategy and no lab. Only the Auth.js instance is wired to the credential policy's callback.
  {
    target: [
      `${AREAS.session.dir}/**`,
      `${AREAS.bearer.dir}/**`,
      `${AREAS.jwt.dir}/!(nextauth).ts`,
      `${AREAS.jwt.dir}/internal/**`,
    ],
    from: ["./lib/strategy", "./lib/verdict", "./lib/labs"],
    message: `An area never imports lib/strategy, lib/verdict or lib/labs: the strategy layer sits above the areas ${LAYOUT}.`,
  },
  // Accounts are strategy-free.
  {
    target: "./lib/accounts",
    from: [...AREA_DIRS, "./lib/strategy", "./lib/verdict", "./lib/labs"],
    message: `lib/accounts knows no strategy: it never imports an area, lib/strategy, lib/verdict or lib/labs ${LAYOUT}.`,
  },
  // The foundations import nothing above them.
  // (The demo seed of a fresh development database hashes the demo passwords with the accounts' own hasher.)
  {
    target: ["./lib/server", "./lib/security", "./lib/retention"],
    from: [
      "./lib/accounts/**",
      ...AREA_DIRS.map((dir) => `${dir}/**`),
      "./lib/strategy/**",
      "./lib/verdict/**",
      "./lib/labs/**",
    ],
    except: ["**/lib/accounts/password-hash.ts"],
    message: `lib/server, lib/security and lib/retention import nothing above them ${LAYOUT}.`,
  },
  {
    target: "./lib/server",
    from: ["./lib/security", "./lib/retention"],
    message: `lib/server is the ground floor: it imports neither lib/security nor lib/retention ${LAYOUT}.`,
  },
  // The strategy layer and the labs use the areas' public files only; the strategy layer never the labs.
  ...onlyPublic("./lib/strategy", "lib/strategy"),
  ...onlyPublic("./lib/labs", "lib/labs"),
  { target: "./lib/strategy", from: "./lib/labs", message: `lib/strategy never imports lib/labs ${LAYOUT}.` },
  // The verdict (docs/decisions/0102-verdict-data-model.md) sits between the strategy layer and the labs: it reads
  // the areas' public files and the strategy layer; the labs feed its store; app/ shows its table.
  ...onlyPublic("./lib/verdict", "lib/verdict"),
  {
    target: "./lib/strategy",
    from: "./lib/verdict",
    message: `lib/strategy never imports lib/verdict: the verdict sits above it ${LAYOUT}.`,
  },
  {
    target: "./lib/verdict",
    from: "./lib/labs",
    message: `lib/verdict never imports lib/labs: the labs record into the verdict's store, not the other way ${LAYOUT}.`,
  },
  {
    target: ["./app", "./components"],
    from: "./lib/verdict/store.ts",
    message: `Only the labs write measurements (lib/verdict/store.ts), after a real run; pages read the table (lib/verdict/table.ts) ${LAYOUT}.`,
  },
  {
    target: ["./lib/strategy", "./lib/verdict", "./lib/labs"],
    from: `${AREAS.jwt.dir}/nextauth.ts`,
    message: `Only routes and server actions use the Auth.js instance ${LAYOUT}.`,
  },
  // app/ and components/: the areas' public files only, and never the database.
  ...onlyPublic("./app", "app/"),
  ...onlyPublic("./components", "components/"),
  {
    target: ["./app", "./components"],
    from: "./lib/server/db",
    message: `app/ and components/ never touch the database: call a lib/ function ${LAYOUT}.`,
  },
];
/** Tests may reach into an area's internals to build fixtures; never into app/. */
export const TEST_BOUNDARY_ZONES = BOUNDARY_ZONES.slice(0, 2);

// --- 3. The separate verifier -----------------------------------------------------------------------------------

/**
 * services/verifier verifies bearer tokens with the app's public keys alone (docs/decisions/0103-key-rings-and-rotation.md).
 * It imports nothing of the repository outside its own folder — not lib/ (no database, no secret, no app code),
 * not app/, test/ or scripts/ — only packages; and the app never imports it (so it never ends up in the app's
 * functions). Packages that would give it a database, a session secret or the app's framework are refused too.
 */
const VERIFIER = "./services/verifier";
const VERIFIER_MESSAGE =
  "services/verifier imports only its own files and packages: it has no database, no secret and no app code (docs/decisions/0103-key-rings-and-rotation.md).";
export const VERIFIER_ZONES = [
  { target: VERIFIER, from: ".", except: [VERIFIER, "./node_modules"], message: VERIFIER_MESSAGE },
];
export const VERIFIER_ISOLATION_ZONE = {
  target: ["./lib", "./app", "./components"],
  from: "./services",
  message: "The app never imports a separate service: it talks to it over HTTP (services/verifier).",
};
const VERIFIER_PACKAGES = [
  "pg",
  "@prisma/client",
  "@prisma/adapter-pg",
  "@electric-sql/pglite",
  "pglite-prisma-adapter",
  "next",
  "next-auth",
  "@auth/core",
  "iron-session",
  "server-only",
];
export const VERIFIER_IMPORTS = {
  paths: [...MINTING_IMPORTS.paths, ...VERIFIER_PACKAGES.map((name) => ({ name, message: VERIFIER_MESSAGE }))],
  patterns: [
    ...MINTING_IMPORTS.patterns,
    { regex: `^(${VERIFIER_PACKAGES.join("|").replaceAll("/", "\\/")})/`, message: VERIFIER_MESSAGE },
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
    rules: {
      "no-restricted-imports": ["error", MINTING_IMPORTS],
      "no-restricted-syntax": ["error", ...MINTING_DYNAMIC_IMPORTS],
    },
  },
  {
    files: ["**/*.ts", "**/*.tsx"],
    rules: { "import/no-restricted-paths": ["error", { zones: [...BOUNDARY_ZONES, VERIFIER_ISOLATION_ZONE] }] },
  },
  {
    files: ["services/verifier/**/*.{mjs,js,ts}"],
    rules: {
      "import/no-restricted-paths": ["error", { zones: VERIFIER_ZONES }],
      "no-restricted-imports": ["error", VERIFIER_IMPORTS],
    },
  },
  {
    files: ["**/*.test.ts", "test/**", "e2e/**"],
    rules: { "import/no-restricted-paths": ["error", { zones: TEST_BOUNDARY_ZONES }] },
  },
  {
    // lib/ imports its own modules through the @/ alias only, so every rule above sees one spelling of each path.
    files: ["lib/**/*.ts", "lib/**/*.tsx"],
    rules: {
      "@typescript-eslint/no-restricted-imports": [
        "error",
        { patterns: [{ regex: "^\\.{1,2}/", message: "Inside lib/, import through the @/ alias." }] },
      ],
    },
  },
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
];

export default config;
