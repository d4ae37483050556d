/**
 * The whole dog-fee case in Chromium, by accessible names where a person would use them: a
 * citizen with the fees agenda authorized fills the form with two dogs, leaves, resumes the
 * draft in a new browser context, attaches the proof of a reduction and submits; the clerk
 * returns it; the citizen corrects and resubmits; the clerk approves; the předpis with the right
 * amount is on the case page and in /ucet; the e-mails sit in MailDev. Every page passes axe,
 * the form fits 320 px; and the same run with JavaScript disabled completes too.
 */
import { hash } from "@node-rs/argon2";
import { assert, assertEquals, assertStringIncludes } from "../assert.ts";
import {
  BrowserSuite,
  browserTest,
  choose,
  DEMO_CLERK,
  pathOf,
  type PortalPage,
  signIn,
} from "./support.ts";
import { client, demoTowns } from "../support/app.ts";
import { hiddenField } from "../support/client.ts";
import { maildevUrl } from "../support/maildev.ts";
import { waitFor } from "../support/wait.ts";
import { getDb } from "../../lib/db.ts";
import { grantAuthorization } from "../../db/repositories/authorizations.ts";

const suite = new BrowserSuite();
const FORM = "/zivotni-situace/poplatek-ze-psa/formular";
const opts = { ...browserTest, ignore: browserTest.ignore || !maildevUrl };

/** A citizen of Lipnice with a verified e-mail and the fees agenda authorized. */
async function newCitizen() {
  const { lipnice } = await demoTowns();
  const db = getDb();
  const suffix = crypto.randomUUID().slice(0, 8);
  const who = {
    username: `psi.prohlizec.${suffix}`,
    password: "Psi-prohlizec-heslo-2026",
    email: `psi.prohlizec.${suffix}@example.cz`,
  };
  const person = await db.insertInto("persons").values({
    tenant_id: lipnice.id,
    username: who.username,
    given_name: "Věra",
    family_name: "Malá",
    address: "Na Výsluní 12, 123 45 Lipnice nad Hájem",
    password_hash: await hash(who.password, { algorithm: 2 }),
    status: "active",
    updated_at: new Date(),
  }).returning("id").executeTakeFirstOrThrow();
  await db.insertInto("person_contacts").values({
    tenant_id: lipnice.id,
    person_id: person.id,
    kind: "email",
    value: who.email,
    verified_at: new Date(),
  }).execute();
  await grantAuthorization(db, lipnice.id, {
    personId: person.id,
    agenda: "poplatky",
    source: "clerk",
  });
  return who;
}

/** Sets a control's value as typing would (input and change events for the island). */
async function setField(p: PortalPage, name: string, value: string): Promise<void> {
  const el = await p.page.$(`[name=${JSON.stringify(name)}]`);
  assert(el, `no field ${name} on ${p.page.url()}`);
  await el.evaluate((e, v) => {
    (e as HTMLInputElement).value = v;
    e.dispatchEvent(new Event("input", { bubbles: true }));
    e.dispatchEvent(new Event("change", { bubbles: true }));
  }, value);
}

async function pick(p: PortalPage, name: string, value: string): Promise<void> {
  await p.page.click(`input[name=${JSON.stringify(name)}][value=${JSON.stringify(value)}]`);
}

function shownStep(p: PortalPage): Promise<string | null> {
  return p.page.evaluate(() =>
    (document.querySelector("section[data-step]:not([hidden])") as HTMLElement | null)?.dataset
      .step ?? null
  );
}

/** "Pokračovat": in the page with JavaScript, a round trip without it. */
async function nextStep(p: PortalPage, js: boolean): Promise<void> {
  if (!js) {
    await p.press("Pokračovat");
    return;
  }
  const before = await shownStep(p);
  await (await p.button("Pokračovat")).click();
  await p.page.waitForFunction(
    (b) =>
      document.querySelector("section[data-step]:not([hidden])")?.getAttribute("data-step") !== b,
    { timeout: 5_000 },
    before,
  );
}

async function toLastStep(p: PortalPage, js: boolean): Promise<void> {
  for (let i = 0; i < 3 && (await shownStep(p)) !== "2"; i++) await nextStep(p, js);
  assertEquals(await shownStep(p), "2", "on the last step");
}

/**
 * JavaScript off for the page's own scripts. The audit's axe is injected into the document once
 * it has loaded, so script execution is switched on only around each audit: the page's scripts,
 * skipped while it was parsed, never run.
 */
async function scripts(p: PortalPage, js: boolean): Promise<void> {
  await p.page.setJavaScriptEnabled(js);
  if (js) return;
  const audit = p.audit.bind(p);
  p.audit = async (res, o) => {
    await p.page.setJavaScriptEnabled(true);
    try {
      await audit(res, o);
    } finally {
      await p.page.setJavaScriptEnabled(false);
    }
  };
}

