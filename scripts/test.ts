/**
 * `npm test`: the one command that runs every test, locally and in CI.
 *
 * 1. Static checks, each counted as one test: `deno fmt --check`, `deno lint`, `deno check .`
 *    (the whole project, worker-side files included). They run in the background while the
 *    services start and the tests run; their results are printed at the end.
 * 2. Services on free ports, all throwaway: a fresh PostgreSQL database (`DATABASE_URL`'s server
 *    or embedded), an in-memory Temporal dev server (or `TEMPORAL_ADDRESS`), MailDev, the local
 *    OpenID provider, the ČSOB payment gateway sandbox (its keys in the temp dir; the tests and
 *    the app get CSOB_URL, CSOB_MERCHANT_ID, CSOB_MERCHANT_PRIVATE_KEY, CSOB_GATEWAY_PUBLIC_KEY
 *    and CSOB_SANDBOX_ORIGIN for its card page and admin endpoints), the SMS gateway sandbox
 *    (SMS into MailDev, signed receipts; SMS_GATEWAY_URL, _TOKEN, _SECRET), a Redis for the
 *    rate-limit backend tests (see below); migrations; the Node worker on task queue "portal".
 *    Chromium and the Temporal CLI are ensured first.
 * 3. `deno test -A --junit-path=…` over the repository, its output streamed: the files that
 *    serve the portal on PORT (the browser tests) one after another, and beside them every other
 *    file, two at a time (`--parallel`, PORTAL_TEST_JOBS). Arguments pass through
 *    (`npm test -- domain/ --filter fee`, one file after another); with arguments the static
 *    checks are skipped.
 * 4. The JUnit report (scripts/test_report.ts) plus the static checks make the last line,
 *    `N passed, N failed` (`, N skipped` when some were, each skipped test listed above it); the
 *    exit code is 1 on any failure, a crashed service or a test run without a readable report
 *    included.
 *
 * Service logs go to `$PORTAL_TEST_DATA_DIR/logs` (a temp dir, kept when something failed).
 */
import { join } from "node:path";
import {
  appEnv,
  elapsed,
  ensureChromium,
  ensureTemporalCli,
  freePort,
  ManagedProcess,
  type OutputOptions,
  randomSecret,
  REPO_ROOT,
  runTask,
  type Service,
  startCsobSandbox,
  startMailDev,
  startNiaProvider,
  startOidcProvider,
  startPostgres,
  startRedis,
  startSmsSandbox,
  startTemporal,
  startWorker,
  stopAll,
  tcpOpen,
} from "./services/mod.ts";
import { parseJUnit, summaryLine, type TestCounts } from "./test_report.ts";

/**
 * The rate-limit backends for Redis and Upstash (over a local emulator) are tested against a
 * real Redis, always: REDIS_URL if set, else a server answering on 127.0.0.1:6379 (database 15,
 * keys prefixed and hashed), else a throwaway `redis-server` from Debian (installed with apt-get
 * when missing) on a free port. The app itself keeps its in-process limits in tests.
 */
async function redisForRateLimitTests(
  output: OutputOptions,
  track: <T extends Service>(what: string, pending: Promise<T>) => Promise<T>,
): Promise<string> {
  const explicit = Deno.env.get("REDIS_URL");
  if (explicit) return explicit;
  if (await tcpOpen("127.0.0.1", 6379)) return "redis://127.0.0.1:6379/15";
  return (await track("Redis for the rate-limit tests", startRedis(output))).url;
}

const useColor = Deno.stdout.isTerminal() && !Deno.env.get("NO_COLOR");
/** Deno colours even into a pipe; CI logs stay plain, a terminal gets colours. */
const colorEnv: Record<string, string> = useColor ? { FORCE_COLOR: "1" } : { NO_COLOR: "1" };

/** Progress lines go to stdout like everything else, so that the summary is surely last. */
function say(message: string): void {
  console.log(message);
}

