/**
 * Imports a public finance file for a town from the command line (operators), through the same
 * use case as the clerk's upload (app/finance_imports.ts): one transaction, nothing written when
 * the file has a problem. DATABASE_URL comes from the configuration as for the web.
 *
 *   deno run -A scripts/finance_import.ts --town lipnice --kind cityvizor --year 2026 \
 *     --mode replace ucetnictvi-2026.csv
 *
 * Kinds: cityvizor, cityvizor_events, fin212m, contracts, orders. `--year` is optional (read from
 * the file for the budget kinds), `--mode` replace (default) or append. Exit code 0 with a
 * summary, 1 with the problems (each with its line) on a bad file, 2 on wrong arguments.
 */
import { closeDb, getDb } from "../lib/db.ts";
import { findTenantBySlug } from "../db/repositories/tenants.ts";
import { FINANCE_MODES, type FinanceMode, importFinanceFile } from "../app/finance_imports.ts";
import { FINANCE_KINDS, isFinanceKind } from "../domain/finance/parse.ts";
import { problemText } from "../domain/finance/text.ts";
import { formatCzk } from "../domain/money.ts";

const USAGE = `Použití: deno run -A scripts/finance_import.ts --town <slug> --kind <${
  FINANCE_KINDS.join("|")
}> [--year <rok>] [--mode replace|append] <soubor>`;

function parseArgs(args: string[]): Record<string, string> | string {
  const out: Record<string, string> = {};
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a.startsWith("--")) {
      const [name, inline] = a.slice(2).split("=", 2);
      const value = inline ?? args[++i];
      if (value === undefined) return `Chybí hodnota přepínače --${name}.`;
      out[name] = value;
    } else if (out.file === undefined) out.file = a;
    else return `Nadbytečný argument: ${a}`;
  }
  return out;
}

async function main(): Promise<number> {
  const args = parseArgs(Deno.args);
  if (typeof args === "string") {
    console.error(`${args}\n${USAGE}`);
    return 2;
  }
  const { town, kind, year, file } = args;
  const mode = args.mode ?? "replace";
  const unknown = Object.keys(args).filter((k) =>
    !["town", "kind", "year", "mode", "file"].includes(k)
  );
  if (unknown.length > 0) {
    console.error(`Neznámý přepínač: --${unknown[0]}\n${USAGE}`);
    return 2;
  }
  if (!town || !kind || !file) {
    console.error(USAGE);
    return 2;
  }
  if (!isFinanceKind(kind)) {
    console.error(`Neznámý druh dat „${kind}“; možné: ${FINANCE_KINDS.join(", ")}.`);
    return 2;
  }
  if (!(FINANCE_MODES as readonly string[]).includes(mode)) {
    console.error(`Neznámý způsob „${mode}“; možné: replace, append.`);
    return 2;
  }
  if (year !== undefined && !/^\d{4}$/.test(year)) {
    console.error(`Rok „${year}“ není čtyřmístné číslo.`);
    return 2;
  }
  let bytes: Uint8Array;
  try {
    bytes = await Deno.readFile(file);
  } catch (err) {
    console.error(`Soubor ${file} nelze přečíst: ${(err as Error).message}`);
    return 2;
  }
  const db = getDb();
  try {
    const tenant = await findTenantBySlug(db, town);
    if (!tenant) {
      console.error(`Obec „${town}“ neexistuje.`);
      return 2;
    }
    const result = await importFinanceFile({ db }, { system: "cli", tenantId: tenant.id }, {
      kind,
      year: year === undefined ? undefined : Number(year),
      mode: mode as FinanceMode,
      fileName: file.split(/[\\/]/).pop() ?? file,
      bytes,
      source: "cli",
    });
    if (!result.ok) {
      console.error(`Soubor ${file} nebyl načten, nic se nezměnilo. Problémy:`);
      for (const p of result.problems) console.error(`  ${problemText(p)}`);
      return 1;
    }
    console.log(
      [
        `Načteno: ${tenant.name}, ${kind}, rok ${result.year ?? "–"}, ${mode}`,
        `import ${result.importId}`,
        `řádků ${result.rowCount}, součet ${formatCzk(result.totalHalere)}`,
        `řádky rozpočtu ${result.lines}, faktury ${result.entries}, smlouvy ${result.contracts}, objednávky ${result.orders}, akce ${result.projects}`,
        `přeskočeno ${result.skipped}, smazáno z dřívějších importů ${result.replaced}`,
      ].join("\n"),
    );
    return 0;
  } finally {
    await closeDb();
  }
}

if (import.meta.main) Deno.exit(await main());
