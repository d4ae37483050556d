/**
 * The fuzz suite, generated from the router: every route and method of the manifest gets
 * malformed input (tests/fuzz/inputs.ts: control characters and NUL in every field and query
 * parameter, invalid UTF-8, huge, many and duplicate fields, wrong content types, truncated
 * multipart, odd path parameters; tests/fuzz/raw.ts: odd Host headers, absolute-form targets,
 * raw bytes) as an anonymous visitor, a signed-in citizen and a clerk, with valid CSRF tokens
 * so that the handlers are reached. Field names come from the forms of each route's own page
 * plus generic ones, so a new route is fuzzed without anyone writing a fixture.
 *
 * It runs against a real web process (`startWeb`), because what it guards against is the
 * process going down (Deno aborts on an invalid response header): it fails on any 5xx, on a
 * request left without an answer, and on a web process that is not the same process afterwards.
 */
import { hash } from "@node-rs/argon2";
import { assert, assertEquals } from "./assert.ts";
import { demoTowns, hasServices, shared } from "./support/app.ts";
import { TestClient } from "./support/client.ts";
import { maildevUrl } from "./support/maildev.ts";
import { manifest } from "../routes.gen.ts";
import { getDb } from "../lib/db.ts";
import { freePort, startWeb, type WebService } from "../scripts/services/mod.ts";
import { type FuzzRoute, fuzzRoutes } from "./fuzz/routes.ts";
import { GENERIC_FIELDS, pageForms } from "./fuzz/forms.ts";
import { type FuzzRequest, fuzzRequests, ODD_PARAMS } from "./fuzz/inputs.ts";
import { rawRequest, rawRequests } from "./fuzz/raw.ts";
import { casesLeftRetrying } from "./support/stuck.ts";

const opts = { ...shared, ignore: !hasServices || !maildevUrl };
const CONCURRENCY = 12;
const MIN_REQUESTS = 10_000;

interface Identity {
  name: "anonymous" | "citizen" | "clerk";
  client: TestClient;
  csrf: string;
}

interface Outcome {
  sent: number;
  failures: string[];
  statuses: Map<number, number>;
  /** "clerk POST 422" → count: shows that handlers were reached, not only the edge. */
  byIdentity: Map<string, number>;
}

/** A client of the real web process (the tenant is chosen by Host `127.0.0.1`: Lipnice). */
function remoteClient(web: WebService): TestClient {
  return new TestClient(async (req) => {
    const url = new URL(req.url);
    const body = req.method === "GET" || req.method === "HEAD"
      ? undefined
      : await req.arrayBuffer();
    return await fetch(`${web.url}${url.pathname}${url.search}`, {
      method: req.method,
      headers: req.headers,
      body,
      redirect: "manual",
    });
  }, "127.0.0.1");
}

/** A citizen who signs in with a password alone, made for this run. */
async function citizen(web: WebService): Promise<TestClient> {
  const { lipnice } = await demoTowns();
  const username = `fuzz.obcan.${crypto.randomUUID().slice(0, 8)}`;
  const password = "Fuzz-obcan-heslo-2026";
  await getDb().insertInto("persons").values({
    tenant_id: lipnice.id,
    username,
    given_name: "Fuzz",
    family_name: "Občan",
    password_hash: await hash(password, { algorithm: 2 }),
    status: "active",
    updated_at: new Date(),
  }).execute();
  const c = remoteClient(web);
  await c.loginCitizen(username, password);
  return c;
}

/** A different address per request (`TRUST_PROXY=1`), so per-address limits do not hide handlers. */
function someAddress(): string {
  const b = crypto.getRandomValues(new Uint8Array(3));
  return `10.${b[0]}.${b[1]}.${b[2]}`;
}

function cookieHeader(client: TestClient): string {
  return [...client.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
}

/** The field names to fill for `route`: its page's forms, as `who` sees them, plus generic ones. */
async function fieldsOf(
  web: WebService,
  who: Identity,
  route: FuzzRoute,
): Promise<{ fields: string[]; multipart: boolean }> {
  const generic = [...GENERIC_FIELDS];
  if (route.dynamic || !route.methods.includes("GET")) return { fields: generic, multipart: false };
  const path = route.path();
  const res = await fetch(`${web.url}${path}`, {
    headers: { cookie: cookieHeader(who.client), "x-forwarded-for": someAddress() },
    redirect: "manual",
  });
  const html = res.headers.get("content-type")?.includes("text/html") ? await res.text() : "";
  if (!html) await res.body?.cancel();
  const forms = pageForms(html, path);
  return { fields: [...new Set([...forms.fields, ...generic])], multipart: forms.multipart };
}

async function send(web: WebService, who: Identity, r: FuzzRequest, out: Outcome): Promise<void> {
  const label = `${who.name} ${r.method} ${r.target.slice(0, 80)} [${r.kind}]`;
  out.sent++;
  try {
    const res = await fetch(`${web.url}${r.target}`, {
      method: r.method,
      headers: { ...r.headers, cookie: cookieHeader(who.client), "x-forwarded-for": someAddress() },
      body: r.body,
      redirect: "manual",
      signal: AbortSignal.timeout(30_000),
    });
    await res.body?.cancel();
    out.statuses.set(res.status, (out.statuses.get(res.status) ?? 0) + 1);
    const key = `${who.name} ${r.method} ${res.status}`;
    out.byIdentity.set(key, (out.byIdentity.get(key) ?? 0) + 1);
    if (res.status >= 500) out.failures.push(`${label} → ${res.status}`);
  } catch (error) {
    // The server may answer a body over the limit before reading it all and close the
    // connection while it is still being sent: that is an answer, not a failure.
    if (r.kind === "body over the limit") return;
    out.failures.push(`${label} → no answer: ${(error as Error).message.slice(0, 120)}`);
  }
}

async function pool<T>(items: T[], work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
    while (next < items.length) await work(items[next++]);
  }));
}

