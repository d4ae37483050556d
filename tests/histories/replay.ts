/**
 * Replays every committed workflow history against today's workflow code (Node: the worker SDK
 * runs only there). A change that would break cases already running — a new activity call or
 * timer where an old run had none, without `patched()` — fails here before it ships.
 * Run: `node --import tsx tests/histories/replay.ts`; prints one JSON line per history.
 */
import { readdir, readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { Worker } from "@temporalio/worker";
import { historyFromJSON } from "@temporalio/common/lib/proto-utils.js";

const dir = new URL("./", import.meta.url);
const workflowsPath = fileURLToPath(new URL("../../workflows/index.ts", import.meta.url));

const files = (await readdir(dir)).filter((f) => f.endsWith(".json")).sort();
const histories = await Promise.all(files.map(async (file) => ({
  workflowId: file.replace(/\.json$/, ""),
  history: historyFromJSON(JSON.parse(await readFile(new URL(file, dir), "utf8"))),
})));

let failed = 0;
for await (const result of Worker.runReplayHistories({ workflowsPath }, histories)) {
  if (result.error) failed++;
  console.log(JSON.stringify({
    history: result.workflowId,
    ok: !result.error,
    error: result.error ? String(result.error) : undefined,
  }));
}
process.exit(failed > 0 ? 1 : 0);
