/**
 * One grant application end to end in Chromium (issue 14), every step by the person who takes
 * it, with the worker running the application's workflow:
 *
 * 1. a club's representative (acting for the club) applies with a budget of two lines and an
 *    attachment;
 * 2. the grants clerk returns it for completion in /urad/ukoly; the representative completes it
 *    from the case page; the clerk finds it formally complete;
 * 3. two committee members score it on their own; the third declares a conflict of interest and
 *    can no longer score;
 * 4. the clerk ranks, proposes less than was asked, and records the council's decision;
 * 5. the clerk prepares the contract; the representative confirms it — the call's settlement date
 *    has already passed, so the workflow sends the overdue reminder at once;
 * 6. the clerk exports the payout batch (the CSV downloaded) and marks it paid;
 * 7. the representative files the settlement report, late, after the reminder;
 * 8. the clerk asks for a partial return, which shows as an obligation in the club's
 *    "Platby a poplatky".
 *
 * Pages alternate between 1280 and 320 px; every page audited (status, CSP, console, axe WCAG
 * 2.1 A + AA) and none wider than the screen.
 */
import { assert, assertEquals, assertStringIncludes } from "../assert.ts";
import {
  BrowserSuite,
  browserTest,
  choose,
  DEMO_CLERK,
  pathOf,
  type PortalPage,
  setChecked,
  signIn,
} from "./support.ts";
import { demoTowns } from "../support/app.ts";
import { waitFor } from "../support/wait.ts";
import { getDb } from "../../lib/db.ts";
import { insertPerson } from "../support/people.ts";
import { LIPNICE_COMMITTEE } from "../../db/seeds/grant_committee.ts";
import { addDays } from "../../domain/grant_awards.ts";
import { formatPragueDate } from "../../domain/time.ts";

const suite = new BrowserSuite();

function randomIco(): string {
  const d = String(Math.floor(Math.random() * 9_000_000) + 1_000_000);
  let sum = 0;
  for (let i = 0; i < 7; i++) sum += Number(d[i]) * (8 - i);
  return d + String((11 - (sum % 11)) % 10);
}

/**
 * A programme of its own with an open call whose settlement date passed three days ago (a
 * grant for this year's activity, settled retroactively: the reminder is overdue at once), the
 * demo committee seated, and a club's representative.
 */
