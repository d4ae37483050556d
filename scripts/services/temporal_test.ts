/** The Temporal dev server as a restartable service (temporal.ts). */
import { join } from "node:path";
import { assert, assertEquals, assertNotEquals } from "../../tests/assert.ts";
import { startTemporal, temporalDevArgs } from "./temporal.ts";
import { capture } from "./util.ts";

function flagValues(args: string[], flag: string): string[] {
  return args.flatMap((a, i) => a === flag ? [args[i + 1]] : []);
}

Deno.test("temporalDevArgs: ports, data file, search attributes, dynamic config as JSON", () => {
  const args = temporalDevArgs(
    {
      dbFile: "/tmp/t.db",
      dynamicConfig: {
        "frontend.keepAliveMaxConnectionAge": "5s",
        "limit.maxIDLength": 1000,
        "system.enableNexus": false,
      },
    },
    { port: 1, httpPort: 3 },
    "default",
  );
  assertEquals(args.slice(0, 2), ["server", "start-dev"]);
  assertEquals(flagValues(args, "--port"), ["1"]);
  assertEquals(flagValues(args, "--http-port"), ["3"]);
  assertEquals(args.includes("--headless"), true);
  assertEquals(flagValues(args, "--db-filename"), ["/tmp/t.db"]);
  assertEquals(flagValues(args, "--search-attribute"), [
    "TenantId=Keyword",
    "TenantSlug=Keyword",
    "CaseType=Keyword",
    "CaseStatus=Keyword",
  ]);
  assertEquals(flagValues(args, "--dynamic-config-value"), [
    'frontend.keepAliveMaxConnectionAge="5s"',
    "limit.maxIDLength=1000",
    "system.enableNexus=false",
  ]);
  const withUi = temporalDevArgs({}, { port: 1, uiPort: 2, httpPort: 3 }, "portal");
  assertEquals(flagValues(withUi, "--ui-port"), ["2"]);
  assertEquals(flagValues(withUi, "--namespace"), ["portal"]);
  assertEquals(flagValues(withUi, "--db-filename"), []);
});

Deno.test({
  name: "startTemporal: stop, start and restart keep the ports and the workflows in the db file",
  // npm test passes the CLI it ensured; without one (TEMPORAL_ADDRESS) this is skipped, visibly.
  ignore: !Deno.env.get("TEMPORAL_CLI"),
  async fn() {
    const cli = Deno.env.get("TEMPORAL_CLI")!;
    const dir = await Deno.makeTempDir({ prefix: "temporal-test-" });
    const temporal = await startTemporal({
      own: true,
      cli,
      headless: true,
      dbFile: join(dir, "temporal.db"),
      dynamicConfig: { "frontend.keepAliveMaxConnectionAge": "5s" },
      logDir: dir,
      name: "temporal-restart-test",
    });
    const run = (...args: string[]) =>
      capture(cli, [...args, "--address", temporal.address, "--command-timeout", "10s"], {
        TEMPORAL_ADDRESS: "",
        TEMPORAL_NAMESPACE: "",
      });
    const described = async (id: string) =>
      JSON.parse(await run("workflow", "describe", "--workflow-id", id, "-o", "json"));
    try {
      assert(temporal.managed && temporal.running);
      // A workflow that waits for a worker that never comes: it stays open.
      await run(
        "workflow",
        "start",
        "--type",
        "nothing",
        "--task-queue",
        "nobody",
        "--workflow-id",
        "kept",
      );
      const first = temporal.pid;

      await temporal.stop();
      assertEquals(temporal.running, false);
      await temporal.start();
      assertNotEquals(temporal.pid, first);
      assertEquals((await described("kept")).workflowExecutionInfo.execution.workflowId, "kept");

      const second = temporal.pid;
      await temporal.kill("SIGKILL");
      await temporal.restart();
      assertNotEquals(temporal.pid, second);
      assertEquals((await described("kept")).workflowExecutionInfo.execution.workflowId, "kept");
    } finally {
      await temporal.stop();
      await Deno.remove(dir, { recursive: true });
    }
  },
});
