/**
 * CPU time per request of the portal's web tier, in process: the figure to compare between
 * commits (it hardly depends on what else runs on the machine, unlike requests per second).
 *
 *   DATABASE_URL=… deno run -A [--cpu-prof] scripts/bench_cpu.ts [--requests=2000] [--only=ucet]
 *
 * Needs a database as `deno task bench --hold` leaves it (the demo town, its 1 000 notices and
 * the bench person of scripts/bench_ledger.ts): run the hold, then this against its
 * DATABASE_URL. Two portals are made in this process, one with the render cache and one
 * without (`PAGE_CACHE=off`); each target is asked `--requests` times one request after
 * another (after a warm-up of a fifth as many), and the process's CPU time (user + system,
 * every thread: the pg driver's sockets included, PostgreSQL's own time not) divided by the
 * requests is printed with the wall time per request. No HTTP server is in the path (the
 * requests go to `fetch` directly), so the figures leave out Deno.serve's own share (about
 * 5–8 µs a request, bare `Deno.serve`'s figure in `deno task bench`).
 */
import process from "node:process";
import { createPortalApp } from "../lib/http/app.ts";
import { signInCookie } from "./bench_ledger.ts";

const args = new Map(
  Deno.args.map((a) => /^--([a-z-]+)(?:=(.*))?$/.exec(a)).filter((m) => m !== null).map((
    m,
  ) => [m![1], m![2] ?? "1"]),
);
const requests = Number(args.get("requests") ?? 2000);
if (!Deno.env.get("DATABASE_URL")) throw new Error("DATABASE_URL is required");
Deno.env.set("LOG_LEVEL", Deno.env.get("LOG_LEVEL") ?? "warn");
Deno.env.set("SESSION_SECRET", Deno.env.get("SESSION_SECRET") ?? "bench-cpu-".repeat(4));

const cached = createPortalApp({ pageCache: true });
const rendered = createPortalApp({ pageCache: false });
await Promise.all([cached.prebuild(), rendered.prebuild()]);

// Signing in goes through a real server (the form's cookies and CSRF token).
const server = Deno.serve({ port: 0, onListen: () => {} }, rendered.fetch);
const cookie = await signInCookie(`http://localhost:${server.addr.port}`);
// The demo town's citizen with a household (20 obligations of theirs and those they pay for).
const demoCookie = await signInCookie(`http://localhost:${server.addr.port}`, {
  username: "tomas.horak.1001",
  password: "Obcan-Lipnice-2026",
});
await server.shutdown();

const headers = (extra: Record<string, string> = {}) => ({
  host: "localhost",
  "user-agent": "portal-bench",
  accept: "text/html,application/xhtml+xml,*/*;q=0.8",
  "accept-language": "cs",
  "accept-encoding": "gzip",
  ...extra,
});

interface Target {
  label: string;
  app: typeof cached;
  path: string;
  cookie?: string;
}
const targets: Target[] = [
  { label: "/healthz", app: rendered, path: "/healthz" },
  { label: "/ from the render cache", app: cached, path: "/" },
  { label: "/uredni-deska from the render cache", app: cached, path: "/uredni-deska" },
  { label: "/ rendered", app: rendered, path: "/" },
  { label: "/uredni-deska rendered", app: rendered, path: "/uredni-deska" },
  { label: "/ucet signed in, 200 obligations", app: rendered, path: "/ucet", cookie },
  { label: "/ucet signed in, demo citizen", app: rendered, path: "/ucet", cookie: demoCookie },
];

async function ask(target: Target): Promise<void> {
  const res = await target.app.fetch(
    new Request(`http://localhost${target.path}`, {
      headers: headers(target.cookie ? { cookie: target.cookie } : {}),
    }),
  );
  await res.arrayBuffer();
  if (res.status !== 200) throw new Error(`${target.path} answered ${res.status}`);
}

console.log(`requests per target: ${requests}`);
const only = args.get("only");
for (const target of targets) {
  if (only && !target.label.includes(only)) continue;
  for (let i = 0; i < Math.max(50, requests / 5); i++) await ask(target);
  if (target.app === cached) {
    for (let i = 0; i < 100 && cached.cache.size < 2; i++) {
      await new Promise((r) => setTimeout(r, 20));
    }
  }
  const cpu = process.cpuUsage();
  const t0 = performance.now();
  for (let i = 0; i < requests; i++) await ask(target);
  const wall = (performance.now() - t0) * 1000 / requests;
  const used = process.cpuUsage(cpu);
  const us = (used.user + used.system) / requests;
  console.log(
    `${target.label.padEnd(38)} ${us.toFixed(1).padStart(7)} µs CPU ${
      wall.toFixed(1).padStart(7)
    } µs wall`,
  );
}
await Promise.all([cached.close(), rendered.close()]);
Deno.exit(0);
