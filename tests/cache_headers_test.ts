/**
 * Cache headers per route class, for every route of the manifest (so a route added tomorrow is
 * checked without anyone listing it): only the public pages below may be cacheable, and only for
 * an anonymous visitor; everything of the personal account, the clerk workspace, the personal
 * API and the calendar feeds is `private, no-store` for everyone; anything answered to a request
 * with a session cookie is `private, no-store`; static assets are cached immutably and never
 * vary by cookie. A new personal page cannot become cacheable by mistake: a route that is not
 * listed here and answers with a public `Cache-Control` fails this test.
 */
import { assert, assertEquals } from "./assert.ts";
import { client, demoTowns, hasServices, shared, signedInCitizen } from "./support/app.ts";
import type { TestClient } from "./support/client.ts";
import { manifest } from "../routes.gen.ts";
import { fuzzRoutes } from "./fuzz/routes.ts";
import { PUBLIC_CACHE_CONTROL } from "../lib/http/public_page.ts";
import { preloadFonts, siteStylesheet } from "../components/gov/assets.ts";
import { getDb } from "../lib/db.ts";

const opts = { ...shared, ignore: !hasServices };

/** Routes an anonymous visitor may get with a cacheable answer, and the header they send. */
const PUBLIC_ROUTES: Record<string, string> = {
  "./routes/index.tsx": PUBLIC_CACHE_CONTROL,
  "./routes/uredni-deska/index.tsx": PUBLIC_CACHE_CONTROL,
  "./routes/uredni-deska/archiv.tsx": PUBLIC_CACHE_CONTROL,
  "./routes/uredni-deska/[id].tsx": PUBLIC_CACHE_CONTROL,
  "./routes/aktuality/index.tsx": PUBLIC_CACHE_CONTROL,
  "./routes/aktuality/[id].tsx": PUBLIC_CACHE_CONTROL,
  // Grants (issue 14).
  "./routes/dotace/index.tsx": PUBLIC_CACHE_CONTROL,
  "./routes/dotace/[id].tsx": PUBLIC_CACHE_CONTROL,
  "./routes/dotace/poskytnute.tsx": PUBLIC_CACHE_CONTROL,
  "./routes/dotace/poskytnute.csv.ts": "public, max-age=60",
  "./routes/dotace/poskytnute.json.ts": "public, max-age=60",
  "./routes/uredni-deska/[id]/dokumenty/[docId].ts": "public, max-age=300",
  "./routes/uredni-deska.jsonld.ts": "public, max-age=60",
  "./routes/zivotni-situace/index.tsx": PUBLIC_CACHE_CONTROL,
  "./routes/zivotni-situace/[slug].tsx": PUBLIC_CACHE_CONTROL,
  "./routes/hlaseni-zavad/index.tsx": PUBLIC_CACHE_CONTROL,
  "./routes/hlaseni-zavad/[id].tsx": PUBLIC_CACHE_CONTROL,
  "./routes/api/v1/forms/[slug].ts":
    "public, max-age=300, s-maxage=3600, stale-while-revalidate=86400",
  "./routes/api/v1/openapi.json.ts":
    "public, max-age=300, s-maxage=3600, stale-while-revalidate=86400",
  // The town's spending registers and open data (issue 12).
  "./routes/faktury/index.tsx": PUBLIC_CACHE_CONTROL,
  "./routes/smlouvy/index.tsx": PUBLIC_CACHE_CONTROL,
  "./routes/smlouvy/[id].tsx": PUBLIC_CACHE_CONTROL,
  "./routes/objednavky/index.tsx": PUBLIC_CACHE_CONTROL,
  "./routes/dodavatele/[ico].tsx": PUBLIC_CACHE_CONTROL,
  "./routes/opendata/index.tsx": PUBLIC_CACHE_CONTROL,
  "./routes/opendata/faktury/[rok].json.ts": "public, max-age=60",
  "./routes/opendata/smlouvy.json.ts": "public, max-age=60",
  "./routes/opendata/objednavky.json.ts": "public, max-age=60",
  "./routes/opendata/rozpocet/[rok].json.ts": "public, max-age=60",
  "./routes/opendata/schema/[name].json.ts": "public, max-age=60",
  // Appointments (issue 15): the list of services; a service's day has forms (CSRF) and
  // free seats that change with every booking, so it stays private.
  "./routes/rezervace/index.tsx": PUBLIC_CACHE_CONTROL,
  // The SAML2 SP metadata NIA reads (lib/saml/config.ts; 404 for a town without SAML).
  "./routes/saml/metadata.ts": "public, max-age=3600, s-maxage=3600, stale-while-revalidate=86400",
};

/** Whose answers are always private, to anyone. */
const PERSONAL = /^\/(ucet|urad|api\/v1\/me|kalendar)(\/|$)/;
const PRIVATE = "private, no-store";

/** A path of every GET route: dynamic segments filled with a real value where one exists. */
async function getPaths(): Promise<{ file: string; path: string }[]> {
  const { lipnice } = await demoTowns();
  const db = getDb();
  const notice = await db.selectFrom("notices").select("id").where("tenant_id", "=", lipnice.id)
    .where("status", "=", "published").executeTakeFirst();
  const call = await db.selectFrom("grant_calls").select("id").where("tenant_id", "=", lipnice.id)
    .where("state", "=", "open").executeTakeFirst();
  const samples: Record<string, string> = {
    "./routes/zivotni-situace/[slug].tsx": "/zivotni-situace/poplatek-ze-psa",
    "./routes/api/v1/forms/[slug].ts": "/api/v1/forms/poplatek-ze-psa",
    "./routes/rezervace/[slug].tsx": "/rezervace/obcanske-prukazy",
    ...(notice ? { "./routes/uredni-deska/[id].tsx": `/uredni-deska/${notice.id}` } : {}),
    ...(call ? { "./routes/dotace/[id].tsx": `/dotace/${call.id}` } : {}),
  };
  const paths: { file: string; path: string }[] = [];
  for (const route of fuzzRoutes(manifest)) {
    if (!route.methods.includes("GET")) continue;
    paths.push({ file: route.file, path: route.path() });
    if (samples[route.file]) paths.push({ file: route.file, path: samples[route.file] });
  }
  return paths;
}

