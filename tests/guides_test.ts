/**
 * Guides to life situations: the list (grouped, searchable without diacritics, a helpful empty
 * result), a guide's page with its online button only where there is a form, tenant separation,
 * public caching (ETag, 304, private for a session) and the ordinances seeded for the fee.
 */
import { assert, assertEquals, assertMatch, assertStringIncludes } from "./assert.ts";
import { client, demoTowns, hasServices, shared } from "./support/app.ts";
import { getDb } from "../lib/db.ts";
import { findDogFeeOrdinance } from "../db/repositories/dog_fee_ordinances.ts";
import { computeDogFee } from "../domain/dog_fee.ts";
import { PUBLIC_CACHE_CONTROL } from "../lib/http/public_page.ts";

const opts = { ...shared, ignore: !hasServices };

async function html(res: Response): Promise<string> {
  assertEquals(res.status, 200, res.url);
  assertMatch(res.headers.get("content-type") ?? "", /^text\/html; charset=utf-8/i);
  return await res.text();
}

Deno.test({
  name: "[guides] the list groups the town's guides by topic in Czech order and marks online ones",
  ...opts,
  async fn() {
    const c = await client();
    const body = await html(await c.get("/zivotni-situace"));
    assertStringIncludes(body, "<h1>Životní situace</h1>");
    const topics = [...body.matchAll(/<h2 id="tema-\d+">([^<]+)<\/h2>/g)].map((m) => m[1]);
    assertEquals(topics, [...topics].sort((a, b) => a.localeCompare(b, "cs")));
    assert(topics.includes("Poplatky") && topics.includes("Úřad a ověřování"), topics.join());
    assertStringIncludes(body, `href="/zivotni-situace/poplatek-ze-psa"`);
    assertStringIncludes(body, `href="/zivotni-situace/kaceni-drevin"`);
    assertStringIncludes(body, "Lze vyřídit online");
    assert(!body.includes("<script"), "a guide list ships no JavaScript");
    assert(!body.includes("Pronájem sálu kulturního domu"), "another town's guide");
  },
});

Deno.test({
  name: "[guides] search ignores diacritics and case: 'trvaly pobyt' and 'PSA' find their guides",
  ...opts,
  async fn() {
    const c = await client();
    const residence = await html(await c.get("/zivotni-situace?q=trvaly+pobyt"));
    assertStringIncludes(residence, "Přihlášení k trvalému pobytu");
    assertStringIncludes(residence, "Nalezena 1 životní situace");
    assert(!residence.includes("Přihlášení psa k místnímu poplatku"));
    const dog = await html(await c.get("/zivotni-situace?q=PSA"));
    assertStringIncludes(dog, "Přihlášení psa k místnímu poplatku");
    const prefix = await html(await c.get(`/zivotni-situace?q=${encodeURIComponent("ověř")}`));
    assertStringIncludes(prefix, "Ověření podpisu a listiny");
  },
});

Deno.test({
  name: "[guides] nothing found: the page says what was searched and where to look next",
  ...opts,
  async fn() {
    const c = await client();
    const body = await html(
      await c.get(`/zivotni-situace?q=${encodeURIComponent("stavební povolení garáž")}`),
    );
    assertStringIncludes(body, "Nalezeno 0 životních situací");
    assertStringIncludes(body, "Pro „stavební povolení garáž“ jsme žádný návod nenašli.");
    assertStringIncludes(body, "Zkuste vynechat některé slovo");
    assertStringIncludes(
      body,
      `href="/uredni-deska?q=stavebn%C3%AD+povolen%C3%AD+gar%C3%A1%C5%BE"`,
    );
    assertStringIncludes(body, "+420 381 234 567");
  },
});

Deno.test({
  name: "[guides] a guide shows who, what, fees, deadlines, law and contact, and the online button",
  ...opts,
  async fn() {
    const c = await client();
    const body = await html(await c.get("/zivotni-situace/poplatek-ze-psa"));
    assertStringIncludes(body, "<h1>Přihlášení psa k místnímu poplatku</h1>");
    for (
      const heading of [
        "Komu je určeno",
        "Co budete potřebovat",
        "Poplatky",
        "Lhůty",
        "Právní předpisy",
        "Kde a s kým to vyřídíte",
      ]
    ) assertStringIncludes(body, `>${heading}</h2>`);
    assertStringIncludes(body, "první pes 600 Kč");
    assertStringIncludes(body, "zákon č. 565/1990 Sb., o místních poplatcích, § 2");
    assertStringIncludes(body, "Ing. Lenka Svobodová");
    assertStringIncludes(body, `href="mailto:poplatky@lipnice-nad-hajem.example"`);
    assertMatch(
      body,
      /<a class="gov-button[^"]*"[^>]*href="\/zivotni-situace\/poplatek-ze-psa\/formular"/,
    );
    assertStringIncludes(body, "Vyřídit online");
    assert(!body.includes("<script"), "a guide ships no JavaScript");

    const inPerson = await html(await c.get("/zivotni-situace/trvaly-pobyt"));
    assert(!inPerson.includes("Vyřídit online"), "no form, no button");
    assertStringIncludes(inPerson, "Tuto záležitost vyřídíte osobně");
  },
});

