/**
 * Grants (issue 14) in Chromium: the public list and a call's page at 1280 and 320 px (how long
 * is left, criteria with weights, what an application must contain), and a clerk at 320 px
 * creating a programme (the error summary first) and announcing its call. Every page audited
 * (status, CSP, console, axe WCAG 2.1 A + AA), nothing scrolling sideways at 320 px.
 */
import { assert, assertEquals, assertStringIncludes } from "../assert.ts";
import {
  BrowserSuite,
  browserTest,
  DEMO_CLERK,
  pathOf,
  type PortalPage,
  setChecked,
  shot,
  signIn,
} from "./support.ts";
import { toPragueLocalInput } from "../../domain/time.ts";

const suite = new BrowserSuite();

async function fits(p: PortalPage, width: number): Promise<void> {
  const w = await p.scrollWidth();
  assert(w <= width, `${pathOf(p)} scrolls sideways at ${width} px: the document is ${w} px`);
}

Deno.test({
  name: "[browser] the public grant pages at 1280 and 320 px",
  ...browserTest,
  async fn() {
    for (const width of [1280, 320]) {
      const p = await suite.newPage({ width, height: 800 });
      try {
        // The home page's list of services leads there.
        await p.visit("/");
        await p.followLink("Dotace");
        assertEquals(pathOf(p), "/dotace");
        assertEquals(await p.headings(1), ["Dotace"]);
        const list = await p.mainText();
        assert(/Zbývá \d+ (den|dny|dní)|Dnes je poslední den/.test(list), list.slice(0, 300));
        assertStringIncludes(list, "Otevře se");
        await fits(p, width);
        await p.followLink("Podpora spolkové činnosti 2027 – 1. výzva");
        assertEquals(await p.headings(1), ["Podpora spolkové činnosti 2027 – 1. výzva"]);
        const text = await p.mainText();
        for (
          const part of [
            "Hodnoticí kritéria",
            "Počet členů do 18 let",
            "40 %",
            "Co musí žádost obsahovat",
            "Odůvodnění žádosti.",
          ]
        ) assertStringIncludes(text, part);
        await fits(p, width);
      } finally {
        await p.close();
      }
    }
  },
});

Deno.test({
  name: "[browser] a clerk creates a programme and announces a call at 320 px",
  ...browserTest,
  async fn() {
    const run = crypto.randomUUID().slice(0, 6);
    const p = await suite.newPage({ width: 320, height: 640 });
    try {
      await signIn(p, DEMO_CLERK);
      await p.followLink("Dotace");
      assertEquals(await p.headings(1), ["Dotace"]);
      await fits(p, 320);
      await p.followLink("Nový dotační program");
      assertEquals(await p.headings(1), ["Nový dotační program"]);
      await fits(p, 320);

      await p.fill("Název programu (povinné)", `Mládež ${run}`);
      await p.press("Založit program", { status: 422 });
      const summary = (await p.textOfRole("alert")).find((t) => t.includes("Formulář obsahuje"));
      assert(summary, "an error summary");
      assertStringIncludes(summary, "Vyberte alespoň jeden druh žadatele.");
      assertStringIncludes(summary, "Zadejte alespoň jedno hodnoticí kritérium.");
      await fits(p, 320);

      await p.fill("Účel programu (povinné)", "Volnočasové aktivity dětí a mládeže.");
      await p.fill("Kdo může žádat (povinné)", "Spolky pracující s mládeží.");
      await setChecked(p, "Právnická osoba (spolek, škola, obchodní společnost)");
      await setChecked(
        p,
        "Žadatel může v jedné výzvě podat jen jednu žádost (vzatá zpět nebo zastavená se nepočítá)",
      );
      await p.fill("Celková částka programu (Kč) (povinné)", "200 000");
      await p.fill("Nejnižší dotace (Kč) (povinné)", "5 000");
      await p.fill("Nejvyšší dotace (Kč) (povinné)", "50 000");
      await p.fill("Spolufinancování žadatele (%) (povinné)", "20");
      await p.fill("Uznatelné náklady (povinné)", "Materiál, nájem.");
      await p.fill("Neuznatelné náklady (povinné)", "Občerstvení.");
      await p.fill("Kategorie nákladů 1", "Materiál");
      await p.fill("Kritérium 1", "Počet dětí");
      await p.fill("Váha kritéria 1 (%)", "100");
      await p.fill("Právní základ (povinné)", "Zákon č. 250/2000 Sb.");
      await p.press("Založit program");
      assertEquals(await p.headings(1), [`Mládež ${run}`]);
      assertStringIncludes(await p.mainText(), "Dotační program je založen.");
      await fits(p, 320);

      await p.followLink("Vyhlásit výzvu");
      assertEquals(await p.headings(1), ["Vyhlásit výzvu"]);
      await fits(p, 320);
      const day = 86_400_000;
      await p.fill("Název výzvy (povinné)", `Mládež ${run} – výzva`);
      await p.setValue(
        "Začátek příjmu žádostí (povinné)",
        toPragueLocalInput(new Date(Date.now() + 10 * day)),
      );
      await p.setValue(
        "Konec příjmu žádostí (povinné)",
        toPragueLocalInput(new Date(Date.now() + 5 * day)),
      );
      await p.setValue("Rozhodnutí o žádostech nejpozději (povinné)", "2030-01-31");
      await p.setValue("Projekt nejdříve od (povinné)", "2030-02-01");
      await p.setValue("Projekt nejpozději do (povinné)", "2030-12-31");
      await p.setValue("Vyúčtování dotace nejpozději (povinné)", "2031-01-31");
      await p.press("Vyhlásit výzvu", { status: 422 });
      assertStringIncludes(
        (await p.textOfRole("alert")).join(" "),
        "Konec příjmu žádostí musí být později než jeho začátek.",
      );
      await fits(p, 320);
      await p.setValue(
        "Konec příjmu žádostí (povinné)",
        toPragueLocalInput(new Date(Date.now() + 40 * day)),
      );
      await p.press("Vyhlásit výzvu");
      assert(/^\/urad\/dotace\/vyzvy\/[0-9a-f-]{36}$/.test(pathOf(p)), pathOf(p));
      const text = await p.mainText();
      assertStringIncludes(text, "Výzva je vyhlášena.");
      assertStringIncludes(text, "Vyhlášená, dosud neotevřená");
      await fits(p, 320);
      await p.followLink("Veřejná stránka výzvy");
      assertEquals(await p.headings(1), [`Mládež ${run} – výzva`]);
      const publicText = await p.mainText();
      assertStringIncludes(publicText, "Otevře se");
      assertStringIncludes(publicText, "Každý žadatel může v jedné výzvě podat jen jednu žádost.");
      await fits(p, 320);
      await shot(p, "grant-call-one-each-320");
    } finally {
      await p.close();
      await suite.close();
    }
  },
});
