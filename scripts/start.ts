/**
 * `npm start`: everything a developer or a demo needs, on a fresh machine.
 *
 * PostgreSQL (`DATABASE_URL`, else embedded with data in `.data/pg`), the Temporal dev server
 * (`TEMPORAL_ADDRESS`, else `temporal server start-dev` with `.data/temporal.db` and its UI),
 * MailDev, the OpenID provider, the ČSOB payment gateway sandbox (keys and payments in
 * `.data/csob-sandbox`) and the SMS gateway sandbox (SMS into MailDev), then migrations, the demo town's seed, the worker and the web server,
 * and the library's demo application "Moje výpůjčky" signing in through the portal.
 * Data is kept in `.data/` between runs. Ctrl-C or SIGTERM stops everything in reverse order and
 * exits 0. The worker, the web server and the Temporal dev server are restarted when they die
 * (Temporal with the same ports and `.data/temporal.db`, so every case carries on; the web keeps
 * serving meanwhile); any other child dying stops the rest (exit 1).
 *
 * Flags: `--verbose` shows every child's output (default: the worker's and the web server's;
 * PostgreSQL, Temporal and MailDev log to `.data/logs/`), `--quiet` shows none of it.
 */
import { join } from "node:path";
import {
  appEnv,
  CSOB_SANDBOX_TEST_CARDS,
  elapsed,
  ensureTemporalCli,
  persistentSecret,
  preferPort,
  REPO_ROOT,
  type RestartableService,
  runTask,
  say,
  type Service,
  sleep,
  startCsobSandbox,
  startLibraryApp,
  startMailDev,
  startNiaProvider,
  startOidcProvider,
  startPostgres,
  startSmsSandbox,
  startTemporal,
  startWeb,
  startWorker,
  stopAll,
} from "./services/mod.ts";
import { LIBRARY_CLIENT_ID } from "../db/seeds/library_client.ts";

const args = new Set(Deno.args);
const verbose = args.has("--verbose");
const quiet = args.has("--quiet");
const dataDir = join(REPO_ROOT, ".data");
const logDir = join(dataDir, "logs");
/** Infrastructure: to the terminal only with --verbose. */
const infraOutput = { verbose, logDir };
/** The app itself: to the terminal unless --quiet. */
const appOutput = { verbose: verbose || !quiet, logDir };

const services: Service[] = [];
let shuttingDown = false;

/** Stops what runs (last started first) and exits; a second signal exits at once. */
async function shutdown(code: number, why?: string): Promise<never> {
  if (shuttingDown) {
    say("stopping at once");
    Deno.exit(code || 130); // children get their parent-death signal
  }
  shuttingDown = true;
  if (why) say(why);
  say("stopping…");
  await stopAll(services);
  say(code === 0 ? "stopped; data kept in .data/" : "stopped");
  Deno.exit(code);
}

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  Deno.addSignalListener(signal, () => void shutdown(0, `\n${signal}: shutting down`));
}

/** Pauses before the n-th restart attempt in a row (n from 1): 0 s, 1 s, 2 s, 5 s, then 10 s. */
const RESTART_BACKOFF_MS = [0, 1_000, 2_000, 5_000, 10_000];
/** Restart attempts in a row that fail before the supervisor gives up (about two minutes). */
const MAX_FAILED_RESTARTS = 15;

/**
 * Keeps a process running: when the worker, the web server or the Temporal dev server dies (a
 * crash, an operator's SIGKILL), it is started again, with a growing pause while starts fail
 * (the worker cannot start while Temporal is down, say); after MAX_FAILED_RESTARTS failures in a
 * row the portal stops. Temporal keeps every case's timers and state in `.data/temporal.db`, so
 * a restarted dev server or worker simply carries on: a notice still comes down at its time.
 */
function supervise(service: RestartableService, what: string): void {
  let restarting = false;
  service.onCrash(async (why) => {
    if (shuttingDown || restarting) return;
    restarting = true;
    say(`⚠ ${what} stopped (${why}); starting it again…`);
    for (let attempt = 1; !shuttingDown; attempt++) {
      await sleep(RESTART_BACKOFF_MS[Math.min(attempt, RESTART_BACKOFF_MS.length) - 1]);
      if (shuttingDown) break;
      try {
        await service.start();
        say(`✓ ${what} running again`);
        break;
      } catch (e) {
        const message = e instanceof Error ? e.message : String(e);
        if (attempt >= MAX_FAILED_RESTARTS) {
          void shutdown(1, `✗ ${what} did not start again (${attempt} attempts): ${message}`);
          break;
        }
        say(`⚠ ${what} did not start again (attempt ${attempt}), trying again: ${message}`);
      }
    }
    restarting = false;
  });
}