// deno-lint-ignore no-control-regex
const ANSI = /\x1b\[[0-9;]*m/g;

interface CheckResult {
  name: string;
  ok: boolean;
  seconds: string;
  output: string;
}

/** fmt, lint and type check, one after the other (each is one "test" in the summary). */
async function staticChecks(): Promise<CheckResult[]> {
  const deno = Deno.execPath();
  const checks: [string, string[]][] = [
    ["deno fmt --check", ["fmt", "--check"]],
    ["deno lint", ["lint"]],
    ["deno check .", ["check", "."]],
  ];
  const results: CheckResult[] = [];
  for (const [name, args] of checks) {
    const t = performance.now();
    const out = await new Deno.Command(deno, {
      args,
      cwd: REPO_ROOT,
      env: colorEnv,
      stdin: "null",
    }).output();
    const text = new TextDecoder().decode(out.stdout) + new TextDecoder().decode(out.stderr);
    results.push({ name, ok: out.success, seconds: elapsed(t), output: text.trimEnd() });
  }
  return results;
}

/** The folders deno.json excludes (`--ignore` replaces them, so they are passed again). */
async function configExcludes(): Promise<string[]> {
  const fallback = ["node_modules/", ".data/", ".tools/"];
  try {
    const config = JSON.parse(await Deno.readTextFile(join(REPO_ROOT, "deno.json")));
    const list = [...(config.exclude ?? []), ...(config.test?.exclude ?? [])];
    return list.length ? list : fallback;
  } catch {
    return fallback;
  }
}

/**
 * Test files that serve the portal on the configured PORT (links in messages lead there: the
 * browser tests, and the message history's receipts): they run one after another, in a
 * `deno test` of their own.
 */
const SERIAL_FILES = ["tests/browser/", "tests/message_history_test.ts"];

/**
 * How many of the other test files run at once (`PORTAL_TEST_JOBS`, default 2), beside the
 * serial ones. Most of a test's time is waiting — for a workflow's timer, a message in MailDev,
 * a page in Chromium — so files run side by side even on two CPUs. They share the services and
 * the demo towns: a test never assumes it is alone (it counts only its own rows; a test that
 * reads an SMS code holds that phone until the code is used, tests/support/maildev.ts).
 */
function testJobs(): number {
  const raw = Deno.env.get("PORTAL_TEST_JOBS");
  const n = raw === undefined ? 2 : Number(raw);
  return Number.isInteger(n) && n >= 1 && n <= 16 ? n : 2;
}

interface TestRun {
  /** Counts from the JUnit report, null when there was none (or it was unreadable). */
  counts: TestCounts | null;
  /** Test modules that failed outside any test (Deno leaves them out of the JUnit report). */
  uncaught: number;
  code: number;
}

async function denoTest(
  name: string,
  env: Record<string, string>,
  junitPath: string,
  noCheck: boolean,
  /** Files, filters and options for deno test. */
  passThrough: string[],
  opts: { jobs: number; ignore?: string[] },
  onSpawn: (p: ManagedProcess) => void,
): Promise<TestRun> {
  // deno test would also pick up this file (test.ts matches its pattern): ignore it.
  const ignore = [...await configExcludes(), "scripts/test.ts", ...opts.ignore ?? []].join(",");
  const jobs = opts.jobs;
  const proc = await ManagedProcess.spawn({
    name,
    cmd: Deno.execPath(),
    args: [
      "test",
      "-A",
      `--junit-path=${junitPath}`,
      `--ignore=${ignore}`,
      ...(noCheck ? ["--no-check"] : []),
      ...(jobs > 1 ? ["--parallel"] : []),
      ...passThrough,
    ],
    env: { ...env, ...colorEnv, DENO_JOBS: String(jobs) },
    raw: true,
    newSession: false, // a Ctrl-C reaches it directly
    stopSignal: "SIGINT",
  });
  onSpawn(proc);
  // "<module> (uncaught error)" lines in the FAILURES section.
  let inFailures = false;
  const uncaught = new Set<string>();
  proc.onLine((raw) => {
    const line = raw.replace(ANSI, "");
    if (/^\s*FAILURES\s*$/.test(line)) inFailures = true;
    const m = inFailures ? /^(\S.*) \(uncaught error\)$/.exec(line) : null;
    if (m) uncaught.add(m[1]);
  });
  const status = await proc.status;
  let counts: TestRun["counts"] = null;
  try {
    counts = parseJUnit(await Deno.readTextFile(junitPath));
  } catch {
    counts = null;
  }
  return { counts, uncaught: uncaught.size, code: status.code };
}

/**
 * Like Promise.all, but waits for every promise to settle before throwing the first error, so
 * that services which did start are registered (and stopped) even when another one failed.
 */
async function allSettledOrThrow<T extends readonly unknown[]>(
  promises: { [K in keyof T]: Promise<T[K]> },
): Promise<T> {
  const results = await Promise.allSettled(promises);
  const failures = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
  if (failures.length > 0) {
    throw new Error(failures.map((f) => f.reason?.message ?? String(f.reason)).join("\n"));
  }
  return results.map((r) => (r as PromiseFulfilledResult<unknown>).value) as unknown as T;
}

async function main(): Promise<number> {
  const t0 = performance.now();
  const passThrough = [...Deno.args];
  const runStatic = passThrough.length === 0;
  const dataDir = await Deno.makeTempDir({ prefix: "portal-test-" });
  // Traversable by the `postgres` user that runs the embedded server as root.
  await Deno.chmod(dataDir, 0o755);
  const logDir = join(dataDir, "logs");
  const output = { verbose: false, logDir };

  let failed = 0;
  let passed = 0;
  let skipped = 0;
  const skippedTests: string[] = [];
  const problems: string[] = [];
  const services: Service[] = [];
  const testProcs: ManagedProcess[] = [];
  let interrupted = false;

  const onSignal = (signal: Deno.Signal) => {
    if (interrupted) Deno.exit(130); // second Ctrl-C: children get their parent-death signal
    interrupted = true;
    say(`\n${signal}: stopping the tests and the services…`);
    for (const p of testProcs) p.signal("SIGINT");
  };
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    Deno.addSignalListener(signal, () => onSignal(signal));
  }

  const staticResults = runStatic ? staticChecks() : Promise.resolve([]);
  /** Registers a started service for the final stop as soon as it is up. */
  const track = async <T extends Service>(what: string, pending: Promise<T>): Promise<T> => {
    const t = performance.now();
    const service = await pending;
    services.push(service);
    say(`✓ ${what} (${elapsed(t)})`);
    return service;
  };

  try {
    // Everything that does not depend on something else starts at once; the Temporal CLI (a
    // one-time build on a fresh machine) holds up only the Temporal server.
    const external = Deno.env.get("TEMPORAL_ADDRESS");
    const cliPromise = external ? Promise.resolve(undefined) : ensureTemporalCli();
    const mailDev = track("MailDev", startMailDev({ dataDir: join(dataDir, "mail"), ...output }));
    const [chromium, cli, db, temporal, mail, oidc, csob, redisUrl, sms, nia] =
      await allSettledOrThrow(
        [
          ensureChromium(output),
          cliPromise,
          track(
            "PostgreSQL",
            startPostgres({ dataDir: join(dataDir, "pg"), fresh: true, ...output }),
          ),
          track(
            "Temporal",
            cliPromise.then((cli) => startTemporal({ cli, headless: true, ...output })),
          ),
          mailDev,
          track("OpenID provider", startOidcProvider(output)),
          track(
            "ČSOB sandbox",
            startCsobSandbox({ dataDir: join(dataDir, "csob-sandbox"), ...output }),
          ),
          redisForRateLimitTests(output, track),
          // The SMS gateway sandbox delivers into MailDev, so it starts once MailDev is up.
          track(
            "SMS sandbox",
            mailDev.then((mail) =>
              startSmsSandbox({ smtpUrl: mail.smtpUrl, failShare: 0, ...output })
            ),
          ),
          track("NIA SAML stand-in", startNiaProvider(output)),
        ] as const,
      );
    const env = {
      ...appEnv({
        databaseUrl: db.url,
        temporalAddress: temporal.address,
        smtpUrl: mail.smtpUrl,
        maildevUrl: mail.webUrl,
        sessionSecret: randomSecret(),
        appEnv: "test",
        port: freePort(),
        chromiumPath: chromium,
      }),
      PORTAL_TEST_DATA_DIR: dataDir,
      // The worker polls the statement drop folders every few seconds (a minute in production).
      STATEMENT_DROP_DIR: join(dataDir, "statements"),
      STATEMENT_DROP_INTERVAL: "3s",
      // Tests SIGKILL workers of their own, and each worker's relay may hold other tests'
      // commands when it dies: they come back after the shortest lease, not a minute.
      RELAY_LEASE_MS: "25000",
      // Only the run's main worker relays the outbox; workers started by tests on queues of
      // their own (and killed) leave it alone.
      RELAY_TASK_QUEUE: Deno.env.get("TEMPORAL_TASK_QUEUE") || "portal",
      OIDC_PROVIDERS: oidc.providersEnv,
      // NIA over SAML2 through the local stand-in; the tests forge answers with its key.
      NIA_SAML: nia.niaSamlEnv,
      NIA_TEST_IDP_KEY: nia.idpKeys.signingKey,
      NIA_TEST_IDP_CERT: nia.idpKeys.signingCert,
      NIA_TEST_BASE_URL: nia.baseUrl,
      ...csob.env,
      CSOB_SANDBOX_ORIGIN: csob.origin,
      // SMS through the gateway sandbox (signed submissions, receipts back to the web).
      ...sms.env,
      SMS_SANDBOX_ORIGIN: sms.origin,
      RATELIMIT_TEST_REDIS_URL: redisUrl,
      ...(cli ? { TEMPORAL_CLI: cli } : {}),
    };
    let t = performance.now();
    await runTask("migrate", Deno.execPath(), ["run", "-A", "db/migrate.ts"], { env, ...output });
    say(`✓ migrations (${elapsed(t)})`);
    // The demo towns, once, before the test files run side by side (each file's own seedDemo
    // then finds them and adds nothing).
    t = performance.now();
    await runTask("seed", Deno.execPath(), ["run", "-A", "db/seeds/demo.ts"], { env, ...output });
    say(`✓ demo towns seeded (${elapsed(t)})`);
    t = performance.now();
    await track("worker", startWorker(env, output));

    if (!interrupted) {
      const crashes = services.map((s) => s.crashed.then((why) => problems.push(why)));
      void crashes;
      say(
        `services up in ${elapsed(t0)}; running deno test${
          passThrough.length ? " " + passThrough.join(" ") : ""
        }\n`,
      );
      const runs = await Promise.all(
        passThrough.length
          ? [denoTest("deno test", env, join(dataDir, "junit.xml"), false, passThrough, {
            jobs: Deno.env.get("PORTAL_TEST_JOBS") ? testJobs() : 1,
          }, (p) => testProcs.push(p))]
          : [
            denoTest("deno test", env, join(dataDir, "junit.xml"), true, [], {
              jobs: testJobs(),
              ignore: SERIAL_FILES,
            }, (p) => testProcs.push(p)),
            denoTest(
              "deno test (serial)",
              env,
              join(dataDir, "junit-serial.xml"),
              true, // deno check already type-checks every file
              SERIAL_FILES,
              { jobs: 1 },
              (p) => testProcs.push(p),
            ),
          ],
      );
      for (const run of runs) {
        if (run.counts) {
          failed += run.counts.failed + run.uncaught;
          skipped += run.counts.skipped;
          skippedTests.push(...run.counts.skippedTests);
          passed += run.counts.total - run.counts.failed - run.counts.skipped;
          if (run.code !== 0 && run.counts.failed + run.uncaught === 0) {
            problems.push(`deno test exited with code ${run.code}`);
          }
        } else {
          problems.push(
            `deno test exited with code ${run.code} and wrote no readable JUnit report`,
          );
        }
      }
    }
  } catch (e) {
    problems.push(`setting up the services failed: ${e instanceof Error ? e.message : e}`);
  } finally {
    await stopAll(services);
  }

  for (const check of await staticResults) {
    if (check.ok) {
      passed++;
      say(`✓ ${check.name} (${check.seconds})`);
    } else {
      failed++;
      const lines = check.output.split("\n");
      const shown = lines.length > 200
        ? [...lines.slice(0, 200), `… ${lines.length - 200} more lines`]
        : lines;
      say(`✗ ${check.name} (${check.seconds})\n${shown.join("\n")}`);
    }
  }
  if (interrupted) problems.push("interrupted");
  for (const problem of problems) say(`✗ ${problem}`);
  failed += problems.length;

  if (skippedTests.length > 0) {
    say(`skipped (${skippedTests.length}):\n${skippedTests.map((t) => `  - ${t}`).join("\n")}`);
  }
  if (failed > 0) say(`service logs and test data kept in ${dataDir}`);
  else await Deno.remove(dataDir, { recursive: true }).catch(() => {});
  say(`finished in ${elapsed(t0)}`);
  say(summaryLine(passed, failed, skipped));
  return interrupted ? 130 : failed > 0 ? 1 : 0;
}

if (import.meta.main) {
  Deno.exit(await main());
}
