/**
 * Applying for a grant in Chromium (issue 14): a club's representative switches to acting for
 * the club, opens the open call's page, presses "Podat žádost", fills the applicant, the
 * project, a budget of two lines (the second added with "Přidat položku rozpočtu") and attaches
 * a PDF, sends it, and finds it in "Moje dotace" and its detail — at 1280 and at 320 px, every
 * page audited (status, CSP, console, axe WCAG 2.1 A + AA), nothing scrolling sideways.
 */
import { hash } from "@node-rs/argon2";
import { assert, assertEquals, assertStringIncludes } from "../assert.ts";
import { BrowserSuite, browserTest, choose, pathOf, type PortalPage, signIn } from "./support.ts";
import { demoTowns } from "../support/app.ts";
import { getDb } from "../../lib/db.ts";

const suite = new BrowserSuite();

function randomIco(): string {
  const d = String(Math.floor(Math.random() * 9_000_000) + 1_000_000);
  let sum = 0;
  for (let i = 0; i < 7; i++) sum += Number(d[i]) * (8 - i);
  return d + String((11 - (sum % 11)) % 10);
}

async function clubMember() {
  const { lipnice } = await demoTowns();
  const db = getDb();
  const suffix = crypto.randomUUID().slice(0, 8);
  const who = { username: `oddil.${suffix}`, password: "Oddil-heslo-2026" };
  const person = await db.insertInto("persons").values({
    tenant_id: lipnice.id,
    username: who.username,
    given_name: "Marie",
    family_name: "Oddílová",
    password_hash: await hash(who.password, { algorithm: 2 }),
    status: "active",
    updated_at: new Date(),
  }).returning("id").executeTakeFirstOrThrow();
  const club = `Oddíl turistiky ${suffix}, z. s.`;
  await db.insertInto("representations").values({
    tenant_id: lipnice.id,
    idempotency_key: `browser:${suffix}`,
    representative_id: person.id,
    kind: "company",
    represented_person_id: null,
    represented_name: club,
    represented_ico: randomIco(),
    scope: [],
    status: "granted",
    document_name: null,
    document_type: null,
    document: null,
    decided_at: new Date(),
    decided_by: null,
    decision_note: null,
  }).execute();
  return { ...who, club };
}

async function fits(p: PortalPage, width: number): Promise<void> {
  const w = await p.scrollWidth();
  assert(w <= width, `${pathOf(p)} scrolls sideways at ${width} px: the document is ${w} px`);
}

async function setField(p: PortalPage, name: string, value: string): Promise<void> {
  const el = await p.page.$(`[name=${JSON.stringify(name)}]`);
  assert(el, `no field ${name} on ${p.page.url()}`);
  await el.evaluate((e, v) => {
    (e as HTMLInputElement).value = v;
    e.dispatchEvent(new Event("input", { bubbles: true }));
    e.dispatchEvent(new Event("change", { bubbles: true }));
  }, value);
}

function shownStep(p: PortalPage): Promise<string | null> {
  return p.page.evaluate(() =>
    (document.querySelector("section[data-step]:not([hidden])") as HTMLElement | null)?.dataset
      .step ?? null
  );
}

async function nextStep(p: PortalPage): Promise<void> {
  const before = await shownStep(p);
  await (await p.button("Pokračovat")).click();
  await p.page.waitForFunction(
    (b) =>
      document.querySelector("section[data-step]:not([hidden])")?.getAttribute("data-step") !== b,
    { timeout: 5_000 },
    before,
  );
}

Deno.test({
  name: "[browser] a club applies for a grant with a budget and an attachment, then sees it " +
    "in Moje dotace, at 1280 and 320 px",
  ...browserTest,
  async fn() {
    const pdf = await Deno.makeTempFile({ suffix: ".pdf" });
    await Deno.writeTextFile(pdf, "%PDF-1.4\n% Stanovy spolku\n%%EOF\n");
    for (const width of [1280, 320]) {
      const who = await clubMember();
      const p = await suite.newPage({ width, height: 900 });
      try {
        await signIn(p, who);
        await p.visit("/ucet/zastoupeni");
        await choose(p, "Jednat za", who.club);
        await p.press("Přepnout");

        await p.visit("/dotace");
        await p.followLink("Podpora spolkové činnosti 2027 – 1. výzva");
        await p.followLink("Podat žádost");
        assert(/^\/dotace\/[0-9a-f-]{36}\/zadost$/.test(pathOf(p)), pathOf(p));
        assertEquals(await p.headings(1), ["Žádost o dotaci"]);
        await fits(p, width);

        // The applicant: the organisation acted for is the only kind this programme takes.
        await setField(p, "representatives", "Marie Oddílová, předsedkyně");
        await setField(p, "ownership", "Spolek nemá podíly v jiných osobách.");
        await setField(p, "bankAccount", "2400123456/2010");
        await nextStep(p);
        await setField(p, "purpose", "Celoroční činnost oddílu pro děti");
        await setField(p, "justification", "Oddíl vede výpravy pro 25 dětí z obce.");
        await nextStep(p);
        await choose(p, "Kategorie nákladů (povinné)", "Nájem a energie");
        await setField(p, "budget[0].description", "Nájem klubovny");
        await setField(p, "budget[0].amountKc", "30 000");
        await setField(p, "budget[0].grantKc", "20 000");
        await p.press("Přidat položku rozpočtu");
        await fits(p, width);
        await setField(
          p,
          "budget[1].category",
          await p.page.$eval(
            'select[name="budget[1].category"] option:nth-child(3)',
            (o) => (o as HTMLOptionElement).value,
          ),
        );
        await setField(p, "budget[1].description", "Startovné na závodech");
        await setField(p, "budget[1].amountKc", "15 000");
        await setField(p, "budget[1].grantKc", "10 000");
        for (let i = 0; i < 3 && (await shownStep(p)) !== "3"; i++) await nextStep(p);
        const file = await p.page.$('input[name="attachments"]');
        assert(file, "the attachment field");
        await (file as unknown as { uploadFile(path: string): Promise<void> }).uploadFile(pdf);
        await p.page.click('input[name="declaration"]');
        await p.press("Odeslat");
        assert(/^\/ucet\/podani\/[0-9a-f-]{36}$/.test(pathOf(p)), pathOf(p));
        assertStringIncludes(await p.mainText(), "Podání přijato pod číslem");
        await fits(p, width);

        await p.visit("/ucet");
        await p.followLink("Moje dotace");
        assertEquals(await p.headings(1), ["Moje dotace"]);
        const list = await p.mainText();
        assertStringIncludes(list, "Podaná, čeká na formální kontrolu");
        assertStringIncludes(list, who.club);
        await fits(p, width);
        const reference = await p.page.$eval(
          "main table tbody th a",
          (a) => (a as HTMLElement).innerText.trim(),
        );
        await p.followLink(reference);
        assertEquals(await p.headings(1), [`Žádost o dotaci ${reference}`]);
        const detail = await p.mainText();
        assertStringIncludes(detail, "Nájem klubovny");
        assert(/30\s000/.test(detail), "the line's cost");
        assertStringIncludes(detail, "Potvrzení o podání (PDF)");
        await fits(p, width);
      } finally {
        await p.close();
      }
    }
    await Deno.remove(pdf);
  },
});
