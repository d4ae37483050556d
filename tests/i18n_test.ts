/**
 * Czech first, English always: both catalogs have the same keys, and every literal key the
 * code asks for exists (a missing key would show its raw name to a person).
 */
import { assert, assertEquals } from "./assert.ts";
import { catalogKeys, translator } from "../lib/i18n.ts";

const SOURCE_DIRS = ["routes", "components", "islands", "lib"];

async function* sourceFiles(dir: string): AsyncGenerator<string> {
  try {
    for await (const entry of Deno.readDir(dir)) {
      const path = `${dir}/${entry.name}`;
      if (entry.isDirectory && entry.name !== "testdata") yield* sourceFiles(path);
      else if (/\.tsx?$/.test(entry.name) && !/_test\.tsx?$/.test(entry.name)) yield path;
    }
  } catch (err) {
    if (!(err instanceof Deno.errors.NotFound)) throw err;
  }
}

Deno.test("[i18n] the Czech and English catalogs have exactly the same keys", () => {
  const cs = catalogKeys("cs");
  const en = catalogKeys("en");
  assertEquals(cs.filter((k) => !en.includes(k)), [], "keys missing in English");
  assertEquals(en.filter((k) => !cs.includes(k)), [], "keys missing in Czech");
});

Deno.test("[i18n] every literal key used in the code exists in the catalogs", async () => {
  const keys = new Set(catalogKeys("cs"));
  const prefixes = new Set(
    [...keys].flatMap((k) =>
      k.split(".").slice(0, -1).map((_, i, a) => a.slice(0, i + 1).join("."))
    ),
  );
  const missing: string[] = [];
  for (const dir of SOURCE_DIRS) {
    for await (const file of sourceFiles(dir)) {
      const text = await Deno.readTextFile(file);
      for (const m of text.matchAll(/\bt\(\s*"([a-zA-Z0-9_.]+)"/g)) {
        if (!keys.has(m[1])) missing.push(`${file}: ${m[1]}`);
      }
      // Template keys like t(`noticeBoard.status.${s}`): their fixed prefix must exist.
      for (const m of text.matchAll(/\bt\(\s*`([a-zA-Z0-9_.]+)\.\$\{/g)) {
        if (!prefixes.has(m[1])) missing.push(`${file}: ${m[1]}.*`);
      }
    }
  }
  assertEquals(missing, []);
});

Deno.test("[i18n] Czech text keeps its diacritics and placeholders are filled", () => {
  const t = translator("cs");
  assertEquals(t("noticeBoard.title"), "Úřední deska");
  assertEquals(t("validation.tooLong", { max: 250 }), "Text je příliš dlouhý, nejvýše 250 znaků.");
  const en = translator("en");
  assertEquals(en("noticeBoard.title"), "Official notice board");
  assert(en("no.such.key") === "no.such.key", "an unknown key shows itself rather than crashing");
});
