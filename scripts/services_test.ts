/**
 * Fast tests of the orchestration helpers (no PostgreSQL, Temporal or MailDev is started here:
 * `npm test` itself starts them, which is their real test).
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import {
  appEnv,
  freePort,
  isPortFree,
  ManagedProcess,
  parseJUnit,
  persistentSecret,
  randomSecret,
  REPO_ROOT,
  runTask,
  summaryLine,
} from "./services.ts";

Deno.test("REPO_ROOT is the folder with package.json and deno.json", async () => {
  assert.ok((await Deno.stat(join(REPO_ROOT, "package.json"))).isFile);
  assert.ok((await Deno.stat(join(REPO_ROOT, "deno.json"))).isFile);
});

Deno.test("parseJUnit counts test cases, steps, failures, errors and skips", () => {
  const xml = `<?xml version="1.0" encoding="UTF-8"?>
<testsuites name="deno test" tests="6" failures="2" errors="0" time="0.010">
    <testsuite name="./a_test.ts" tests="6" disabled="1" errors="0" failures="2">
        <testcase name="one" classname="./a_test.ts" time="0.000" line="1" col="6">
        </testcase>
        <testcase name="two" classname="./a_test.ts" time="0.001" line="2" col="6">
            <failure message="Uncaught Error: boom &lt;x&gt;">Error: boom &lt;x&gt;
    at file:///tmp/a_test.ts:2:32</failure>
        </testcase>
        <testcase name="ign" classname="./a_test.ts" time="0.000" line="3" col="6">
            <skipped/>
        </testcase>
        <testcase name="steps &gt; s1" classname="./a_test.ts" time="0.000"/>
        <testcase name="errored" classname="./a_test.ts" time="0.000"><error message="x"/></testcase>
        <testcase name="last" classname="./a_test.ts" time="0.000"></testcase>
    </testsuite>
</testsuites>`;
  assert.deepEqual(parseJUnit(xml), { total: 6, failed: 2, skipped: 1 });
});

Deno.test("parseJUnit: an empty report counts nothing; garbage throws", () => {
  assert.deepEqual(parseJUnit(`<testsuites name="deno test" tests="0"></testsuites>`), {
    total: 0,
    failed: 0,
    skipped: 0,
  });
  assert.throws(() => parseJUnit("error: Module not found"));
});

Deno.test("summaryLine mentions skipped tests only when there are some", () => {
  assert.equal(summaryLine(42, 0, 0), "42 passed, 0 failed");
  assert.equal(summaryLine(40, 1, 3), "40 passed, 1 failed, 3 skipped");
});

Deno.test("freePort hands out distinct free ports; isPortFree sees a listener", () => {
  const a = freePort();
  const b = freePort();
  assert.notEqual(a, b);
  assert.ok(isPortFree(a));
  const listener = Deno.listen({ hostname: "127.0.0.1", port: a });
  try {
    assert.equal(isPortFree(a), false);
  } finally {
    listener.close();
  }
});

Deno.test("randomSecret is long and random; persistentSecret is kept in its file", async () => {
  const s = randomSecret();
  assert.ok(s.length >= 32 && /^[A-Za-z0-9_-]+$/.test(s));
  assert.notEqual(s, randomSecret());
  const dir = await Deno.makeTempDir();
  try {
    const file = join(dir, "sub", "session-secret");
    const first = await persistentSecret(file);
    assert.equal(await persistentSecret(file), first);
    assert.equal((await Deno.stat(file)).mode! & 0o777, 0o600);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("appEnv gives the app every variable it reads", () => {
  const env = appEnv({
    databaseUrl: "postgres://x@127.0.0.1:1/db",
    temporalAddress: "127.0.0.1:2",
    smtpUrl: "smtp://127.0.0.1:3",
    maildevUrl: "http://127.0.0.1:4",
    sessionSecret: "s".repeat(40),
    appEnv: "test",
    port: 5,
  });
  for (
    const key of [
      "DATABASE_URL",
      "TEMPORAL_ADDRESS",
      "TEMPORAL_NAMESPACE",
      "TEMPORAL_TASK_QUEUE",
      "SMTP_URL",
      "MAILDEV_URL",
      "SESSION_SECRET",
      "PORT",
      "CHROMIUM_PATH",
      "APP_ENV",
    ]
  ) assert.ok(env[key], key);
  assert.equal(env.PORT, "5");
  assert.equal(env.APP_ENV, "test");
});

Deno.test("ManagedProcess: readiness line, log file, stop, crash report", async () => {
  const logDir = await Deno.makeTempDir();
  try {
    const proc = await ManagedProcess.spawn({
      name: "sleeper",
      cmd: "sh",
      args: ["-c", 'echo "{\\"msg\\":\\"worker started\\"}"; echo "$GREETING"; exec sleep 30'],
      env: { GREETING: "ahoj" },
      logDir,
    });
    assert.match(await proc.waitForLine(/worker started/, 5000), /worker started/);
    await proc.waitForLine(/^ahoj$/, 5000);
    await proc.stop();
    assert.equal((await proc.status).signal, "SIGTERM");
    assert.match(await Deno.readTextFile(join(logDir, "sleeper.log")), /ahoj/);

    const crasher = await ManagedProcess.spawn({
      name: "crasher",
      cmd: "sh",
      args: ["-c", "echo dying; exit 3"],
      logDir,
    });
    assert.equal(await crasher.crashed, "crasher exited unexpectedly (code 3)");
    await assert.rejects(crasher.waitUntil(() => Promise.resolve(false), "ready", 5000), /dying/);
  } finally {
    await Deno.remove(logDir, { recursive: true });
  }
});

Deno.test("ManagedProcess: waitForLine fails with the tail when the child exits first", async () => {
  const logDir = await Deno.makeTempDir();
  try {
    const proc = await ManagedProcess.spawn({
      name: "early",
      cmd: "sh",
      args: ["-c", "echo something went wrong >&2; exit 1"],
      logDir,
    });
    await assert.rejects(
      proc.waitForLine(/never/, 5000),
      /early: exited \(code 1\) before it was ready[\s\S]*something went wrong/,
    );
  } finally {
    await Deno.remove(logDir, { recursive: true });
  }
});

Deno.test("runTask returns stdout and throws with the output on failure", async () => {
  const logDir = await Deno.makeTempDir();
  try {
    const out = await runTask("ok", "sh", ["-c", "echo login: a; echo noise >&2"], { logDir });
    assert.equal(out, "login: a");
    await assert.rejects(
      runTask("bad", "sh", ["-c", "echo broken >&2; exit 2"], { logDir }),
      /bad: failed \(code 2\)[\s\S]*broken/,
    );
  } finally {
    await Deno.remove(logDir, { recursive: true });
  }
});

Deno.test("ManagedProcess: a grandchild holding the pipes open does not hold up the exit", async () => {
  const logDir = await Deno.makeTempDir();
  try {
    const proc = await ManagedProcess.spawn({
      name: "leaker",
      cmd: "sh",
      // The background sleep inherits stdout and outlives sh.
      args: ["-c", "sleep 5 & echo bye"],
      logDir,
    });
    const started = performance.now();
    assert.equal((await proc.status).code, 0);
    assert.ok(performance.now() - started < 4500, "waited for the grandchild");
    assert.match(proc.tail(), /bye/);
    // The sleep is left in the child's own process group: end it.
    try {
      Deno.kill(-proc.pid, "SIGKILL");
    } catch {
      // already gone
    }
  } finally {
    await Deno.remove(logDir, { recursive: true });
  }
});
