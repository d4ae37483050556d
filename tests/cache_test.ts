/**
 * The render cache (lib/http/render_cache.ts) as a visitor and an operator meet it: a notice its
 * workflow publishes is on the cached board at once, in this web process and in a second one
 * (LISTEN/NOTIFY from the database's triggers); a request with a session cookie never gets a
 * cached page or a cacheable header; `If-None-Match` gets 304 for every encoding kept.
 */
import { assert, assertEquals, assertMatch, assertStringIncludes } from "./assert.ts";
import { client, demoTowns, hasServices, shared, signedInCitizen, testApp } from "./support/app.ts";
import { hiddenField, type TestClient, waitFor } from "./support/client.ts";
import { getDb } from "../lib/db.ts";
import { toPragueLocalInput } from "../domain/time.ts";
import { PUBLIC_CACHE_CONTROL } from "../lib/http/public_page.ts";
import { freePort, startWeb } from "../scripts/services/mod.ts";
import { brotliDecompressSync, gunzipSync } from "node:zlib";

const opts = { ...shared, ignore: !hasServices || !Deno.env.get("MAILDEV_URL") };
const run = crypto.randomUUID().slice(0, 8);
const STALE_TOKEN = "eyJhbGciOiJIUzI1NiJ9.e30.bm90LWEtdmFsaWQtc2lnbmF0dXJl";

/** Files a notice as the clerk, to be posted now; returns its id. */
async function postNotice(title: string): Promise<string> {
  const c = await client();
  await c.loginClerk();
  const form = await c.page("/urad/uredni-deska/novy");
  const res = await c.post("/urad/uredni-deska/novy", {
    _idem: hiddenField(form, "_idem"),
    title,
    referenceNumber: `OÚ-LIP/${run}/2026`,
    agenda: "ostatni",
    description: "Oznámení pro test mezipaměti.",
    _confirm: "ano",
    postedFrom: toPragueLocalInput(new Date(Date.now() - 60_000)),
    relevantUntil: "",
  }, { csrf: hiddenField(form, "_csrf") });
  assertEquals(res.status, 303);
  const id = /\/urad\/uredni-deska\/([0-9a-f-]{36})/.exec(res.headers.get("location") ?? "")?.[1];
  assert(id, `unexpected redirect ${res.headers.get("location")}`);
  return id;
}

async function status(id: string): Promise<string> {
  const row = await getDb().selectFrom("notices").select("status").where("id", "=", id)
    .executeTakeFirstOrThrow();
  return row.status;
}

