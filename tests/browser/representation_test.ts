/**
 * Representation (zastoupení) in Chromium: the demo citizen asks to act for a family member
 * with a power of attorney attached as a PDF, the clerk (another browser context, signed in with
 * an SMS code) opens the request from the queue and refuses it with a reason, which the citizen
 * then reads; a second request is granted and the citizen switches whom he acts for and back.
 * By accessible names, every page audited (status, CSP, console, requests, axe WCAG 2.1 A + AA).
 */
import { assert, assertEquals, assertMatch, assertStringIncludes } from "../assert.ts";
import {
  BrowserSuite,
  browserTest,
  choose,
  DEMO_CITIZEN,
  DEMO_CLERK,
  optionTexts,
  pathOf,
  type PortalPage,
  setChecked,
  signIn,
  upload,
} from "./support.ts";

const suite = new BrowserSuite();

const REQUEST = {
  poa: "Plná moc pro člena rodiny",
  next: "Pokračovat",
  name: "Jméno a příjmení zastoupené osoby (povinné)",
  birthDate: "Datum narození zastoupené osoby (povinné)",
  fees: "Poplatky a odpady",
  document: "Dokument (povinné)",
  submit: "Odeslat žádost",
} as const;
const REASON_FIELD = "Důvod zamítnutí (povinné)";
const SWITCH = "Jednat za";
const QUEUE_LINK = "Žádosti o zastoupení k ověření";
const DOCUMENT_NAME = "plna-moc.pdf";

/** A name the form accepts (letters only) and no other run shares: "Ludmila Kqbzetová". */
function familyMember(given: string): string {
  const letters = Array.from(
    crypto.getRandomValues(new Uint8Array(6)),
    (b) => "abcdefghijklmnopqrstuvwxyz"[b % 26],
  ).join("");
  return `${given} ${letters[0].toUpperCase()}${letters.slice(1)}ová`;
}

/** A tiny file that starts like a PDF (the portal checks the signature, not the content). */
async function pdfFile(): Promise<{ path: string; cleanup: () => Promise<void> }> {
  const dir = await Deno.makeTempDir({ prefix: "portal-poa-" });
  const path = `${dir}/${DOCUMENT_NAME}`;
  await Deno.writeTextFile(
    path,
    "%PDF-1.4\n1 0 obj <</Type /Catalog>> endobj\ntrailer <</Root 1 0 R>>\n%%EOF\n",
  );
  return { path, cleanup: () => Deno.remove(dir, { recursive: true }).catch(() => {}) };
}

let clerkPage: Promise<PortalPage> | undefined;
/**
 * The clerk's tab, shared by the file's tests: each sign-in spends one of the clerk's SMS-code
 * checks (10 an hour), which every test file signing in "urednik" shares.
 */
function clerk(): Promise<PortalPage> {
  return clerkPage ??= (async () => {
    const p = await suite.newPage();
    await signIn(p, DEMO_CLERK);
    assertEquals(pathOf(p), "/urad");
    assertEquals(await p.headings(1), ["Pracoviště úředníka"]);
    return p;
  })();
}

/** Tomáš signed in, on his representations page. */
async function citizenOnRepresentations(): Promise<PortalPage> {
  const p = await suite.newPage();
  await signIn(p, DEMO_CITIZEN);
  assertEquals(pathOf(p), "/ucet");
  await p.followLink("Zastoupení a plné moci: jednat za člena rodiny, dítě nebo firmu");
  assertEquals(pathOf(p), "/ucet/zastoupeni");
  assertEquals(await p.headings(1), ["Zastoupení a plné moci"]);
  return p;
}