async function mailsTo(address: string): Promise<{ subject: string; text: string }[]> {
  const res = await fetch(`${maildevUrl}/email`);
  const all = await res.json() as { subject: string; text: string; to: { address: string }[] }[];
  return all.filter((m) => m.to.some((t) => t.address.toLowerCase() === address));
}

async function caseState(id: string): Promise<string> {
  const c = await getDb().selectFrom("cases").select(["state", "round"]).where("id", "=", id)
    .executeTakeFirstOrThrow();
  return `${c.state}:${c.round}`;
}

/** The clerk opens the case and decides it (the select by its label, the text by its label). */
async function clerkDecides(id: string, decision: string, text: string, until: string) {
  const clerk = await suite.newPage();
  try {
    await signIn(clerk, DEMO_CLERK);
    await clerk.visit(`/urad/ukoly/${id}`);
    await choose(clerk, "Rozhodnutí (povinné)", decision);
    if (text) await clerk.fill("Zpráva pro občana nebo důvod", text);
    await clerk.press("Odeslat rozhodnutí");
    await waitFor(async () => (await caseState(id)) === until, {
      what: `the case to be ${until}`,
      timeoutMs: 60_000,
    });
  } finally {
    await clerk.close();
  }
}

async function run(js: boolean) {
  const who = await newCitizen();
  const proof = await Deno.makeTempFile({ suffix: ".pdf" });
  await Deno.writeTextFile(proof, "%PDF-1.4\n% Rozhodnutí o invalidním důchodu\n%%EOF\n");
  const shots = Deno.env.get("SCREENSHOT_DIR");

  // Fills the holder and two dogs, then leaves.
  const first = await suite.newPage();
  try {
    await scripts(first, js);
    await signIn(first, who);
    await first.visit(FORM);
    assertEquals(await first.headings(1), ["Přihláška k místnímu poplatku ze psů"]);
    if (shots) {
      await first.page.screenshot({ path: `${shots}/form-1024-${js}.png`, fullPage: true });
    }
    await first.fill("Rodné číslo (povinné)", "800101/1007");
    await nextStep(first, js);
    await setField(first, "dogs[0].name", "Alík");
    await setField(first, "dogs[0].breed", "jezevčík");
    await setField(first, "dogs[0].birthDate", "2020-04-01");
    await setField(first, "dogs[0].chipNumber", "203164000123456");
    await setField(first, "dogs[0].keptSince", "2021-01-01");
    await first.press("Přidat dalšího psa");
    if (shots) {
      await first.page.screenshot({ path: `${shots}/dogs-1024-${js}.png`, fullPage: true });
    }
    await setField(first, "dogs[1].name", "Bety");
    await setField(first, "dogs[1].breed", "bígl");
    await setField(first, "dogs[1].birthDate", "2021-06-15");
    await setField(first, "dogs[1].chipNumber", "203164000654321");
    await setField(first, "dogs[1].keptSince", "2022-02-01");
    if (js) {
      // The island saves the draft within seconds.
      await first.page.waitForFunction(
        () => /Koncept uložen/.test(document.querySelector(".form-autosave")?.textContent ?? ""),
        { timeout: 20_000 },
      );
    } else await nextStep(first, js); // the round trip saves the draft
  } finally {
    await first.close();
  }

  // Resumes the draft in a new browser context (another device), attaches the proof, submits.
  const p = await suite.newPage();
  try {
    await scripts(p, js);
    await signIn(p, who);
    await p.visit(FORM);
    assertStringIncludes(await p.mainText(), "Pokračujete v uloženém konceptu.");
    assertEquals(
      await p.page.$eval('[name="dogs[1].name"]', (e) => (e as HTMLInputElement).value),
      "Bety",
    );
    await toLastStep(p, js);
    await pick(p, "action", "register");
    await pick(p, "reduction", "disabilityPension");
    const file = await p.page.$('input[type="file"][name="proof"]');
    assert(file, "the proof's file input");
    await (file as unknown as { uploadFile(path: string): Promise<void> }).uploadFile(proof);
    await p.press("Odeslat");
    const id = /^\/ucet\/podani\/([0-9a-f-]{36})$/.exec(pathOf(p))?.[1];
    assert(id, `the receipt, not ${p.page.url()}`);
    assertStringIncludes(await p.mainText(), "Podání bylo přijato".slice(0, 7));
    await waitFor(async () => (await mailsTo(who.email)).length >= 1, {
      what: "the filing's e-mail",
      timeoutMs: 30_000,
    });

    // The clerk returns it; the citizen corrects the chip number and sends it back.
    await clerkDecides(id, "Vrátit k opravě", "Opravte prosím číslo čipu psa Alík.", "returned:1");
    await p.visit(`/ucet/podani/${id}`);
    assertStringIncludes(await p.mainText(), "Opravte prosím číslo čipu psa Alík.");
    await p.followLink("Opravit podání");
    await setField(p, "dogs[0].chipNumber", "203164000111111");
    await toLastStep(p, js);
    assertStringIncludes(await p.mainText(), "Přiložené soubory");
    await p.press("Odeslat");
    assertEquals(pathOf(p), `/ucet/podani/${id}`);
    await waitFor(async () => (await caseState(id)) === "filed:2", {
      what: "the correction back at the office",
      timeoutMs: 60_000,
    });

    // The clerk approves; the předpis: 200 Kč for the first dog, 300 Kč for the second
    // (reduced rates of a disability pension in Lipnice), for the whole year.
    await clerkDecides(id, "Schválit", "", "approved:2");
    await waitFor(
      () =>
        getDb().selectFrom("obligations").select("id").where("case_id", "=", id)
          .executeTakeFirst(),
      { what: "the předpis", timeoutMs: 60_000 },
    );
    await p.visit(`/ucet/podani/${id}`);
    const detail = await p.mainText();
    assertStringIncludes(detail, "Platební předpis");
    assertStringIncludes(detail, "500,00 Kč");
    await p.visit("/ucet");
    const account = await p.mainText();
    assertStringIncludes(account, "Co mám zaplatit");
    assertStringIncludes(account, "500,00 Kč");
    assertStringIncludes(account, "Variabilní symbol");

    const mails = await waitFor(async () => {
      const m = await mailsTo(who.email);
      return m.length >= 4 ? m : null;
    }, { what: "four e-mails to the citizen", timeoutMs: 60_000 });
    assertEquals(mails.length, 4, mails.map((m) => m.subject).join(" | "));
    const predpis = mails.find((m) => m.subject.startsWith("Platební předpis"));
    assert(predpis, mails.map((m) => m.subject).join(" | "));
    assertStringIncludes(predpis.text, "500,00");
  } finally {
    await p.close();
    await Deno.remove(proof).catch(() => {});
  }
}