/** Everything one identity sends: every route and method, logging-out routes last. */
async function requestsFor(
  web: WebService,
  who: Identity,
  routes: FuzzRoute[],
  heavy: boolean,
): Promise<{ first: FuzzRequest[]; last: FuzzRequest[] }> {
  const first: FuzzRequest[] = [];
  const last: FuzzRequest[] = [];
  for (const route of routes) {
    const { fields, multipart } = await fieldsOf(web, who, route);
    const list = /^\/odhlaseni/.test(route.path()) ? last : first;
    for (const method of route.methods) {
      list.push(...fuzzRequests(method, route.path(), fields, who.csrf, multipart, heavy));
    }
    // A method the route does not have.
    const other = ["PATCH", "DELETE", "PUT", "POST"].find((m) => !route.methods.includes(m));
    if (other) list.push({ kind: "method not allowed", method: other, target: route.path() });
    if (route.dynamic) {
      for (const param of ODD_PARAMS) {
        for (const method of route.methods) {
          const body = method === "GET"
            ? undefined
            : new URLSearchParams({ _csrf: who.csrf, reason: "x" });
          list.push({
            kind: `path parameter ${param.slice(0, 12)}`,
            method,
            target: route.path(param),
            body,
          });
        }
      }
    }
  }
  return { first, last };
}

Deno.test({
  name: "[fuzz] no malformed request to any route gives a 5xx or takes the web process down",
  ...opts,
  async fn() {
    const started = performance.now();
    const fuzzStarted = new Date();
    await demoTowns();
    const env = { ...Deno.env.toObject() };
    const web = await startWeb({
      ...env,
      PORT: String(freePort()),
      TRUST_PROXY: "1",
      LOG_LEVEL: "error",
    });
    try {
      const pid = web.pid;
      let crashed: string | undefined;
      web.crashed.then((why) => crashed = why);

      const routes = fuzzRoutes(manifest);
      assert(routes.length >= 20, "the router lists its routes");
      const anonymous = remoteClient(web);
      const citizenClient = await citizen(web);
      const clerkClient = remoteClient(web);
      await clerkClient.loginClerk();
      const identities: Identity[] = [];
      for (
        const [name, client] of [
          ["anonymous", anonymous],
          ["citizen", citizenClient],
          ["clerk", clerkClient],
        ] as const
      ) {
        identities.push({ name, client, csrf: await client.csrfToken() });
      }

      const out: Outcome = { sent: 0, failures: [], statuses: new Map(), byIdentity: new Map() };
      for (const [i, who] of identities.entries()) {
        const { first, last } = await requestsFor(web, who, routes, i === 0);
        await pool(first, (r) => send(web, who, r, out));
        if (who.name !== "anonymous") {
          // Still signed in after all that, so the requests above really reached signed-in
          // handlers (the logging-out routes come only now).
          const home = who.name === "clerk" ? "/urad" : "/ucet";
          const res = await fetch(`${web.url}${home}`, {
            headers: { cookie: cookieHeader(who.client) },
            redirect: "manual",
          });
          await res.body?.cancel();
          assertEquals(res.status, 200, `the ${who.name} is still signed in`);
        }
        await pool(last, (r) => send(web, who, r, out));
      }
      // Odd hosts, absolute-form targets and raw bytes, on every route's path.
      const port = Number(new URL(web.url).port);
      const raw = routes.flatMap((route) => rawRequests(route.path()));
      await pool(raw, async (head) => {
        out.sent++;
        const { status } = await rawRequest(port, head);
        if (status !== undefined && status >= 500) {
          const line = typeof head === "string" ? head : new TextDecoder("latin1").decode(head);
          out.failures.push(`raw ${JSON.stringify(line.slice(0, 100))} → ${status}`);
        }
      });
      // No case left retrying: what the fuzz filed (reports, messages) has had time for a
      // second attempt of every step; one that failed twice is stuck on its input.
      await new Promise((r) => setTimeout(r, 7_000));
      const stuck = await casesLeftRetrying(getDb(), Deno.env.get("TEMPORAL_ADDRESS")!, {
        since: fuzzStarted,
        minAttempts: 2,
      });
      assertEquals(stuck, [], "no case left retrying");

      const seconds = ((performance.now() - started) / 1000).toFixed(1);
      const statuses = [...out.statuses].sort(([a], [b]) => a - b).map(([s, n]) => `${s}×${n}`);
      console.log(`fuzz: ${out.sent} requests in ${seconds} s; statuses ${statuses.join(" ")}`);
      console.log([...out.byIdentity].sort().map(([k, n]) => `${k}×${n}`).join(", "));
      if (out.failures.length > 0) console.log(web.tail(40));
      assertEquals(out.failures.slice(0, 30), [], `${out.failures.length} failures`);
      assertEquals(crashed, undefined, "the web process did not exit");
      assertEquals(web.pid, pid, "the web process is the same process");
      const ready = await fetch(`${web.url}/readyz`);
      await ready.body?.cancel();
      assertEquals(ready.status, 200, "the web process still answers");
      assert(out.sent >= MIN_REQUESTS, `at least ${MIN_REQUESTS} requests (sent ${out.sent})`);
    } finally {
      await web.stop();
    }
  },
});
