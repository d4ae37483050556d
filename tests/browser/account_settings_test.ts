/**
 * The account settings in Chromium at 320 px (axe on every page): a citizen changes the
 * password, turns on the SMS second factor with the code typed as it reads in the SMS ("560 327"),
 * changes the e-mail through a code, files a representation request (kind first) and takes it
 * back after a confirmation, and deletes the account after reading what goes and what the town
 * keeps; a dead reset link then says why. With SCREENSHOT_DIR set, each page is saved there as
 * a PNG.
 */
import { assertEquals, assertStringIncludes } from "../assert.ts";
import {
  BrowserSuite,
  browserTest,
  pathOf,
  type PortalPage,
  setChecked,
  signIn,
  upload,
} from "./support.ts";
import { maildevUrl, watchInbox, watchSmsCode } from "../support/maildev.ts";
import { insertPerson } from "../support/people.ts";
import { demoTowns } from "../support/app.ts";
import { getDb } from "../../lib/db.ts";

const suite = new BrowserSuite();
const shots = Deno.env.get("SCREENSHOT_DIR");

async function shot(p: PortalPage, name: string): Promise<void> {
  if (shots) await p.page.screenshot({ path: `${shots}/${name}.png`, fullPage: true });
}

Deno.test({
  name: "[browser] account settings at 320 px: password, SMS factor, e-mail, deleting the account",
  ...browserTest,
  ignore: browserTest.ignore || !maildevUrl,
  async fn() {
    const { lipnice } = await demoTowns();
    const who = await insertPerson(lipnice.id, {
      prefix: "nastaveni",
      givenName: "Alena",
      familyName: "Pokorná",
      email: true,
    });
    const phone = `+4207${String(Math.floor(Math.random() * 1e8)).padStart(8, "0")}`;
    await getDb().insertInto("person_contacts").values({
      tenant_id: lipnice.id,
      person_id: who.id,
      kind: "phone",
      value: phone,
      verified_at: new Date(),
    }).execute();
    const p = await suite.newPage({ width: 320, height: 640 });
    try {
      await signIn(p, who);
      assertEquals(pathOf(p), "/ucet");
      await p.visit("/ucet/nastaveni");
      await shot(p, "settings");

      // The password, the current one first.
      await p.followLink("Změnit heslo");
      await shot(p, "password");
      const password = "Stribrny-mesic-nad-Lipnici";
      await p.fill("Současné heslo (povinné)", who.password);
      await p.fill("Nové heslo (povinné)", password);
      await p.fill("Nové heslo znovu (povinné)", password);
      await p.press("Změnit heslo");
      assertEquals(pathOf(p), "/ucet/nastaveni");
      assertStringIncludes((await p.textOfRole("status")).join(" "), "Heslo je změněno.");

      // The SMS second factor, confirmed by the code typed with its space.
      const nextSms = await watchSmsCode(phone);
      try {
        await p.press("Zapnout ověření kódem ze SMS");
        assertEquals(pathOf(p), "/ucet/nastaveni/sms-overeni");
        const code = await nextSms();
        await p.fill("Kód ze SMS (povinné)", `${code.slice(0, 3)} ${code.slice(3)}`);
        await shot(p, "sms-code");
        await p.press("Ověřit kód a zapnout");
      } finally {
        nextSms.release();
      }
      assertEquals(pathOf(p), "/ucet/nastaveni");
      assertStringIncludes(
        (await p.textOfRole("status")).join(" "),
        "Ověření kódem ze SMS je zapnuto.",
      );

      // A new e-mail, through the code sent to it.
      await p.followLink("Změnit e-mail nebo telefon");
      await shot(p, "contact");
      const email = `${who.username}.nova@example.cz`;
      const nextMail = await watchInbox(email);
      await p.fill("Nový e-mail (povinné)", email);
      await p.press("Poslat kód na nový e-mail");
      assertEquals(pathOf(p), "/ucet/nastaveni/kontakt");
      const mailCode = /\b(\d{6})\b/.exec((await nextMail()).text)![1];
      await p.fill("Ověřovací kód (povinné)", `${mailCode.slice(0, 3)} ${mailCode.slice(3)}`);
      await shot(p, "contact-code");
      await p.press("Ověřit a změnit");
      assertStringIncludes((await p.textOfRole("status")).join(" "), "E-mail je změněn.");

      // A representation request: the kind first, then only its fields; then taken back.
      await p.visit("/ucet/zastoupeni");
      await setChecked(p, "Plná moc pro člena rodiny");
      await p.press("Pokračovat");
      assertEquals(await p.page.$('input[name="ico"]'), null, "no IČO for a family member");
      await shot(p, "representation-form");
      const dir = await Deno.makeTempDir({ prefix: "portal-poa-" });
      try {
        await Deno.writeTextFile(`${dir}/plna-moc.pdf`, "%PDF-1.4\n%%EOF\n");
        await p.fill("Jméno a příjmení zastoupené osoby (povinné)", "Věra Pokorná");
        await p.setValue("Datum narození zastoupené osoby (povinné)", "1950-06-01");
        await setChecked(p, "Knihovna");
        await upload(p, "Dokument (povinné)", `${dir}/plna-moc.pdf`);
        await p.press("Odeslat žádost");
      } finally {
        await Deno.remove(dir, { recursive: true });
      }
      // The person's only request: its "Vzít žádost zpět" button (its name ends with whom).
      const withdraw = await p.page.$('main form[action$="/zpet-vzit"] button');
      assertStringIncludes(
        await withdraw!.evaluate((b) => b.textContent ?? ""),
        "Vzít žádost zpět",
      );
      await p.follow(() => withdraw!.click());
      assertEquals(await p.headings(1), [
        "Opravdu vzít zpět žádost o zastoupení osoby Věra Pokorná?",
      ]);
      await shot(p, "representation-withdraw");
      await p.press("Ano, vzít žádost zpět");
      assertStringIncludes((await p.textOfRole("status")).join(" "), "Žádost byla vzata zpět.");
      const item = await p.mainText();
      assertStringIncludes(item, "vzato zpět");
      await shot(p, "representation-withdrawn");

      // Deleting the account: what goes, what stays, then the password.
      await p.visit("/ucet/nastaveni");
      await p.followLink("Zrušit účet na Portálu občana");
      assertEquals(await p.headings(1), ["Opravdu zrušit účet?"]);
      const text = await p.mainText();
      assertStringIncludes(text, "Co smažeme hned");
      assertStringIncludes(text, "Co musí obec podle zákona ponechat");
      await shot(p, "delete");
      await p.fill("Pro potvrzení zadejte současné heslo (povinné)", password);
      await p.press("Ano, zrušit účet natrvalo");
      assertEquals(pathOf(p), "/prihlaseni");
      assertStringIncludes((await p.textOfRole("status")).join(" "), "Váš účet byl zrušen.");
      await shot(p, "deleted");

      // A reset link that never was: the page says so and offers a new one.
      await p.visit(`/obnova-hesla?ucet=${who.id}&kod=123456`, { status: 410 });
      assertEquals(await p.headings(1), ["Odkaz není platný"]);
      await shot(p, "reset-dead");
    } finally {
      await p.close();
      await suite.close();
    }
  },
});
