/**
 * The web process holds no gRPC connection: Deno's `node:http2` aborts the whole process when a
 * server sends GOAWAY to an idle session, so nothing the web entry loads may reach Temporal's
 * client, gRPC or HTTP/2 — commands go through the database instead. Nor does it load code that
 * belongs to the worker (workflows, activities, lib/worker).
 */
import { assertEquals } from "./assert.ts";

interface DenoInfo {
  modules: { specifier: string; dependencies?: { specifier: string }[] }[];
}

async function webGraph(): Promise<DenoInfo> {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["info", "--json", "main.ts"],
    cwd: new URL("..", import.meta.url).pathname,
    stdout: "piped",
    stderr: "piped",
  }).output();
  if (!out.success) throw new Error(new TextDecoder().decode(out.stderr));
  return JSON.parse(new TextDecoder().decode(out.stdout));
}

Deno.test("[web] the web entry loads no Temporal client, gRPC, HTTP/2 or worker-only code", async () => {
  const graph = await webGraph();
  const root = new URL("..", import.meta.url).href;
  const own = graph.modules.filter((m) =>
    m.specifier.startsWith(root) && !m.specifier.includes("/node_modules/")
  );
  const forbiddenPackages = own.flatMap((m) =>
    (m.dependencies ?? []).map((d) => d.specifier)
      .filter((s) => /^(@temporalio\/|@grpc\/|node:http2$|http2$)/.test(s))
      .map((s) => `${m.specifier.slice(root.length)} → ${s}`)
  );
  assertEquals(forbiddenPackages, []);
  const workerOnly = own.map((m) => m.specifier.slice(root.length))
    .filter((p) => /^(workflows|activities|lib\/worker)\/|^worker\.ts$/.test(p));
  assertEquals(workerOnly, []);
  // The graph really is the web's: it has the routes and the platform.
  assertEquals(own.some((m) => m.specifier.endsWith("/routes.gen.ts")), true);
});
