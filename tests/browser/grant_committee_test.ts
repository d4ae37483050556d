/**
 * The grant committee in Chromium (issue 14): two members score an application on their own
 * (the second sees the others' scores only after scoring, and gets Czech errors first), a third
 * declares a conflict of interest and has no score form any more, then the grants clerk ranks,
 * proposes an amount and records the council's decision after its confirmation page. At 1280
 * and 320 px; every page audited (status, CSP, console, axe WCAG 2.1 A + AA), nothing wider
 * than the screen.
 */
import { assert, assertEquals, assertStringIncludes } from "../assert.ts";
import {
  BrowserSuite,
  browserTest,
  DEMO_CLERK,
  pathOf,
  type PortalPage,
  signIn,
} from "./support.ts";
import { demoTowns } from "../support/app.ts";
import { insertGrantApplication } from "../support/grant_fixture.ts";
import { getDb } from "../../lib/db.ts";
import { LIPNICE_COMMITTEE } from "../../db/seeds/grant_committee.ts";

const suite = new BrowserSuite();

async function fits(p: PortalPage, width: number): Promise<void> {
  const w = await p.scrollWidth();
  assert(w <= width, `${pathOf(p)} scrolls sideways at ${width} px: the document is ${w} px`);
}

/** A closed call with one application after its formal check; the demo committee seated. */
async function fixture() {
  const { lipnice } = await demoTowns();
  const t = lipnice.id;
  const db = getDb();
  const key = crypto.randomUUID().slice(0, 8);
  const programme = await db.insertInto("grant_programmes").values({
    tenant_id: t,
    title: `Prohlížeč: program ${key}`,
    purpose: "Podpora spolků.",
    eligible_applicants: "Spolky.",
    applicant_kinds: ["organisation"],
    total_halere: 200_000_00,
    min_grant_halere: 10_000_00,
    max_grant_halere: 100_000_00,
    cofinancing_bp: 3000,
    eligible_costs: "Nájem.",
    ineligible_costs: "Alkohol.",
    legal_basis: "Zákon č. 250/2000 Sb.",
  }).returning("id").executeTakeFirstOrThrow();
  await db.insertInto("grant_cost_categories").values({
    tenant_id: t,
    programme_id: programme.id,
    position: 1,
    code: "najem",
    name: "Nájem",
    eligible: true,
  }).execute();
  await db.insertInto("grant_criteria").values([
    {
      tenant_id: t,
      programme_id: programme.id,
      position: 1,
      name: "Přínos pro obec",
      weight: 70,
      max_score: 10,
    },
    {
      tenant_id: t,
      programme_id: programme.id,
      position: 2,
      name: "Hospodárnost",
      weight: 30,
      max_score: 10,
    },
  ]).execute();
  const title = `Výzva v prohlížeči ${key}`;
  const call = await db.insertInto("grant_calls").values({
    tenant_id: t,
    programme_id: programme.id,
    idempotency_key: `browser-${key}`,
    title,
    opens_at: new Date("2026-01-01T08:00:00Z"),
    closes_at: new Date("2026-02-01T08:00:00Z"),
    decision_deadline: "2026-03-01",
    settlement_deadline: "2027-01-31",
    project_from: "2026-01-01",
    project_to: "2026-12-31",
    state: "closed",
  }).returning("id").executeTakeFirstOrThrow();
  const person = await db.selectFrom("persons").select("id").where("tenant_id", "=", t)
    .where("username", "=", "tomas.horak.1001").executeTakeFirstOrThrow();
  const app = await insertGrantApplication({
    tenantId: t,
    callId: call.id,
    personId: person.id,
    state: "formally_ok",
    askedHalere: 50_000_00,
    applicantName: `Oddíl ${key}, z. s.`,
  });
  for (const c of LIPNICE_COMMITTEE) {
    const clerk = await db.selectFrom("clerks").select("id").where("tenant_id", "=", t)
      .where("username", "=", c.username).executeTakeFirstOrThrow();
    await db.insertInto("grant_committee_members").values({
      tenant_id: t,
      call_id: call.id,
      clerk_id: clerk.id,
      role: c.role,
    }).execute();
  }
  return { callId: call.id, title, ...app };
}

async function score(p: PortalPage, points: [string, string]): Promise<void> {
  await p.fill("Body za kritérium Přínos pro obec (povinné)", points[0]);
  await p.fill("Body za kritérium Hospodárnost (povinné)", points[1]);
}

