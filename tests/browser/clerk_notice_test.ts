/**
 * A clerk signs in, posts a notice with an attachment, watches it appear on the public board
 * (published by the Temporal worker), withdraws it early and signs out — in Chromium, by
 * accessible names, with every page audited (status, CSP, console, requests, axe WCAG A+AA).
 */
import { assert, assertEquals, assertMatch, assertStringIncludes } from "../assert.ts";
import type { ElementHandle } from "puppeteer-core";
import { toPragueLocalInput } from "../../domain/time.ts";
import { BrowserSuite, browserTest, DEMO_CLERK } from "./support.ts";
import { waitFor } from "../support/wait.ts";
import { watchSmsCode } from "../support/maildev.ts";

const suite = new BrowserSuite();
const run = crypto.randomUUID().slice(0, 8);
const TITLE = `Oznámení o uzavírce místní komunikace ${run}`;
const FILE_NAME = "Situace uzavírky.txt";

Deno.test({
  name: "[browser] a clerk posts a notice, it appears on the public board, and is withdrawn",
  ...browserTest,
  async fn() {
    const dir = await Deno.makeTempDir({ prefix: "portal-upload-" });
    const clerk = await suite.newPage();
    const visitor = await suite.newPage();
    try {
      const attachment = `${dir}/${FILE_NAME}`;
      await Deno.writeTextFile(attachment, `Uzavírka ulice Polní, ${run}.\n`);

      // Sign in: a wrong password first, then the right one.
      await clerk.visit("/");
      await clerk.followLink("Přihlásit se");
      assertEquals(await clerk.headings(1), ["Přihlášení"]);
      await clerk.fill("Uživatelské jméno, e-mail nebo telefon (povinné)", DEMO_CLERK.username);
      await clerk.fill("Heslo (povinné)", "spatne-heslo");
      await clerk.press("Přihlásit se", { status: 401 });
      const [failed] = await clerk.textOfRole("alert");
      assertStringIncludes(failed ?? "", "Přihlášení se nepodařilo");
      await clerk.fill("Heslo (povinné)", DEMO_CLERK.password);
      const nextCode = await watchSmsCode(DEMO_CLERK.phone);
      await clerk.press("Přihlásit se");
      // Clerks always confirm with a code from an SMS (the dev outbox delivers it to MailDev).
      assertEquals(new URL(clerk.page.url()).pathname, "/prihlaseni/overeni");
      assertEquals(await clerk.headings(1), ["Ověření kódem ze SMS"]);
      await clerk.fill("Kód ze SMS (povinné)", await nextCode());
      await clerk.press("Ověřit a přihlásit");
      assertEquals(new URL(clerk.page.url()).pathname, "/urad");
      assertEquals(await clerk.headings(1), ["Pracoviště úředníka"]);

      // The posting form, sent empty: the summary and the field say the title is missing.
      await clerk.followLink("Vyvěsit dokument na úřední desku");
      assertEquals(await clerk.headings(1), ["Vyvěsit dokument na úřední desku"]);
      await clerk.press("Vyvěsit", { status: 422 });
      const [summary] = await clerk.textOfRole("alert");
      assertStringIncludes(summary ?? "", "Formulář obsahuje chyby");
      assertStringIncludes(summary ?? "", "Název dokumentu: Vyplňte prosím toto pole.");
      // Focus starts on the summary, so a screen reader reads it first.
      assertEquals(await clerk.focusedText(), "Formulář obsahuje chyby");
      const titleField = await clerk.fieldState("Název dokumentu (povinné)");
      assert(titleField.invalid, "the title field is marked invalid");
      assertStringIncludes(titleField.description, "Vyplňte prosím toto pole.");

      // Filled in: a title, a take-down a day ahead, one attachment.
      await clerk.fill("Název dokumentu (povinné)", TITLE);
      // The agenda is chosen from the town's code list.
      await (await clerk.field("Agenda") as ElementHandle<HTMLSelectElement>).select("doprava");
      await clerk.setValue("Sejmout", toPragueLocalInput(new Date(Date.now() + 86_400_000)));
      const files = await clerk.field("Přílohy") as ElementHandle<HTMLInputElement>;
      await files.uploadFile(attachment);
      await clerk.press("Vyvěsit");
      // Not yet published: a confirmation page with a preview of the public page.
      assertEquals(await clerk.headings(1), ["Zkontrolujte dokument před vyvěšením"]);
      assertStringIncludes(await clerk.mainText(), "nelze upravit ani vrátit zpět");
      assertEquals(await clerk.headings(3), [TITLE]);
      assertStringIncludes(await clerk.mainText(), FILE_NAME);
      // "Zpět" returns to the form filled in, the attachment kept without choosing it again.
      await clerk.followLink("Zpět");
      assertEquals(await clerk.headings(1), ["Vyvěsit dokument na úřední desku"]);
      assertStringIncludes(await clerk.mainText(), `zůstanou: ${FILE_NAME}`);
      await clerk.press("Vyvěsit");
      assertEquals(await clerk.headings(1), ["Zkontrolujte dokument před vyvěšením"]);
      assertStringIncludes(await clerk.mainText(), FILE_NAME);
      await clerk.press("Ano, vyvěsit dokument");
      assertEquals(await clerk.headings(1), [TITLE]);
      assertStringIncludes(
        (await clerk.textOfRole("status")).join(" "),
        "Dokument byl přijat.",
      );
      assertStringIncludes(await clerk.mainText(), FILE_NAME);

      // The worker publishes it: the public board shows it within seconds.
      await waitFor(async () => {
        await visitor.visit("/uredni-deska");
        return (await visitor.mainText()).includes(TITLE);
      }, { what: "the notice on the public board", intervalMs: 500 });
      await visitor.followLink(TITLE);
      assertEquals(await visitor.headings(1), [TITLE]);
      await visitor.link(FILE_NAME);

      // Withdrawn early, with a reason: gone from the board, kept in the archive.
      await clerk.fill("Důvod stažení (povinné)", "Uzavírka byla zrušena.");
      await clerk.press("Stáhnout z úřední desky");
      assertEquals(await clerk.headings(1), ["Opravdu stáhnout dokument z úřední desky?"]);
      assertStringIncludes(await clerk.mainText(), "nelze jej vrátit zpět");
      await clerk.press("Ano, stáhnout z úřední desky");
      assertStringIncludes(
        (await clerk.textOfRole("status")).join(" "),
        "Dokument byl z úřední desky stažen.",
      );
      assertMatch(await clerk.mainText(), /Staženo/);

      await visitor.visit("/uredni-deska");
      assert(!(await visitor.mainText()).includes(TITLE), "the withdrawn notice is still listed");
      await visitor.followLink("Archiv");
      await visitor.fill("Hledat na úřední desce", run);
      await visitor.press("Hledat");
      await visitor.link(TITLE);

      // Signing out ends the session: the workspace asks for a sign-in again.
      await clerk.press("Odhlásit se");
      assertEquals(new URL(clerk.page.url()).pathname, "/prihlaseni");
      assertStringIncludes((await clerk.textOfRole("status")).join(" "), "Byli jste odhlášeni.");
      await clerk.visit("/urad");
      assertEquals(new URL(clerk.page.url()).pathname, "/prihlaseni");
    } finally {
      await clerk.close();
      await visitor.close();
      await suite.close();
      await Deno.remove(dir, { recursive: true }).catch(() => {});
    }
  },
});
