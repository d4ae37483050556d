/**
 * The demo towns' message templates (issue 13): what a clerk with the `messages` role writes a
 * broadcast from at /urad/zpravy/nova. Placeholders in braces become the form's fields.
 */
import type { Kysely } from "kysely";
import type { Database } from "../schema.ts";
import { ensureTemplates } from "../repositories/broadcasts.ts";
import type { Topic } from "../../domain/messaging.ts";

function templates(town: string, short: string) {
  return [
    {
      name: "Odstávka vody",
      subject: "Odstávka vody v ulici {ulice} dne {datum}",
      body: `Vážení občané,\n\noznamujeme, že dne {datum} od {od} do {do} hodin bude ` +
        `v ulici {ulice} přerušena dodávka pitné vody z důvodu opravy vodovodního řadu. ` +
        `Náhradní zásobování bude zajištěno cisternou.\n\nDěkujeme za pochopení.\n${town}`,
      smsBody: `${short}: {datum} od {od} do {do} nepotece voda v ul. {ulice} (oprava radu). ` +
        "Cisterna zajistena.",
      topics: ["outages"] as Topic[],
      crisis: false,
    },
    {
      name: "Svoz odpadu",
      subject: "Změna svozu odpadu: {datum}",
      body: `Vážení občané,\n\nsvoz {druh} proběhne výjimečně dne {datum}. Popelnice ` +
        `prosíme přistavte k okraji komunikace do 6 hodin ráno.\n\n${town}`,
      smsBody: `${short}: svoz {druh} vyjimecne {datum}. Popelnice pristavte do 6:00.`,
      topics: ["waste"] as Topic[],
      crisis: false,
    },
    {
      name: "Krizová zpráva",
      subject: "KRIZOVÁ ZPRÁVA: {udalost}",
      body: `Vážení občané,\n\n{udalost}. {pokyny}\n\nSledujte další zprávy obce. ` +
        `V případě ohrožení života volejte 112.\n\n${town}`,
      smsBody: `KRIZOVA ZPRAVA ${short}: {udalost}. {pokyny} Tisnove volani 112.`,
      topics: ["crisis"] as Topic[],
      crisis: true,
    },
    {
      name: "Pozvánka na zastupitelstvo",
      subject: "Zasedání zastupitelstva {datum}",
      body: `Vážení občané,\n\nzveme vás na veřejné zasedání zastupitelstva obce, které se ` +
        `koná dne {datum} od {od} hodin v {misto}. Program je zveřejněn na úřední desce.\n\n` +
        town,
      smsBody:
        `${short}: zasedani zastupitelstva {datum} od {od} v {misto}. Program na uredni desce.`,
      topics: ["council"] as Topic[],
      crisis: false,
    },
  ];
}

export async function seedMessageTemplates(
  db: Kysely<Database>,
  towns: { lipnice: string; dubova: string },
): Promise<void> {
  await ensureTemplates(db, towns.lipnice, templates("Obecní úřad Lipnice nad Hájem", "Lipnice"));
  await ensureTemplates(db, towns.dubova, templates("Obecní úřad Dubová Lhota", "Dubova Lhota"));
}