/** GETs `path` until its body includes `text`; how long that took after `since`, in ms. */
async function visibleAfter(
  get: () => Promise<string>,
  text: string,
  since: number,
  limitMs: number,
): Promise<number> {
  while (true) {
    if ((await get()).includes(text)) return performance.now() - since;
    if (performance.now() - since > limitMs) return Infinity;
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** "Nalezeno 1 008 dokumentů" → 1008. */
function boardCount(html: string): number {
  const m = /Nalezen[oy]? ([\d\s\u00a0]+) dokument/.exec(html);
  assert(m, "the board says how many notices it holds");
  return Number(m[1].replace(/\D/g, ""));
}

Deno.test({
  name:
    "[cache] a notice its workflow publishes is on the cached board at once, in this web process and in another",
  ...opts,
  async fn() {
    await demoTowns();
    const app = testApp();
    await app.prebuild(); // listens for invalidations
    const other = await startWeb({
      ...Deno.env.toObject(),
      PORT: String(freePort()),
      LOG_LEVEL: "error",
    });
    try {
      const here = await client();
      const there = (path: string) =>
        fetch(`${other.url}${path}`, { headers: { host: "localhost" } }).then((r) => r.text());
      // Both processes have the board cached (rendered once, then answered from the cache).
      for (let i = 0; i < 3; i++) {
        await here.page("/uredni-deska");
        await there("/uredni-deska");
        await new Promise((r) => setTimeout(r, 50));
      }
      const hits = app.cache.hits;
      await here.page("/uredni-deska");
      assertEquals(app.cache.hits, hits + 1, "the board comes from the cache");

      const before = boardCount(await here.page("/uredni-deska"));
      const title = `Veřejná vyhláška o uzavírce mostu ${run}`;
      const id = await postNotice(title);
      // The workflow publishes it (a timer at vyvěšení, then an activity): watch for that.
      let published = 0;
      await waitFor(async () => {
        if ((await status(id)) !== "published") return false;
        published = performance.now();
        return true;
      }, { what: "the workflow to publish the notice", intervalMs: 10 });
      const [inThis, inOther] = await Promise.all([
        visibleAfter(() => here.page("/uredni-deska"), title, published, 5_000),
        visibleAfter(() => there("/uredni-deska"), title, published, 5_000),
      ]);
      assert(inThis < 1_000, `this web process showed it after ${inThis.toFixed(0)} ms`);
      assert(inOther < 1_000, `the other web process showed it after ${inOther.toFixed(0)} ms`);
      // The board's count (kept apart from the page, lib/http/notice_board.ts) counts it too.
      assert(boardCount(await here.page("/uredni-deska")) > before, "the count in this process");
      assert(boardCount(await there("/uredni-deska")) > before, "the count in the other process");
      // The detail and the home page, cached before or not, show it too.
      assertStringIncludes(await here.page(`/uredni-deska/${id}`), title);
      assertStringIncludes(await here.page("/"), title);
      assertStringIncludes(await there("/"), title);
    } finally {
      await other.stop();
    }
  },
});

Deno.test({
  name: "[cache] a request with a session cookie never gets a cached page or a cacheable header",
  ...opts,
  async fn() {
    const app = testApp();
    await app.prebuild();
    const anonymous = await client();
    for (const path of ["/", "/uredni-deska", "/zivotni-situace"]) {
      for (let i = 0; i < 2; i++) {
        const res = await anonymous.get(path);
        assertEquals(res.headers.get("cache-control"), PUBLIC_CACHE_CONTROL, path);
        await res.body?.cancel();
        await new Promise((r) => setTimeout(r, 50));
      }
    }
    const citizen: TestClient = await signedInCitizen("lipnice");
    const stale = await client();
    for (const [who, c] of [["signed in", citizen], ["expired session", stale]] as const) {
      for (const path of ["/", "/uredni-deska", "/zivotni-situace"]) {
        // The portal deletes a session cookie it does not know: send it again every time.
        if (who === "expired session") stale.cookies.set("__Host-session", STALE_TOKEN);
        const hits = app.cache.hits;
        const res = await c.get(path);
        const html = await res.text();
        assertEquals(res.status, 200, `${who} ${path}`);
        assertEquals(res.headers.get("cache-control"), "private, no-store", `${who} ${path}`);
        assertEquals(res.headers.get("etag"), null, `${who} ${path}`);
        assertEquals(app.cache.hits, hits, `${who} ${path} was not answered from the cache`);
        if (who === "signed in") assertStringIncludes(html, "Jiný Občan");
      }
    }
  },
});

Deno.test({
  name: "[cache] If-None-Match gets 304 for the page as kept, gzip and brotli alike",
  ...opts,
  async fn() {
    const app = testApp();
    await app.prebuild();
    const c = await client();
    const first = await c.get("/uredni-deska/archiv");
    const identity = first.headers.get("etag") ?? "";
    const body = await first.text();
    assertMatch(identity, /^"[0-9a-f]{32}"$/);
    await new Promise((r) => setTimeout(r, 100)); // compressed in the background
    const seen = new Set<string>();
    for (const encoding of ["identity", "gzip", "br", "gzip, deflate, br, zstd"]) {
      const res = await c.get("/uredni-deska/archiv", { headers: { "accept-encoding": encoding } });
      const etag = res.headers.get("etag") ?? "";
      const bytes = new Uint8Array(await res.arrayBuffer());
      seen.add(etag);
      const sent = res.headers.get("content-encoding");
      assertEquals(sent, encoding === "identity" ? null : encoding === "gzip" ? "gzip" : "br");
      assertStringIncludes(res.headers.get("vary") ?? "", "Accept-Encoding");
      const text = new TextDecoder().decode(
        sent === null ? bytes : sent === "gzip" ? gunzipSync(bytes) : brotliDecompressSync(bytes),
      );
      assertEquals(text, body, `${encoding}: the same page`);
      for (const inm of [etag, `W/${etag}`, `"x", ${identity}`, "*"]) {
        const again = await c.get("/uredni-deska/archiv", {
          headers: { "accept-encoding": encoding, "if-none-match": inm },
        });
        assertEquals(again.status, 304, `${encoding} If-None-Match: ${inm}`);
        assertEquals(await again.text(), "");
        assertEquals(again.headers.get("etag"), etag);
        assertEquals(again.headers.get("cache-control"), PUBLIC_CACHE_CONTROL);
      }
      const changed = await c.get("/uredni-deska/archiv", {
        headers: { "accept-encoding": encoding, "if-none-match": '"0123"' },
      });
      assertEquals(changed.status, 200);
      await changed.body?.cancel();
    }
    assertEquals(seen.size, 3, "one strong ETag per encoding");
  },
});