async function fixture() {
  const { lipnice } = await demoTowns();
  const t = lipnice.id;
  const db = getDb();
  const key = crypto.randomUUID().slice(0, 8);
  const today = formatPragueDate(new Date());
  const programme = await db.insertInto("grant_programmes").values({
    tenant_id: t,
    title: `Celoroční činnost spolků ${key}`,
    purpose: "Podpora pravidelné činnosti spolků s dětmi z obce.",
    eligible_applicants: "Spolky se sídlem nebo působností v obci.",
    applicant_kinds: ["organisation"],
    total_halere: 300_000_00,
    min_grant_halere: 10_000_00,
    max_grant_halere: 100_000_00,
    cofinancing_bp: 2000,
    eligible_costs: "Nájem, energie, startovné, vybavení.",
    ineligible_costs: "Alkohol, pokuty, dary.",
    legal_basis: "Zákon č. 250/2000 Sb., o rozpočtových pravidlech územních rozpočtů",
  }).returning("id").executeTakeFirstOrThrow();
  await db.insertInto("grant_cost_categories").values([
    {
      tenant_id: t,
      programme_id: programme.id,
      position: 1,
      code: "najem",
      name: "Nájem a energie",
      eligible: true,
    },
    {
      tenant_id: t,
      programme_id: programme.id,
      position: 2,
      code: "startovne",
      name: "Startovné",
      eligible: true,
    },
  ]).execute();
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
  const title = `Činnost spolků – výzva ${key}`;
  const call = await db.insertInto("grant_calls").values({
    tenant_id: t,
    programme_id: programme.id,
    idempotency_key: `journey-${key}`,
    title,
    opens_at: new Date(Date.now() - 86_400_000),
    closes_at: new Date(Date.now() + 30 * 86_400_000),
    decision_deadline: addDays(today, 60),
    settlement_deadline: addDays(today, -3),
    project_from: `${today.slice(0, 4)}-01-01`,
    project_to: addDays(today, -3),
    state: "open",
  }).returning("id").executeTakeFirstOrThrow();
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
  const person = await insertPerson(t, {
    prefix: "oddil",
    givenName: "Marie",
    familyName: "Oddílová",
  });
  const who = { username: person.username, password: person.password };
  const club = `Oddíl turistiky ${key}, z. s.`;
  await db.insertInto("representations").values({
    tenant_id: t,
    idempotency_key: `journey:${key}`,
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
  return { tenantId: t, callId: call.id, title, club, who };
}

/** A full-page screenshot into SCREENSHOT_DIR, when it is set (for looking at by hand). */
async function shot(p: PortalPage, name: string): Promise<void> {
  const dir = Deno.env.get("SCREENSHOT_DIR");
  if (dir) await p.page.screenshot({ path: `${dir}/grant-${name}.png`, fullPage: true });
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
    { timeout: 10_000 },
    before,
  );
}

/** Steps forward until the form's last step (attachments and the declaration) shows. */
async function toLastStep(p: PortalPage): Promise<void> {
  for (let i = 0; i < 4 && (await shownStep(p)) !== "3"; i++) await nextStep(p);
}

async function applicationRow(caseId: string) {
  return await getDb().selectFrom("grant_applications")
    .select(["id", "state", "asked_halere", "granted_halere"])
    .where("case_id", "=", caseId).executeTakeFirst();
}

async function untilState(caseId: string, state: string): Promise<void> {
  await waitFor(async () => (await applicationRow(caseId))?.state === state, {
    what: `the application to be ${state}`,
    timeoutMs: 120_000,
  });
}

/** The grants clerk decides the formal check in /urad/ukoly. */
async function formalCheck(caseId: string, decision: string, text: string, width: number) {
  const p = await suite.newPage({ width, height: 900 });
  try {
    await signIn(p, DEMO_CLERK);
    await p.visit(`/urad/ukoly/${caseId}`);
    await fits(p, width);
    await choose(p, "Rozhodnutí (povinné)", decision);
    if (text) await p.fill("Zpráva pro občana nebo důvod", text);
    await p.press("Odeslat rozhodnutí");
  } finally {
    await p.close();
  }
}

async function score(p: PortalPage, points: [string, string]): Promise<void> {
  await p.fill("Body za kritérium Přínos pro obec (povinné)", points[0]);
  await p.fill("Body za kritérium Hospodárnost (povinné)", points[1]);
  await p.press("Uložit hodnocení");
  assertStringIncludes(await p.mainText(), "Vaše hodnocení je uloženo.");
}

Deno.test({
  name: "[browser] a grant end to end: applied, returned, completed, scored (one member " +
    "conflicted), granted less, contract, payout export, late settlement after a reminder, " +
    "partial return in the club's payments",
  ...browserTest,
  async fn() {
    const f = await fixture();
    const pdf = await Deno.makeTempFile({ suffix: ".pdf" });
    await Deno.writeTextFile(pdf, "%PDF-1.4\n% Stanovy spolku\n%%EOF\n");
    const citizen = await suite.newPage({ width: 1280, height: 900 });
    try {
      // --- 1. The representative applies for the club --------------------------------------
      await signIn(citizen, f.who);
      await citizen.visit("/ucet/zastoupeni");
      await choose(citizen, "Jednat za", f.club);
      await citizen.press("Přepnout");
      await citizen.visit("/dotace");
      await citizen.followLink(f.title);
      assertStringIncludes(await citizen.mainText(), "Zbývá 30 dní");
      await citizen.followLink("Podat žádost");
      assertEquals(await citizen.headings(1), ["Žádost o dotaci"]);
      await setField(citizen, "representatives", "Marie Oddílová, předsedkyně");
      await setField(citizen, "ownership", "Spolek nemá podíly v jiných osobách.");
      await setField(citizen, "bankAccount", "2400123412/2010");
      await nextStep(citizen);
      await setField(citizen, "purpose", "Celoroční činnost oddílu pro děti");
      await setField(citizen, "justification", "Oddíl vede výpravy pro 25 dětí z obce.");
      await nextStep(citizen);
      await choose(citizen, "Kategorie nákladů (povinné)", "Nájem a energie");
      await setField(citizen, "budget[0].description", "Nájem klubovny");
      await setField(citizen, "budget[0].amountKc", "40 000");
      await setField(citizen, "budget[0].grantKc", "30 000");
      await citizen.press("Přidat položku rozpočtu");
      await setField(citizen, "budget[1].category", "startovne");
      await setField(citizen, "budget[1].description", "Startovné na závodech");
      await setField(citizen, "budget[1].amountKc", "25 000");
      await setField(citizen, "budget[1].grantKc", "20 000");
      await toLastStep(citizen);
      const file = await citizen.page.$('input[name="attachments"]');
      assert(file, "the attachment field");
      await (file as unknown as { uploadFile(path: string): Promise<void> }).uploadFile(pdf);
      await citizen.page.click('input[name="declaration"]');
      await citizen.press("Odeslat");
      const caseId = pathOf(citizen).match(/^\/ucet\/podani\/([0-9a-f-]{36})$/)?.[1];
      assert(caseId, pathOf(citizen));
      const reference = (await citizen.mainText()).match(/[A-Z]{3}-\d{4}\/\d{6}/)?.[0];
      assert(reference, "the reference number on the receipt page");
      const filed = await applicationRow(caseId);
      assert(filed);
      assertEquals(filed.asked_halere, "5000000");

      // --- 2. Returned for completion, completed, formally complete ------------------------
      await waitFor(
        async () =>
          (await getDb().selectFrom("workflow_commands").select("status")
            .where("subject_type", "=", "case").where("subject_id", "=", caseId).execute())
            .every((r) => r.status !== "pending"),
        { what: "the application's workflow to start", timeoutMs: 120_000 },
      );
      await formalCheck(caseId, "Vrátit k opravě", "Doplňte prosím stanovy spolku.", 320);
      await untilState(caseId, "returned");
      // The completion at 320 px.
      await citizen.page.setViewport({ width: 320, height: 640 });
      await citizen.visit(`/ucet/podani/${caseId}`);
      assertStringIncludes(await citizen.mainText(), "Doplňte prosím stanovy spolku.");
      await fits(citizen, 320);
      await citizen.followLink("Opravit podání");
      assertEquals(pathOf(citizen), `/dotace/${f.callId}/zadost`);
      await fits(citizen, 320);
      await shot(citizen, "completion-320");
      await toLastStep(citizen);
      const again = await citizen.page.$('input[name="attachments"]');
      assert(again, "the attachment field of the completion");
      await (again as unknown as { uploadFile(path: string): Promise<void> }).uploadFile(pdf);
      const declared = await citizen.page.$eval(
        'input[name="declaration"]',
        (e) => (e as HTMLInputElement).checked,
      );
      if (!declared) await citizen.page.click('input[name="declaration"]');
      await citizen.press("Odeslat");
      await untilState(caseId, "submitted");
      await citizen.page.setViewport({ width: 1280, height: 900 });
      await formalCheck(caseId, "Schválit", "", 1280);
      await untilState(caseId, "formally_ok");
      const applicationId = (await applicationRow(caseId))!.id;

      // --- 3. The committee: two score, the third is conflicted -----------------------------
      const scoring = `/urad/dotace/hodnoceni/zadost/${applicationId}`;
      const [chair, second, third] = LIPNICE_COMMITTEE;
      for (
        const [member, points, width] of [[chair, ["9", "8"], 1280], [
          second,
          ["7", "6"],
          320,
        ]] as const
      ) {
        const p = await suite.newPage({ width, height: 900 });
        try {
          await signIn(p, member);
          await p.visit("/urad/dotace/hodnoceni");
          await p.followLink(f.title);
          await p.followLink(reference);
          assertEquals(await p.headings(1), [`Hodnocení žádosti ${reference}`]);
          await fits(p, width);
          // The member opens the club's attachment before scoring.
          const download = await p.page.$eval(
            "main ul.case-files a",
            async (a) => {
              const res = await fetch((a as HTMLAnchorElement).href);
              return { status: res.status, type: res.headers.get("content-type") };
            },
          );
          assertEquals(download, { status: 200, type: "application/pdf" });
          if (member === second) {
            // Over the criterion's maximum first: a Czech error, nothing saved.
            await p.fill("Body za kritérium Přínos pro obec (povinné)", "12");
            await p.fill("Body za kritérium Hospodárnost (povinné)", "6");
            await p.press("Uložit hodnocení", { status: 422 });
            assert((await p.textOfRole("alert")).some((t) => t.includes("Nejvýše 10 bodů.")));
            await fits(p, width);
          }
          await score(p, [...points]);
        } finally {
          await p.close();
        }
      }
      const conflicted = await suite.newPage({ width: 320, height: 640 });
      try {
        await signIn(conflicted, third);
        await conflicted.visit(scoring);
        await conflicted.fill(
          "Prohlášení o střetu zájmů (povinné)",
          "Jsem členkou výboru žadatele.",
        );
        await conflicted.press("Prohlásit střet zájmů");
        assertStringIncludes(await conflicted.mainText(), "nemůžete hodnotit");
        const form = await conflicted.page.$('::-p-aria([name="Uložit hodnocení"][role="button"])');
        assertEquals(form, null, "no score form after the declaration");
        await fits(conflicted, 320);
      } finally {
        await conflicted.close();
      }
      await untilState(caseId, "evaluated");

      // --- 4. Ranking, proposal (less than asked), the council's decision -------------------
      const office = await suite.newPage({ width: 1280, height: 900 });
      try {
        await signIn(office, DEMO_CLERK);
        await office.visit(`/urad/dotace/vyzvy/${f.callId}`);
        await office.followLink("Pořadí a návrhy komise");
        // Chair 63 + 24, the second member 49 + 18: the committee's 77.
        assertStringIncludes(await office.mainText(), "77,00 (2)");
        await office.fill("Částka dotace (Kč)", "40 000");
        await office.press("Uložit návrh");
        assertStringIncludes(await office.mainText(), "Návrh komise je uložen.");
        await office.followLink("Rozhodnutí zastupitelstva");
        await shot(office, "decision-1280");
        await office.press("Pokračovat ke kontrole", { status: 422 });
        assert((await office.textOfRole("alert")).some((t) => t.includes("Číslo usnesení")));
        await office.fill("Číslo usnesení zastupitelstva (povinné)", "ZO 7/2026/12");
        await office.press("Pokračovat ke kontrole");
        assertEquals(await office.headings(1), [
          `Zaznamenat poskytnutí dotace k žádosti ${reference}?`,
        ]);
        await office.press("Ano, zaznamenat rozhodnutí");
        assertStringIncludes(await office.mainText(), "Poskytnutí dotace je zaznamenáno");
        await untilState(caseId, "granted");

        // --- 5. The contract: prepared by the clerk, confirmed by the club ------------------
        await office.visit("/urad/dotace/smlouvy");
        await office.press(`Připravit smlouvu ${reference}`);
        assertStringIncludes(
          await office.mainText(),
          "Smlouva je připravena a žadateli jsme poslali zprávu.",
        );
        await citizen.visit(`/ucet/dotace/${applicationId}/smlouva`);
        assertEquals(await citizen.headings(1), ["Smlouva o poskytnutí dotace"]);
        await citizen.fill("Číslo účtu pro výplatu dotace (povinné)", "2400123412/2010");
        await citizen.press("Potvrdit smlouvu", { status: 422 });
        assertStringIncludes(
          (await citizen.textOfRole("alert")).join(" "),
          "Potvrďte prosím, že se smlouvou souhlasíte.",
        );
        await shot(citizen, "contract-1280");
        await setChecked(citizen, "Přečetl(a) jsem smlouvu a souhlasím s ní");
        await citizen.press("Potvrdit smlouvu");
        assertStringIncludes(await citizen.mainText(), "Smlouva je potvrzena.");
        await untilState(caseId, "contracted");

        // The settlement date passed: the workflow reminds the club, once.
        await waitFor(
          async () =>
            (await getDb().selectFrom("grant_reminders").select("kind")
              .where("application_id", "=", applicationId).execute())
              .some((r) => r.kind === "settlement_overdue"),
          { what: "the overdue settlement reminder", timeoutMs: 120_000 },
        );
        await citizen.visit(`/ucet/podani/${caseId}`);
        assertStringIncludes(
          await citizen.mainText(),
          "Odeslána upomínka: vyúčtování je po termínu",
        );

        // --- 6. The payout: exported for the accountant, marked paid ------------------------
        await office.page.setViewport({ width: 320, height: 640 });
        await office.visit(`/urad/dotace/vyplaty?do=${addDays(formatPragueDate(new Date()), 400)}`);
        assertStringIncludes(await office.mainText(), reference);
        await fits(office, 320);
        await office.press("Vytvořit dávku pro účetní");
        const batch = pathOf(office);
        assert(/^\/urad\/dotace\/vyplaty\/[0-9a-f-]{36}$/.test(batch), batch);
        const csv = await office.page.evaluate(async (url) => {
          const res = await fetch(url);
          return {
            status: res.status,
            type: res.headers.get("content-type"),
            body: await res.text(),
          };
        }, `${batch}?format=csv`);
        assertEquals(csv.status, 200);
        assertStringIncludes(csv.body, reference);
        assertStringIncludes(csv.body, "2400123412/2010");
        await office.press("Označit dávku jako vyplacenou");
        assertStringIncludes(await office.mainText(), "Dávka je označena jako vyplacená.");
        await untilState(caseId, "paid");

        // --- 7. The settlement report, late --------------------------------------------------
        await citizen.visit(`/ucet/dotace/${applicationId}/vyuctovani`);
        assertEquals(await citizen.headings(1), ["Vyúčtování dotace"]);
        await citizen.fill("Nájem klubovny – skutečný náklad (Kč) (povinné)", "40 000");
        await citizen.fill("Nájem klubovny – z toho hrazeno z dotace (Kč) (povinné)", "25 000");
        await citizen.fill("Startovné na závodech – skutečný náklad (Kč) (povinné)", "10 000");
        await citizen.fill(
          "Startovné na závodech – z toho hrazeno z dotace (Kč) (povinné)",
          "5 000",
        );
        await citizen.fill(
          "Závěrečná zpráva (povinné)",
          "Oddíl uspořádal 30 výprav; dva závody se kvůli počasí nekonaly.",
        );
        await citizen.press("Podat vyúčtování");
        assertStringIncludes(await citizen.mainText(), "Vyúčtování jsme přijali");
        const settlement = await getDb().selectFrom("grant_settlements").select("late")
          .where("application_id", "=", applicationId).executeTakeFirstOrThrow();
        assertEquals(settlement.late, true, "filed after the settlement date");

        // --- 8. A partial return, an obligation in the club's payments ----------------------
        await office.visit("/urad/dotace/vyuctovani");
        await office.followLink(reference);
        assertEquals(await office.headings(1), ["Posouzení vyúčtování"]);
        await fits(office, 320);
        await office.fill("Částka k vrácení (Kč) (povinné)", "10 000");
        await office.fill(
          "Důvod (nevyčerpané nebo neuznatelné prostředky) (povinné)",
          "Nevyčerpaná část dotace na startovné.",
        );
        await office.press("Pokračovat k potvrzení vrácení");
        assertEquals(await office.headings(1), ["Opravdu požadovat vrácení části dotace?"]);
        await fits(office, 320);
        await office.press("Ano, požadovat vrácení");
        assertStringIncludes(await office.mainText(), "Vrácení je požadováno");
      } finally {
        await office.close();
      }
      await citizen.page.setViewport({ width: 320, height: 640 });
      await citizen.visit("/ucet");
      assertStringIncludes(await citizen.mainText(), `Vrácení dotace ${reference}`);
      await fits(citizen, 320);
      await shot(citizen, "ucet-return-320");
      await citizen.visit("/ucet/dotace");
      assertStringIncludes(await citizen.mainText(), f.club);
      await fits(citizen, 320);
      await citizen.visit(`/ucet/dotace/${applicationId}`);
      const detail = await citizen.mainText();
      assertStringIncludes(detail, "Nájem klubovny");
      assertStringIncludes(detail, "Odeslána upomínka: vyúčtování je po termínu");
      assertStringIncludes(detail, "Vyúčtování dotace bylo podáno po termínu");
      await fits(citizen, 320);
      await shot(citizen, "detail-320");
    } finally {
      await citizen.close();
      await Deno.remove(pdf);
    }
  },
});

Deno.test({
  name: "[browser] granted grants as open data at 1280 and 320 px",
  ...browserTest,
  async fn() {
    for (const width of [1280, 320]) {
      const p = await suite.newPage({ width, height: 800 });
      try {
        await p.visit("/dotace");
        await p.followLink("Poskytnuté dotace podle let (i jako otevřená data)");
        const year = formatPragueDate(new Date()).slice(0, 4);
        assertEquals(await p.headings(1), [`Poskytnuté dotace ${year}`]);
        await fits(p, width);
      } finally {
        await p.close();
      }
    }
    await suite.close();
  },
});
