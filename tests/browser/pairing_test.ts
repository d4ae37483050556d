/**
 * Pairing an external identity with a matching local account, in Chromium: the provider's
 * Marie Procházková has the same verified e-mail and names as the seeded citizen
 * `marie.prochazkova.1002`, so the portal asks for a code sent by SMS to her verified phone
 * before it joins them (domain/pairing.ts) — never by e-mail alone. Every page, the local
 * OpenID provider's included, is axe-audited by the harness.
 *
 * A pairing is permanent in the shared test database, and tests/oidc_login_test.ts pairs Marie
 * through `bankid` too (and fails if she is paired already): this test takes the first provider
 * whose identity of Marie is not linked yet, and unlinks what it linked when it ends, so it
 * passes before or after that file, and run again in the same database.
 */
import { assert, assertEquals, assertStringIncludes } from "../assert.ts";
import { demoTowns } from "../support/app.ts";
import { maildevUrl, watchSmsCode } from "../support/maildev.ts";
import { getDb } from "../../lib/db.ts";
import {
  BrowserSuite,
  browserTest,
  followToForeignPage,
  pathOf,
  pressBackToPortal,
} from "./support.ts";

const suite = new BrowserSuite();
const pairingTest = {
  ...browserTest,
  ignore: browserTest.ignore || !maildevUrl || !Deno.env.get("OIDC_PROVIDERS"),
} as const;

/** The seeded citizen (db/seeds/demo.ts) and her test person at the local provider. */
const MARIE = {
  username: "marie.prochazkova.1002",
  name: "Marie Procházková",
  phone: "+420777333444",
  subject: "test-marie-prochazkova",
} as const;

/** The portal's providers (scripts/services/) by their link on /prihlaseni, in preference. */
const PROVIDERS = [
  { id: "bankid", link: "Přihlásit se: Bank iD" },
  { id: "mojeid", link: "Přihlásit se: MojeID" },
] as const;

type Provider = (typeof PROVIDERS)[number];

const PROVIDER_TITLE = "Bank iD a MojeID – testovací poskytovatel";
const CODE_FIELD = "Kód ze SMS (povinné)";

/** Marie's identity at `provider` as linked in the demo town, if it is. */
function linkedIdentity(tenantId: string, provider: string) {
  return getDb().selectFrom("external_identities").select(["id", "person_id"])
    .where("tenant_id", "=", tenantId).where("provider", "=", provider)
    .where("subject", "=", MARIE.subject).executeTakeFirst();
}

/** The first provider through which Marie is not linked yet (making one free if none is). */
async function unlinkedProvider(tenantId: string): Promise<Provider> {
  for (const provider of PROVIDERS) {
    if (!await linkedIdentity(tenantId, provider.id)) return provider;
  }
  // TEST-ONLY cleanup: every provider's identity of Marie is linked already (this test ran
  // in the same database more than twice). Unlinking `bankid` makes the pairing reachable
  // again; the portal itself never unlinks an identity.
  await getDb().deleteFrom("external_identities")
    .where("tenant_id", "=", tenantId).where("provider", "=", "bankid")
    .where("subject", "=", MARIE.subject).execute();
  return PROVIDERS[0];
}

Deno.test({
  name: "[browser] an external identity joins a matching account only after the SMS code",
  ...pairingTest,
  async fn() {
    const { lipnice } = await demoTowns();
    const marie = await getDb().selectFrom("persons").select("id")
      .where("tenant_id", "=", lipnice.id).where("username", "=", MARIE.username)
      .executeTakeFirstOrThrow();
    const provider = await unlinkedProvider(lipnice.id);
    const p = await suite.newPage();
    try {
      await p.visit("/prihlaseni");
      await followToForeignPage(p, async () => (await p.link(provider.link)).click());
      assertEquals(await p.headings(1), [PROVIDER_TITLE]);

      // Choosing Marie at the provider sends the code to her account's verified phone: the
      // watch starts before the click.
      const nextSms = await watchSmsCode(MARIE.phone);
      await pressBackToPortal(p, `Přihlásit jako ${MARIE.name} (úroveň značná)`);
      assertEquals(pathOf(p), "/prihlaseni/propojeni");
      assertEquals(await p.headings(1), ["Propojení s existujícím účtem"]);
      const explained = await p.mainText();
      assertStringIncludes(
        explained,
        "buď jste do něj právě přihlášeni, nebo se shoduje ověřený e-mail i jméno a příjmení a " +
          "potvrdíte to kódem, který jsme poslali na ověřený telefon účtu. Podle samotného " +
          "e-mailu účty nikdy nespojujeme.",
      );
      // The hint says where the code went, the number masked.
      const hint = await p.fieldState(CODE_FIELD);
      assertStringIncludes(hint.description, "Kód jsme poslali v SMS na číslo +420 *** *** 444.");
      assert(!hint.invalid, "the code field is not marked invalid before a submission");
      assertEquals(await linkedIdentity(lipnice.id, provider.id), undefined, "not linked yet");

      // Sent empty: a Czech error at the code field; axe audits the error state too.
      await p.press("Potvrdit a propojit", { status: 422 });
      assertEquals(pathOf(p), "/prihlaseni/propojeni");
      assertStringIncludes(
        (await p.textOfRole("alert")).join(" "),
        "Kód ze SMS: Vyplňte prosím toto pole.",
      );
      assertEquals(await p.focusedText(), "Formulář obsahuje chyby");
      const field = await p.fieldState(CODE_FIELD);
      assert(field.invalid, "the code field is marked invalid");
      assertStringIncludes(field.description, "Vyplňte prosím toto pole.");
      assertEquals(await linkedIdentity(lipnice.id, provider.id), undefined, "still not linked");

      // The code from the SMS joins the identity to her account and signs her in.
      await p.fill(CODE_FIELD, await nextSms());
      await p.press("Potvrdit a propojit");
      assertEquals(pathOf(p), "/ucet");
      assertEquals(await p.headings(1), ["Osobní účet"]);
      const account = await p.mainText();
      assertStringIncludes(account, `Přihlášen(a): ${MARIE.name}`);
      assertStringIncludes(account, "značná (elektronická identita)");
      const linked = await linkedIdentity(lipnice.id, provider.id);
      assertEquals(linked?.person_id, marie.id, `the ${provider.id} identity joins her account`);
    } finally {
      // TEST-ONLY cleanup: the identity was not linked when the test began, so a link now is
      // this test's. Unlinking it leaves the database as found: tests/oidc_login_test.ts
      // expects Marie's `bankid` identity unpaired, whichever file runs first.
      await getDb().deleteFrom("external_identities")
        .where("tenant_id", "=", lipnice.id).where("provider", "=", provider.id)
        .where("subject", "=", MARIE.subject).execute();
      await p.close();
      await suite.close();
    }
  },
});