Deno.test({
  name:
    "[browser] two members score, a third declares a conflict, the clerk ranks, proposes and records the decision",
  ...browserTest,
  async fn() {
    const f = await fixture();
    const scoring = `/urad/dotace/hodnoceni/zadost/${f.applicationId}`;
    const [chair, second, third] = LIPNICE_COMMITTEE;

    // The chair at 1280 px finds the call from the workspace and scores.
    let p = await suite.newPage({ width: 1280, height: 900 });
    try {
      await signIn(p, chair);
      await p.visit("/urad");
      await p.followLink("Hodnocení žádostí o dotace");
      assertEquals(await p.headings(1), ["Hodnocení žádostí o dotace"]);
      await p.followLink(f.title);
      await p.followLink(f.reference);
      assertEquals(await p.headings(1), [`Hodnocení žádosti ${f.reference}`]);
      assertStringIncludes(await p.mainText(), "Hodnocení ostatních členů uvidíte");
      await score(p, ["9", "8"]);
      await p.press("Uložit hodnocení");
      assertStringIncludes(await p.mainText(), "Vaše hodnocení je uloženo.");
      assertStringIncludes(await p.mainText(), "Vaše vážené hodnocení: 87,00 ze 100 bodů.");
      await fits(p, 1280);
    } finally {
      await p.close();
    }

    // The second member at 320 px: an error first, then the score; then the others' scores.
    p = await suite.newPage({ width: 320, height: 640 });
    try {
      await signIn(p, second);
      await p.visit(scoring);
      assertStringIncludes(await p.mainText(), "Hodnocení ostatních členů uvidíte");
      assert(!(await p.mainText()).includes("87,00"), "no other member's score before scoring");
      await score(p, ["12", "6"]);
      await p.press("Uložit hodnocení", { status: 422 });
      const summary = (await p.textOfRole("alert")).find((t) => t.includes("Nejvýše 10 bodů."));
      assert(summary, "the error summary names the score");
      await fits(p, 320);
      await score(p, ["7", "6"]);
      await p.press("Uložit hodnocení");
      // Chair 63 + 24 = 87, this member 49 + 18 = 67: the committee's 77.
      assertStringIncludes(await p.mainText(), "Průměr komise: 77,00 ze 100 bodů");
      await fits(p, 320);
    } finally {
      await p.close();
    }

    // The third member declares a conflict of interest: the score form is gone for good.
    p = await suite.newPage({ width: 320, height: 640 });
    try {
      await signIn(p, third);
      await p.visit(scoring);
      await p.fill("Prohlášení o střetu zájmů (povinné)", "Jsem členkou výboru žadatele.");
      await p.press("Prohlásit střet zájmů");
      const text = await p.mainText();
      assertStringIncludes(text, "Střet zájmů je zaznamenán.");
      assertStringIncludes(text, "nemůžete hodnotit");
      const form = await p.page.$('::-p-aria([name="Uložit hodnocení"][role="button"])');
      assertEquals(form, null, "no score form after the declaration");
      await fits(p, 320);
    } finally {
      await p.close();
    }

    // The grants clerk ranks and proposes at 1280 px, records the decision at 320 px.
    p = await suite.newPage({ width: 1280, height: 900 });
    try {
      await signIn(p, DEMO_CLERK);
      await p.visit(`/urad/dotace/vyzvy/${f.callId}`);
      await p.followLink("Pořadí a návrhy komise");
      assertEquals(await p.headings(1), [`Pořadí žádostí – ${f.title}`]);
      const ranking = await p.mainText();
      assertStringIncludes(ranking, "77,00 (2)");
      assertStringIncludes(ranking, "Vejde se");
      await p.fill("Částka dotace (Kč)", "40 000");
      await p.press("Uložit návrh");
      assertStringIncludes(await p.mainText(), "Návrh komise je uložen.");
      await fits(p, 1280);

      await p.page.setViewport({ width: 320, height: 640 });
      await p.followLink("Rozhodnutí zastupitelstva");
      await fits(p, 320);
      await p.press("Pokračovat ke kontrole", { status: 422 });
      assert((await p.textOfRole("alert")).some((t) => t.includes("Číslo usnesení")));
      await p.fill("Číslo usnesení zastupitelstva (povinné)", "ZO 2/2026/4");
      await p.press("Pokračovat ke kontrole");
      assertEquals(await p.headings(1), [
        `Zaznamenat poskytnutí dotace k žádosti ${f.reference}?`,
      ]);
      await fits(p, 320);
      await p.press("Ano, zaznamenat rozhodnutí");
      assertStringIncludes(await p.mainText(), "Poskytnutí dotace je zaznamenáno");
      assertStringIncludes(await p.mainText(), "ZO 2/2026/4");
      await fits(p, 320);
    } finally {
      await p.close();
    }
    const row = await getDb().selectFrom("grant_applications").select(["state", "granted_halere"])
      .where("id", "=", f.applicationId).executeTakeFirstOrThrow();
    assertEquals(row, { state: "granted", granted_halere: "4000000" });
    await suite.close();
  },
});
