/**
 * The confirmation pages before what cannot be undone (issue 10 item 2), in Chromium at 320 px:
 * publishing a notice (with its preview), withdrawing it, revoking an agenda authorization,
 * granting a power of attorney and deactivating a clerk. Each page is audited (axe WCAG A+AA,
 * console, requests), says the consequence, fits the viewport without sideways scrolling, and
 * only "Ano, …" acts.
 */
import { assert, assertEquals, assertStringIncludes } from "../assert.ts";
import {
  BrowserSuite,
  browserTest,
  choose,
  DEMO_ADMIN,
  DEMO_CLERK,
  type PortalPage,
  signIn,
} from "./support.ts";
import { demoTowns } from "../support/app.ts";
import { getDb } from "../../lib/db.ts";
import { insertPerson } from "../../db/repositories/persons.ts";
import { grantAuthorization } from "../../db/repositories/authorizations.ts";
import { insertClerk } from "../../db/repositories/clerks_admin.ts";
import { createRepresentationRequest } from "../../db/repositories/representations.ts";

const suite = new BrowserSuite();
const run = crypto.randomUUID().slice(0, 6);
const NARROW = { width: 320, height: 800 };

async function fits(p: PortalPage): Promise<void> {
  const width = await p.scrollWidth();
  assert(width <= NARROW.width, `${p.page.url()} is ${width} px wide at ${NARROW.width} px`);
}

Deno.test({
  name: "[browser] confirmation pages at 320 px: publish, withdraw, revoke, grant, deactivate",
  ...browserTest,
  async fn() {
    const db = getDb();
    const tenantId = (await demoTowns()).lipnice.id;
    const clerkRow = await db.selectFrom("clerks").select("id")
      .where("tenant_id", "=", tenantId).where("username", "=", DEMO_CLERK.username)
      .executeTakeFirstOrThrow();
    const personId = await insertPerson(db, tenantId, {
      username: `uzky.${run}.1`,
      givenName: "Věra",
      familyName: `Úzká${run}`,
      passwordHash: null,
      status: "active",
      birthDate: "1970-07-07",
    });
    await grantAuthorization(db, tenantId, {
      personId,
      agenda: "poplatky",
      source: "clerk",
      grantedBy: clerkRow.id,
      evidence: "občanský průkaz …1111",
    });
    const { id: requestId } = await createRepresentationRequest(
      db,
      tenantId,
      crypto.randomUUID(),
      personId,
      {
        kind: "power_of_attorney",
        representedName: `Jiří Zastoupený${run}`,
        representedBirthDate: "1940-04-04",
        representedIco: null,
        scope: ["poplatky"],
        validUntil: null,
        document: {
          fileName: "plna-moc.pdf",
          mediaType: "application/pdf",
          content: new TextEncoder().encode("%PDF-1.4"),
        },
      },
    );
    const otherClerk = await insertClerk(db, tenantId, {
      username: `uzky-${run}`,
      displayName: `Úřednice Úzká ${run}`,
      email: `uzky-${run}@example.cz`,
      phone: `+4207${String(Math.floor(Math.random() * 1e8)).padStart(8, "0")}`,
      passwordHash: "x",
      roles: ["notices"],
    });
    assert(otherClerk);

    const clerk = await suite.newPage(NARROW);
    const admin = await suite.newPage(NARROW);
    try {
      await signIn(clerk, DEMO_CLERK);
      const title = `Úzké oznámení ${run}`;

      // Publishing: the preview of the public page, then "Ano, vyvěsit dokument".
      await clerk.visit("/urad/uredni-deska/novy");
      await clerk.fill("Název dokumentu (povinné)", title);
      await clerk.press("Vyvěsit");
      assertEquals(await clerk.headings(1), ["Zkontrolujte dokument před vyvěšením"]);
      assertStringIncludes(await clerk.mainText(), "Náhled stránky na úřední desce");
      await fits(clerk);
      await clerk.press("Ano, vyvěsit dokument");
      assertEquals(await clerk.headings(1), [title]);

      // Withdrawing.
      await clerk.fill("Důvod stažení (povinné)", "Zkouška potvrzení.");
      await clerk.press("Stáhnout z úřední desky");
      assertEquals(await clerk.headings(1), ["Opravdu stáhnout dokument z úřední desky?"]);
      await fits(clerk);
      await clerk.press("Ano, stáhnout z úřední desky");
      assertEquals(await clerk.headings(1), [title]);

      // Revoking an agenda authorization.
      await clerk.visit(`/urad/osoby/${personId}`);
      await choose(clerk, "Oprávnění k agendě (povinné)", "Poplatky a odpady");
      await clerk.fill("Důvod odvolání (povinné)", "Zkouška potvrzení.");
      await clerk.press("Odvolat oprávnění");
      assertEquals(await clerk.headings(1), [
        "Opravdu odvolat oprávnění k agendě Poplatky a odpady?",
      ]);
      await fits(clerk);
      await clerk.press("Ano, odvolat oprávnění");
      assertStringIncludes(
        (await clerk.textOfRole("status")).join(" "),
        "Oprávnění k agendě Poplatky a odpady bylo odvoláno.",
      );

      // Granting a power of attorney, the representative's document checked.
      await clerk.visit(`/urad/zastoupeni/${requestId}`);
      await choose(clerk, "Druh dokladu (povinné)", "Cestovní pas");
      await clerk.fill("Číslo dokladu (povinné)", "44556677");
      await clerk.press("Udělit zastoupení");
      assertEquals(await clerk.headings(1), ["Opravdu udělit zastoupení?"]);
      assertStringIncludes(await clerk.mainText(), "cestovní pas …6677");
      await fits(clerk);
      await clerk.press("Ano, udělit zastoupení");
      assertStringIncludes(await clerk.mainText(), "cestovní pas …6677");

      // Deactivating a clerk (the administrator).
      await signIn(admin, DEMO_ADMIN);
      await admin.visit(`/urad/urednici/${otherClerk}`);
      await admin.fill("Důvod deaktivace (povinné)", "Zkouška potvrzení.");
      await admin.press("Deaktivovat účet");
      assertEquals(await admin.headings(1), [`Opravdu deaktivovat účet Úřednice Úzká ${run}?`]);
      await fits(admin);
      await admin.press("Ano, deaktivovat účet");
      assertStringIncludes(await admin.mainText(), "účet je deaktivován");
    } finally {
      await clerk.close();
      await admin.close();
      await suite.close();
    }
  },
});