Deno.test({
  name: "[guides] each town has its own guides: another town's guide is a 404",
  ...opts,
  async fn() {
    const lipnice = await client();
    const dubova = await client("dubova.localhost");
    assertEquals((await lipnice.get("/zivotni-situace/pronajem-kulturniho-domu")).status, 404);
    const res = await dubova.get("/zivotni-situace/kaceni-drevin");
    await res.body?.cancel();
    assertEquals(res.status, 404);
    assertStringIncludes(
      await html(await dubova.get("/zivotni-situace/pronajem-kulturniho-domu")),
      "Pronájem sálu kulturního domu",
    );
    // The same situation, the town's own rates and people.
    const dog = await html(await dubova.get("/zivotni-situace/poplatek-ze-psa"));
    assertStringIncludes(dog, "první pes 400 Kč");
    assertStringIncludes(dog, "Hana Marková");
    for (
      const odd of ["/zivotni-situace/NEEXISTUJE", "/zivotni-situace/a..b", "/zivotni-situace/x"]
    ) {
      const r = await lipnice.get(odd);
      await r.body?.cancel();
      assertEquals(r.status, 404, odd);
    }
  },
});

Deno.test({
  name: "[guides] guide pages are cacheable when anonymous: ETag, 304, and private for a session",
  ...opts,
  async fn() {
    const c = await client();
    for (const path of ["/zivotni-situace", "/zivotni-situace/poplatek-ze-psa"]) {
      const first = await c.get(path);
      const body = await first.text();
      assertEquals(first.headers.get("cache-control"), PUBLIC_CACHE_CONTROL, path);
      const etag = first.headers.get("etag") ?? "";
      assertMatch(etag, /^"[0-9a-f]{32}"$/);
      const second = await c.get(path);
      assertEquals(await second.text(), body, "the same ETag means the same bytes");
      assertEquals(second.headers.get("etag"), etag);
      const revalidated = await c.get(path, { headers: { "If-None-Match": etag } });
      assertEquals(revalidated.status, 304, path);
      assertEquals(await revalidated.text(), "");
      assertEquals(revalidated.headers.get("etag"), etag);
      const english = await c.get(`${path}?lang=en`);
      await english.body?.cancel();
      assert(english.headers.get("cache-control") !== PUBLIC_CACHE_CONTROL, "sets a cookie");
    }
    const other = await client("dubova.localhost");
    const dubova = await other.get("/zivotni-situace/poplatek-ze-psa");
    await dubova.body?.cancel();
    const lipnice = await c.get("/zivotni-situace/poplatek-ze-psa");
    await lipnice.body?.cancel();
    assert(dubova.headers.get("etag") !== lipnice.headers.get("etag"), "per town");

    const citizen = await client();
    await citizen.loginCitizen();
    const signedIn = await citizen.get("/zivotni-situace/poplatek-ze-psa", {
      headers: { "If-None-Match": lipnice.headers.get("etag") ?? "" },
    });
    assertEquals(signedIn.status, 200);
    assertEquals(signedIn.headers.get("cache-control"), "private, no-store");
    assertEquals(signedIn.headers.get("etag"), null);
    await signedIn.body?.cancel();
  },
});

Deno.test({
  name: "[guides] the header links the guides and the home page lists those done online",
  ...opts,
  async fn() {
    const c = await client();
    const home = await html(await c.get("/"));
    assertMatch(home, /<a[^>]*href="\/zivotni-situace"[^>]*>Životní situace<\/a>/);
    assertStringIncludes(home, `href="/zivotni-situace/poplatek-ze-psa"`);
    const guide = await html(await c.get("/zivotni-situace/hlaseni-zavady"));
    assertMatch(
      guide,
      /href="\/zivotni-situace"[^>]*aria-current="true"|aria-current="true"[^>]*href="\/zivotni-situace"/,
    );
  },
});

Deno.test({
  name: "[guides] each demo town has its dog-fee ordinance for the case workflow",
  ...opts,
  async fn() {
    const { lipnice, dubova } = await demoTowns();
    const db = getDb();
    const lip = await findDogFeeOrdinance(db, lipnice.id, 2026);
    const dub = await findDogFeeOrdinance(db, dubova.id, 2026);
    assert(lip && dub);
    assertEquals(lip.rates.first, 60_000);
    assertEquals(dub.rates.first, 40_000);
    assertEquals(await findDogFeeOrdinance(db, lipnice.id, 2025), undefined, "not yet in force");
    const fee = computeDogFee(lip, { birthDate: "1980-05-05" }, [
      { label: "Rex", keptFrom: "2020-01-01" },
      { label: "Bára", keptFrom: "2026-07-10" },
    ], 2026);
    assert(fee.ok);
    assertEquals(fee.value.total, 60_000 + 45_000);
  },
});