Deno.test({
  name:
    "[browser] a dog fee from the form to the předpis: draft resumed, returned, corrected, approved",
  ...opts,
  async fn() {
    await run(true);
  },
});

Deno.test({
  name: "[browser] the same dog-fee case with JavaScript disabled",
  ...opts,
  async fn() {
    await run(false);
  },
});

Deno.test({
  name:
    "[browser] the case pages and the clerk's queue fit a 320 px wide screen and pass axe there",
  ...opts,
  async fn() {
    const who = await newCitizen();
    // Filed as a browser without JavaScript would post it (the form itself is tested above).
    const c = await client();
    await c.loginCitizen(who.username, who.password);
    const form = await c.page(FORM);
    const filed = await c.post(FORM, {
      _idem: hiddenField(form, "_idem"),
      givenName: "Věra",
      familyName: "Malá",
      birthNumber: "800101/1007",
      "address.street": "Na Výsluní",
      "address.houseNumber": "12",
      "address.town": "Lipnice nad Hájem",
      "address.postalCode": "123 45",
      email: who.email,
      phone: "",
      "dogs[0].name": "Alík",
      "dogs[0].breed": "jezevčík",
      "dogs[0].birthDate": "2020-04-01",
      "dogs[0].chipNumber": "203164000123456",
      "dogs[0].keptSince": "2021-01-01",
      action: "register",
      reduction: "none",
    }, { csrf: hiddenField(form, "_csrf") });
    await filed.body?.cancel();
    assertEquals(filed.status, 303);
    const id = /\/ucet\/podani\/([0-9a-f-]{36})/.exec(filed.headers.get("location") ?? "")![1];

    const citizen = await suite.newPage({ width: 320, height: 640 });
    const clerk = await suite.newPage({ width: 320, height: 640 });
    try {
      await signIn(citizen, who);
      for (const path of ["/ucet/podani", `/ucet/podani/${id}`, "/ucet"]) {
        await citizen.visit(path);
        const width = await citizen.scrollWidth();
        assert(width <= 320, `${path} scrolls sideways at 320 px: ${width} px`);
      }
      await signIn(clerk, DEMO_CLERK);
      for (const path of ["/urad/ukoly", `/urad/ukoly/${id}`]) {
        await clerk.visit(path);
        const width = await clerk.scrollWidth();
        assert(width <= 320, `${path} scrolls sideways at 320 px: ${width} px`);
      }
    } finally {
      await citizen.close();
      await clerk.close();
    }
  },
});

Deno.test({
  name: "[browser] the dog-fee form fits a 320 px wide screen and passes axe there",
  ...opts,
  async fn() {
    const who = await newCitizen();
    const p = await suite.newPage({ width: 320, height: 640 });
    try {
      await signIn(p, who);
      await p.visit(FORM);
      const shots = Deno.env.get("SCREENSHOT_DIR");
      if (shots) await p.page.screenshot({ path: `${shots}/form-320.png`, fullPage: true });
      const width = await p.scrollWidth();
      assert(width <= 320, `the form scrolls sideways at 320 px: the document is ${width} px`);
    } finally {
      await p.close();
      await suite.close();
    }
  },
});