/** Fills in and sends the request form for a family member; ends on the confirmation. */
async function requestPowerOfAttorney(p: PortalPage, name: string, pdf: string): Promise<void> {
  // Kind first: the form then asks only for what a power of attorney needs.
  await setChecked(p, REQUEST.poa);
  await p.press(REQUEST.next);
  assertEquals(await p.page.$('input[name="ico"]'), null, "no company field for a family member");
  await p.fill(REQUEST.name, name);
  await p.setValue(REQUEST.birthDate, "1951-04-12");
  await setChecked(p, REQUEST.fees);
  await upload(p, REQUEST.document, pdf);
  await p.press(REQUEST.submit);
  assertEquals(pathOf(p), "/ucet/zastoupeni");
  assertStringIncludes(
    (await p.textOfRole("status")).join(" "),
    "Žádost jsme přijali. Úřad ji ověří a výsledek uvidíte na této stránce; potvrzení s číslem " +
      "žádosti jsme vám poslali e-mailem.",
  );
  assertMatch(await representationText(p, name), /Stav čeká na ověření/);
}

/** What the citizen's list says about one representation (the item under its name). */
async function representationText(p: PortalPage, name: string): Promise<string> {
  const text = await p.page.$$eval(
    "main li h3",
    (hs, wanted) => {
      const h = hs.find((h) => h.textContent?.trim() === wanted);
      return (h?.closest("li") as HTMLElement | null)?.innerText.replace(/\s+/g, " ").trim();
    },
    name,
  );
  assert(text, `no representation of "${name}" listed on ${p.page.url()}`);
  return text;
}

/** Whom the switch offers to act for; empty when the office granted nothing valid. */
async function switchOptions(p: PortalPage): Promise<string[]> {
  const none = (await p.mainText()).includes("Zatím vám úřad neudělil žádné platné zastoupení.");
  return none ? [] : await optionTexts(p, SWITCH);
}

/** The clerk opens the request from the queue in the workspace. */
async function openFromQueue(office: PortalPage, name: string): Promise<void> {
  await office.visit("/urad");
  await office.followLink(QUEUE_LINK);
  assertEquals(await office.headings(1), ["Žádosti o zastoupení"]);
  await office.followLink(name);
  assertEquals(await office.headings(1), [`Žádost o zastoupení: ${name}`]);
  const text = await office.mainText();
  assertStringIncludes(text, "plná moc pro člena rodiny");
  assertStringIncludes(text, "Poplatky a odpady");
  assertStringIncludes(text, DEMO_CITIZEN.name);
  assertStringIncludes(text, DEMO_CITIZEN.username);
  // The document is there to be checked (not downloaded here: every view is audited).
  const link = await office.link(`Stáhnout dokument ${DOCUMENT_NAME}`);
  const href = await link.evaluate((a) => (a as HTMLAnchorElement).pathname);
  assertMatch(href, /^\/urad\/zastoupeni\/[0-9a-f-]{36}\/dokument$/);
}

Deno.test({
  name: "[browser] a power of attorney is refused and the citizen sees why",
  ...browserTest,
  async fn() {
    const name = familyMember("Ludmila");
    const reason = "Plná moc není podepsaná zastoupenou osobou.";
    const pdf = await pdfFile();
    const citizen = await citizenOnRepresentations();
    try {
      await requestPowerOfAttorney(citizen, name, pdf.path);

      const office = await clerk();
      await openFromQueue(office, name);

      // Refused without a reason: the reason is required, said in Czech at the field and in
      // the summary; axe audits the error state.
      await office.press("Zamítnout žádost", { status: 422 });
      const summary = (await office.textOfRole("alert")).join(" ");
      assertStringIncludes(summary, "Formulář obsahuje chyby");
      assertStringIncludes(summary, "Důvod zamítnutí: Vyplňte prosím toto pole.");
      const field = await office.fieldState(REASON_FIELD);
      assert(field.invalid, "the reason field is marked invalid");
      assertStringIncludes(field.description, "Vyplňte prosím toto pole.");

      await office.fill(REASON_FIELD, reason);
      await office.press("Zamítnout žádost");
      assertEquals(await office.headings(1), [`Žádost o zastoupení: ${name}`]);
      assertStringIncludes(
        (await office.textOfRole("status")).join(" "),
        "Žádost byla zamítnuta.",
      );
      const decided = await office.mainText();
      assertStringIncludes(decided, "Stav zamítnuto");
      assertStringIncludes(decided, reason);
      assertStringIncludes(decided, "Žádost o zastoupení zamítnuta"); // the history
      assert(!decided.includes("Udělit zastoupení"), "a decided request offers no decision");

      // The citizen reloads his page: the state and the office's reason.
      await citizen.visit("/ucet/zastoupeni");
      const item = await representationText(citizen, name);
      assertStringIncludes(item, "Stav zamítnuto");
      assertStringIncludes(item, `Odůvodnění úřadu ${reason}`);
      assert(!item.includes("Vzít žádost zpět"), "a refused request cannot be withdrawn");
      assert(
        !(await switchOptions(citizen)).includes(name),
        "the switch offers to act for someone whose representation was refused",
      );
    } finally {
      await citizen.close();
      await pdf.cleanup();
    }
  },
});