async function cacheControl(c: TestClient, path: string): Promise<[number, string | null]> {
  const res = await c.get(path, { redirect: "manual" });
  await res.body?.cancel();
  return [res.status, res.headers.get("cache-control")];
}

Deno.test({
  name:
    "[cache headers] anonymous: only the listed public routes are cacheable; personal ones never",
  ...opts,
  async fn() {
    const c = await client();
    const failures: string[] = [];
    let publicSeen = 0;
    for (const { file, path } of await getPaths()) {
      const [status, value] = await cacheControl(c, path);
      const allowed = PUBLIC_ROUTES[file];
      const cacheable = value !== null && /\bpublic\b|s-maxage|max-age=[1-9]/.test(value) &&
        !/no-store|private/.test(value);
      if (PERSONAL.test(path)) {
        if (value !== PRIVATE) failures.push(`${path} (${status}): ${value}, not ${PRIVATE}`);
      } else if (cacheable) {
        if (!allowed) failures.push(`${path} (${status}) is cacheable (${value}) but not listed`);
        else if (allowed !== "*" && value !== allowed) {
          failures.push(`${path} (${status}): ${value}, expected ${allowed}`);
        }
        if (status === 200) publicSeen++;
      } else if (!value || !/no-store/.test(value)) {
        failures.push(`${path} (${status}): ${value ?? "no Cache-Control"}, expected no-store`);
      }
    }
    assertEquals(failures, []);
    assert(publicSeen >= 6, `the public pages answered cacheably (${publicSeen})`);
  },
});

Deno.test({
  name: "[cache headers] with a session cookie every answer is private, no-store",
  ...opts,
  async fn() {
    const citizen = await signedInCitizen("lipnice");
    const clerk = await client();
    await clerk.loginClerk();
    const stale = await client();
    const failures: string[] = [];
    for (const [who, c] of [["citizen", citizen], ["clerk", clerk], ["stale", stale]] as const) {
      for (const { path } of await getPaths()) {
        if (/^\/odhlaseni/.test(path)) continue; // GET of a POST-only route: 405, fine either way
        // The portal deletes a session cookie it does not know: send it again every time.
        if (who === "stale") stale.cookies.set("__Host-session", "not-a-session");
        const [status, value] = await cacheControl(c, path);
        if (value !== PRIVATE) failures.push(`${who} ${path} (${status}): ${value}`);
      }
    }
    assertEquals(failures, []);
  },
});

Deno.test({
  name:
    "[cache headers] static assets are cached immutably, never vary by cookie, the stylesheet comes compressed",
  ...opts,
  async fn() {
    const c = await client();
    const citizen = await signedInCitizen("lipnice");
    for (const path of [siteStylesheet, ...preloadFonts, "/favicon.svg"]) {
      for (const who of [c, citizen]) {
        const res = await who.get(path, { headers: { "accept-encoding": "br, gzip" } });
        await res.body?.cancel();
        assertEquals(res.status, 200, path);
        if (path === siteStylesheet) {
          // Compressed at build time, sent as it is.
          assertEquals(res.headers.get("content-encoding"), "br", path);
          assertEquals(res.headers.get("vary"), "Accept-Encoding", path);
        }
        const vary = res.headers.get("vary") ?? "";
        assert(!/cookie/i.test(vary), `${path} varies by cookie: ${vary}`);
        assertEquals(res.headers.get("set-cookie"), null, path);
        const value = res.headers.get("cache-control") ?? "";
        if (/\.[0-9a-f]{8}\.\w+$/.test(path)) {
          assertEquals(value, "public, max-age=31536000, immutable", path);
        } else assert(/^public/.test(value), `${path}: ${value}`);
      }
    }
  },
});

Deno.test({
  name:
    "[cache headers] a public page keeps the security headers browsers act on and none they ignore",
  ...opts,
  async fn() {
    const c = await client();
    for (const path of ["/", "/uredni-deska"]) {
      // The first answer is rendered, a later one comes from the render cache: both alike.
      for (let i = 0; i < 2; i++) {
        const res = await c.get(path, { headers: { "accept-encoding": "gzip" } });
        await res.body?.cancel();
        assertEquals(res.status, 200, path);
        const h = res.headers;
        const csp = h.get("content-security-policy") ?? "";
        assert(/script-src 'none'/.test(csp) && /frame-ancestors 'none'/.test(csp), csp);
        assertEquals(h.get("strict-transport-security"), "max-age=31536000; includeSubDomains");
        assertEquals(h.get("x-content-type-options"), "nosniff");
        assertEquals(h.get("x-frame-options"), "SAMEORIGIN");
        assertEquals(h.get("referrer-policy"), "strict-origin-when-cross-origin");
        assertEquals(h.get("cross-origin-opener-policy"), "same-origin");
        assertEquals(h.get("cross-origin-resource-policy"), "same-origin");
        assert(h.has("permissions-policy"), path);
        for (
          const legacy of [
            "x-xss-protection",
            "x-download-options",
            "x-permitted-cross-domain-policies",
            "x-dns-prefetch-control",
          ]
        ) {
          assertEquals(h.get(legacy), null, `${path}: ${legacy}`);
        }
      }
    }
  },
});
