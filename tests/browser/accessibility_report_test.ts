/**
 * A visitor reports an accessibility barrier (Act 99/2019, § 9): the form explains what is
 * missing, in an error summary and at the field, and then confirms the report with a reference.
 */
import { assert, assertEquals, assertMatch, assertStringIncludes } from "../assert.ts";
import { BrowserSuite, browserTest } from "./support.ts";

const suite = new BrowserSuite();

Deno.test({
  name: "[browser] a visitor reports an accessibility barrier after fixing what the form asks for",
  ...browserTest,
  async fn() {
    const p = await suite.newPage();
    try {
      await p.visit("/uredni-deska");
      await p.followLink("Nahlásit problém s přístupností");
      assertEquals(await p.headings(1), ["Nahlásit problém s přístupností"]);
      // Coming from the notice board, the page's address is filled in already.
      const pageField = await p.field("Adresa stránky, kde problém nastal");
      assertEquals(await pageField.evaluate((e) => (e as HTMLInputElement).value), "/uredni-deska");

      // Sent without a description: 422, the summary lists the error, the field explains it.
      await p.press("Odeslat hlášení", { status: 422 });
      assertMatch(await p.page.title(), /^Chyba: /);
      const [summary, ...more] = await p.textOfRole("alert");
      assertEquals(more, [], "one alert on the page");
      assertStringIncludes(summary, "Formulář obsahuje chyby");
      assertStringIncludes(summary, "Popis problému: Vyplňte prosím toto pole.");
      // Focus starts on the summary, so a screen reader reads it first.
      assertEquals(await p.focusedText(), "Formulář obsahuje chyby");
      const description = "Popis problému (povinné)";
      const field = await p.fieldState(description);
      assert(field.invalid, "the description field is marked invalid");
      assertStringIncludes(field.description, "Vyplňte prosím toto pole.");
      // The summary's entry takes the person to the field.
      await (await p.link("Popis problému: Vyplňte prosím toto pole.")).click();
      assert(await p.isFocused(description), "the summary's link focuses the description field");

      await p.fill(
        description,
        "Tlačítko pro stránkování úřední desky nejde se čtečkou obrazovky ovládat.",
      );
      await p.press("Odeslat hlášení");
      assertEquals(await p.headings(1), ["Hlášení jsme přijali"]);
      assertMatch(await p.mainText(), /Vaše hlášení má číslo \S+\./);
      assertEquals(await p.textOfRole("alert"), [], "no error left");
    } finally {
      await p.close();
      await suite.close();
    }
  },
});