Deno.test({
  name: "[browser] a granted power of attorney lets the citizen act for the family member",
  ...browserTest,
  async fn() {
    const name = familyMember("Věra");
    const pdf = await pdfFile();
    const citizen = await citizenOnRepresentations();
    try {
      await requestPowerOfAttorney(citizen, name, pdf.path);
      assert(!(await switchOptions(citizen)).includes(name), "offered before it was granted");

      const office = await clerk();
      await openFromQueue(office, name);
      // Not linked to a person of the town (nobody of that name lives there): the default.
      await office.field("Nepropojovat s žádnou osobou");
      // The representative's identity document, checked at the counter, is recorded.
      await choose(office, "Druh dokladu (povinné)", "Občanský průkaz");
      await office.fill("Číslo dokladu (povinné)", "203414821");
      await office.press("Udělit zastoupení");
      assertEquals(await office.headings(1), ["Opravdu udělit zastoupení?"]);
      assertStringIncludes(await office.mainText(), "občanský průkaz …4821");
      await office.press("Ano, udělit zastoupení");
      assertStringIncludes(
        (await office.textOfRole("status")).join(" "),
        "Zastoupení bylo uděleno.",
      );
      const decided = await office.mainText();
      assertStringIncludes(decided, "Stav uděleno");
      assertStringIncludes(decided, "Agendy Poplatky a odpady");
      assertStringIncludes(decided, "Zastoupení uděleno"); // the history

      // The citizen acts for her: the header says so on every page.
      await citizen.visit("/ucet/zastoupeni");
      assertStringIncludes(await representationText(citizen, name), "Stav uděleno");
      await choose(citizen, SWITCH, name);
      await citizen.press("Přepnout");
      assertEquals(pathOf(citizen), "/ucet/zastoupeni");
      assertStringIncludes((await citizen.textOfRole("banner")).join(" "), `jednáte za: ${name}`);
      await citizen.visit("/ucet");
      assertStringIncludes((await citizen.textOfRole("banner")).join(" "), `jednáte za: ${name}`);

      // And back to himself, from the header's link.
      await citizen.followLink("Přepnout zastoupení");
      assertEquals(pathOf(citizen), "/ucet/zastoupeni");
      await choose(citizen, SWITCH, "sebe");
      await citizen.press("Přepnout");
      assertEquals(pathOf(citizen), "/ucet/zastoupeni");
      assert(
        !(await citizen.textOfRole("banner")).join(" ").includes("jednáte za:"),
        "still acting for someone after switching back",
      );
      assertEquals(
        await (await citizen.field(SWITCH)).evaluate((e) => (e as HTMLSelectElement).value),
        "self",
      );
    } finally {
      await citizen.close();
      await pdf.cleanup();
      await (await clerkPage?.catch(() => undefined))?.close();
      clerkPage = undefined;
      await suite.close();
    }
  },
});
