/** Child processes, one-shot tasks and restartable services (process.ts), with `sh` children. */
import { join } from "node:path";
import {
  assert,
  assertEquals,
  assertMatch,
  assertNotEquals,
  assertRejects,
} from "../../tests/assert.ts";
import { waitFor } from "../../tests/support/wait.ts";
import { ManagedProcess, restartable, runTask } from "./process.ts";

async function withLogDir(fn: (logDir: string) => Promise<void>): Promise<void> {
  const logDir = await Deno.makeTempDir();
  try {
    await fn(logDir);
  } finally {
    await Deno.remove(logDir, { recursive: true });
  }
}

Deno.test("ManagedProcess: readiness line, log file, stop, crash report", () =>
  withLogDir(async (logDir) => {
    const proc = await ManagedProcess.spawn({
      name: "sleeper",
      cmd: "sh",
      args: ["-c", 'echo "{\\"msg\\":\\"worker started\\"}"; echo "$GREETING"; exec sleep 30'],
      env: { GREETING: "ahoj" },
      logDir,
    });
    assertMatch(await proc.waitForLine(/worker started/, 5000), /worker started/);
    await proc.waitForLine(/^ahoj$/, 5000);
    await proc.stop();
    assertEquals((await proc.status).signal, "SIGTERM");
    assertMatch(await Deno.readTextFile(join(logDir, "sleeper.log")), /ahoj/);

    const crasher = await ManagedProcess.spawn({
      name: "crasher",
      cmd: "sh",
      args: ["-c", "echo dying; exit 3"],
      logDir,
    });
    assertEquals(await crasher.crashed, "crasher exited unexpectedly (code 3)");
    const error = await assertRejects(() =>
      crasher.waitUntil(() => Promise.resolve(false), "ready", 5000)
    );
    assertMatch(error.message, /dying/);
  }));

Deno.test("ManagedProcess: waitForLine fails with the tail when the child exits first", () =>
  withLogDir(async (logDir) => {
    const proc = await ManagedProcess.spawn({
      name: "early",
      cmd: "sh",
      args: ["-c", "echo something went wrong >&2; exit 1"],
      logDir,
    });
    const error = await assertRejects(() => proc.waitForLine(/never/, 5000));
    assertMatch(error.message, /early: exited \(code 1\) before it was ready[\s\S]*went wrong/);
  }));

Deno.test("runTask returns stdout and throws with the output on failure", () =>
  withLogDir(async (logDir) => {
    const out = await runTask("ok", "sh", ["-c", "echo login: a; echo noise >&2"], { logDir });
    assertEquals(out, "login: a");
    const error = await assertRejects(() =>
      runTask("bad", "sh", ["-c", "echo broken >&2; exit 2"], { logDir })
    );
    assertMatch(error.message, /bad: failed \(code 2\)[\s\S]*broken/);
  }));

Deno.test("ManagedProcess: a grandchild holding the pipes open does not hold up the exit", () =>
  withLogDir(async (logDir) => {
    const proc = await ManagedProcess.spawn({
      name: "leaker",
      cmd: "sh",
      // The background sleep inherits stdout and outlives sh.
      args: ["-c", "sleep 5 & echo bye"],
      logDir,
    });
    const started = performance.now();
    assertEquals((await proc.status).code, 0);
    assert(performance.now() - started < 4500, "waited for the grandchild");
    assertMatch(proc.tail(), /bye/);
    // The sleep is left in the child's own process group: end it.
    try {
      Deno.kill(-proc.pid, "SIGKILL");
    } catch {
      // already gone
    }
  }));

Deno.test("restartable: stop keeps it stopped, start and restart make new processes, crashes are reported", () =>
  withLogDir(async (logDir) => {
    let starts = 0;
    const service = await restartable("svc", async () => {
      starts++;
      const proc = await ManagedProcess.spawn({
        name: "svc",
        cmd: "sh",
        args: ["-c", "echo ready; exec sleep 30"],
        logDir,
      });
      await proc.waitForLine(/^ready$/, 5000);
      return proc;
    });
    const crashes: string[] = [];
    service.onCrash((why) => crashes.push(why));
    try {
      const first = service.pid;
      assert(service.running);
      await service.start(); // already running: nothing happens
      assertEquals([service.pid, starts], [first, 1]);

      await service.stop();
      assertEquals(service.running, false);
      await service.start();
      assert(service.running);
      assertNotEquals(service.pid, first);

      const second = service.pid;
      await service.restart();
      assertNotEquals(service.pid, second);
      assertEquals(starts, 3);

      await service.kill("SIGKILL"); // a simulated crash is not reported
      assertEquals(service.running, false);
      await service.start();

      Deno.kill(service.pid, "SIGKILL"); // a real one is, on every occurrence
      await waitFor(() => crashes.length === 1, {
        timeoutMs: 5000,
        what: "the first crash report",
      });
      assertMatch(await service.crashed, /svc exited unexpectedly \(signal SIGKILL\)/);
      await service.start();
      Deno.kill(service.pid, "SIGKILL");
      await waitFor(() => crashes.length === 2, {
        timeoutMs: 5000,
        what: "the second crash report",
      });
      assertEquals(starts, 5);
    } finally {
      await service.stop();
    }
  }));