/** Awaits a start and registers the service for shutdown; on failure shuts down with code 1. */
async function started<T extends Service>(
  what: string,
  pending: Promise<T>,
  opts: { supervised?: boolean } = {},
): Promise<T> {
  const t = performance.now();
  try {
    const service = await pending;
    if (shuttingDown) {
      // Another start failed or Ctrl-C came while this one was on its way up.
      await service.stop();
      return await new Promise<never>(() => {});
    }
    services.push(service);
    if (opts.supervised) supervise(service as unknown as RestartableService, what);
    else {
      service.crashed.then((why) => {
        if (!shuttingDown) void shutdown(1, `✗ ${why}; shutting the rest down`);
      });
    }
    say(`✓ ${what} (${elapsed(t)})`);
    return service;
  } catch (e) {
    return await shutdown(1, `✗ ${what} failed to start: ${e instanceof Error ? e.message : e}`);
  }
}

async function main(): Promise<void> {
  const t0 = performance.now();
  await Deno.mkdir(logDir, { recursive: true });
  say("Portál občana: starting PostgreSQL, Temporal and MailDev…");

  // The Temporal CLI (a one-time build on a fresh machine) holds up only the Temporal server.
  const externalTemporal = !!Deno.env.get("TEMPORAL_ADDRESS");
  const cli = externalTemporal ? Promise.resolve(undefined) : ensureTemporalCli();

  // Infrastructure in parallel; each start is registered for shutdown as soon as it is up.
  const [db, temporal, mail, oidc, csob, nia] = await Promise.all([
    started(
      "PostgreSQL",
      startPostgres({
        dataDir: join(dataDir, "pg"),
        port: Deno.env.get("DATABASE_URL") ? undefined : preferPort(5433, "PostgreSQL"),
        fresh: false,
        ...infraOutput,
      }),
    ),
    started(
      "Temporal",
      cli.then((cli) =>
        startTemporal({
          cli,
          dbFile: join(dataDir, "temporal.db"),
          port: externalTemporal ? undefined : preferPort(7233, "Temporal"),
          uiPort: externalTemporal ? undefined : preferPort(8233, "Temporal UI"),
          ...infraOutput,
        })
      ),
      { supervised: !externalTemporal },
    ),
    started(
      "MailDev",
      startMailDev({
        smtpPort: preferPort(1025, "MailDev SMTP"),
        webPort: preferPort(1080, "MailDev web"),
        dataDir: join(dataDir, "maildev"),
        ...infraOutput,
      }),
    ),
    started(
      "OpenID provider",
      startOidcProvider({ port: preferPort(9090, "OpenID provider"), ...infraOutput }),
    ),
    started(
      "ČSOB payment gateway sandbox",
      startCsobSandbox({
        port: preferPort(9110, "ČSOB sandbox"),
        dataDir: join(dataDir, "csob-sandbox"),
        ...infraOutput,
      }),
    ),
    started(
      "NIA SAML stand-in",
      startNiaProvider({
        port: preferPort(9091, "NIA SAML stand-in"),
        keyDir: join(dataDir, "saml-keys"),
        ...infraOutput,
      }),
    ),
  ]);

  const webPort = Number(Deno.env.get("PORT")) || preferPort(8000, "web");
  const env = appEnv({
    databaseUrl: db.url,
    temporalAddress: temporal.address,
    smtpUrl: mail.smtpUrl,
    maildevUrl: mail.webUrl,
    sessionSecret: Deno.env.get("SESSION_SECRET") ||
      await persistentSecret(join(dataDir, "session-secret")),
    appEnv: (Deno.env.get("APP_ENV") as "development" | "production" | undefined) ??
      "development",
    port: webPort,
  });
  // Bank iD and MojeID, both served by the local OpenID provider.
  env.OIDC_PROVIDERS = oidc.providersEnv;
  // NIA over SAML2 through the local stand-in (its metadata and the demo towns' dev SP keys):
  // the "Identita občana (NIA)" button uses it; Bank iD and MojeID stay on OpenID Connect.
  env.NIA_SAML = nia.niaSamlEnv;
  // The operators' links from a case to its workflow go to the UI that really runs (its port may
  // not be 8233 when that one was taken).
  const temporalUi = Deno.env.get("TEMPORAL_UI_URL") || temporal.uiUrl;
  if (temporalUi) env.TEMPORAL_UI_URL = temporalUi;
  // Card payments through the sandbox: CSOB_URL, CSOB_MERCHANT_ID and the two PEM keys.
  Object.assign(env, csob.env);
  // SMS through the gateway sandbox, into MailDev, with signed receipts back to the web
  // (SMS_GATEWAY_URL, _TOKEN, _SECRET); SMS_SANDBOX_FAIL_SHARE=0.1 makes a tenth fail.
  const sms = await started(
    "SMS gateway sandbox",
    startSmsSandbox({
      port: preferPort(9120, "SMS sandbox"),
      smtpUrl: mail.smtpUrl,
      secret: await persistentSecret(join(dataDir, "sms-gateway-secret")),
      failShare: Number(Deno.env.get("SMS_SANDBOX_FAIL_SHARE") || 0),
      ...infraOutput,
    }),
  );
  Object.assign(env, sms.env);
  // Bank statements dropped here (one folder per town, made by the worker) are imported.
  const statementDropDir = Deno.env.get("STATEMENT_DROP_DIR") || join(dataDir, "statements");
  env.STATEMENT_DROP_DIR = statementDropDir;
  if (Deno.env.get("STATEMENT_DROP_INTERVAL")) {
    env.STATEMENT_DROP_INTERVAL = Deno.env.get("STATEMENT_DROP_INTERVAL")!;
  }
  await Deno.mkdir(statementDropDir, { recursive: true });

  // The library's demo application (scripts/library_app.ts), a client of the demo town's
  // OpenID provider that the seed registers with this origin and secret.
  const libraryPort = preferPort(8010, "library app");
  const libraryOrigin = `http://localhost:${libraryPort}`;
  const librarySecret = await persistentSecret(join(dataDir, "library-client-secret"));

  let logins = "";
  try {
    let t = performance.now();
    await runTask("migrate", Deno.execPath(), ["run", "-A", "db/migrate.ts"], {
      env,
      ...appOutput,
    });
    say(`✓ migrations (${elapsed(t)})`);
    t = performance.now();
    // The seed's stdout (the demo logins) goes into the box below, so not to the terminal.
    logins = await runTask("seed", Deno.execPath(), ["run", "-A", "db/seeds/demo.ts"], {
      env: { ...env, LIBRARY_APP_ORIGIN: libraryOrigin, LIBRARY_CLIENT_SECRET: librarySecret },
      verbose: false,
      logDir,
    });
    say(`✓ demo town seeded (${elapsed(t)})`);
  } catch (e) {
    await shutdown(1, `✗ ${e instanceof Error ? e.message : e}`);
  }

  await started("worker", startWorker(env, appOutput), { supervised: true });
  await started("web", startWeb(env, appOutput), { supervised: true });
  const library = await started(
    "library app (Moje výpůjčky)",
    startLibraryApp({
      port: libraryPort,
      issuer: `http://localhost:${webPort}/oidc`,
      clientId: LIBRARY_CLIENT_ID,
      clientSecret: librarySecret,
      ...infraOutput,
    }),
  );

  const web = `http://localhost:${webPort}`;
  const rows: [string, string][] = [
    ["Portál občana", web],
    ["Clerk workspace", `${web}/urad`],
    [
      "Library app (single sign-on)",
      `${library.url} (Moje výpůjčky; clients at ${web}/urad/aplikace)`,
    ],
    ["Notice board", `${web}/uredni-deska`],
    ["Notice board JSON-LD", `${web}/uredni-deska.jsonld`],
    ["Temporal UI", temporal.uiUrl || "(external Temporal: " + temporal.address + ")"],
    ["Identity provider (Bank iD, MojeID)", `${oidc.issuer} (OpenID Connect, test persons)`],
    ["NIA stand-in (SAML2)", `${nia.entityId} (test persons; SP metadata at ${web}/saml/metadata)`],
    ["Card gateway (ČSOB sandbox)", `${csob.url} (merchant ${csob.merchantId})`],
    ...CSOB_SANDBOX_TEST_CARDS.map(({ number, outcome }, i): [string, string] => [
      i === 0 ? "  test cards" : "",
      `${number}  ${outcome}`,
    ]),
    ["MailDev (e-mails)", mail.webUrl.replace("127.0.0.1", "localhost")],
    ["SMS gateway (sandbox)", `${sms.url} (SMS land in MailDev)`],
    ["Bank statement drop folder", `${join(statementDropDir, "<town>")} (e.g. …/lipnice)`],
    ["PostgreSQL", db.url],
  ];
  printBox(`Portál občana is running (started in ${elapsed(t0)}) — Ctrl-C stops it`, rows, logins);
}

/** The box with the URLs and the seed's demo logins, on stdout. */
function printBox(title: string, rows: [string, string][], logins: string): void {
  const width = Math.max(...rows.map(([k]) => k.length));
  const lines = [
    title,
    "",
    ...rows.map(([k, v]) => `${k.padEnd(width)}  ${v}`),
    ...(logins.trim()
      ? ["", "Demo logins:", ...logins.trimEnd().split("\n").map((l) => "  " + l)]
      : []),
    "",
    `Logs: ${logDir}`,
  ];
  const inner = Math.max(...lines.map((l) => l.length));
  const out = [
    "╭" + "─".repeat(inner + 2) + "╮",
    ...lines.map((l) => "│ " + l.padEnd(inner) + " │"),
    "╰" + "─".repeat(inner + 2) + "╯",
  ];
  console.log("\n" + out.join("\n") + "\n");
}

await main();
