/**
 * A small town of its own for the budget explorer's tests: four years of a handful of budget
 * lines whose sums are easy to check by hand, a department, a project, a founded organisation
 * and two invoices booked on one line. Its own host name (`rozpocet-<random>.localhost`), so the
 * demo towns' seeded budgets never mix into the sums, and a rerun on the same database makes a
 * new town.
 */
import { getDb } from "../../lib/db.ts";
import { demoTowns } from "./app.ts";

export interface BudgetTown {
  tenantId: string;
  host: string;
  slug: string;
}

/** Haléře of one line per year: [approved, amended, actual]. */
type Amounts = [number, number, number];

/** Crowns → haléře. */
const kc = (crowns: number) => crowns * 100;

/**
 * The lines of 2026 (2025 is each amount × 0.9, 2024 × 0.8, 2023 only the first line ×0.5):
 * expenditure skupina 2 (2212) and 3 (3612, 3639, 3113), revenue 1111, financing 8115.
 */
export const LINES_2026: {
  paragraf: string;
  polozka: string;
  orj?: string;
  org?: string;
  ico?: string;
  amounts: Amounts;
}[] = [
  {
    paragraf: "3612",
    polozka: "5169",
    orj: "0300",
    org: "101",
    amounts: [kc(1_000_000), kc(1_200_000), kc(900_000)],
  },
  {
    paragraf: "3612",
    polozka: "5171",
    orj: "0300",
    amounts: [kc(500_000), kc(500_000), kc(450_000)],
  },
  {
    paragraf: "3639",
    polozka: "5169",
    orj: "0400",
    amounts: [kc(300_000), kc(350_000), kc(300_000)],
  },
  {
    paragraf: "2212",
    polozka: "6121",
    orj: "0400",
    org: "102",
    amounts: [kc(2_000_000), kc(2_100_000), kc(1_500_000)],
  },
  {
    paragraf: "3113",
    polozka: "5331",
    ico: "70000001",
    amounts: [kc(800_000), kc(800_000), kc(800_000)],
  },
  { paragraf: "0000", polozka: "1111", amounts: [kc(5_000_000), kc(5_200_000), kc(5_300_000)] },
  { paragraf: "6409", polozka: "8115", amounts: [kc(400_000), kc(-250_000), kc(-100_000)] },
];

/** The code list names the tests read (the state's code list may hold them already). */
const NAMES: { kind: "paragraf" | "polozka"; code: string; name: string }[] = [
  { kind: "paragraf", code: "3", name: "Služby pro obyvatelstvo" },
  { kind: "paragraf", code: "36", name: "Bydlení, komunální služby a územní rozvoj" },
  { kind: "paragraf", code: "361", name: "Rozvoj bydlení a bytové hospodářství" },
  { kind: "paragraf", code: "3612", name: "Bytové hospodářství" },
  { kind: "polozka", code: "5", name: "Běžné výdaje" },
  { kind: "polozka", code: "51", name: "Neinvestiční nákupy a související výdaje" },
  { kind: "polozka", code: "516", name: "Nákup služeb" },
  { kind: "polozka", code: "5169", name: "Nákup ostatních služeb" },
];

let made: Promise<BudgetTown> | undefined;

/** The town, made once per test process. */
export function budgetTown(): Promise<BudgetTown> {
  return made ??= makeTown();
}

async function makeTown(): Promise<BudgetTown> {
  await demoTowns();
  const db = getDb();
  const suffix = crypto.randomUUID().slice(0, 8);
  const slug = `rozpocet-${suffix}`;
  const host = `${slug}.localhost`;
  const tenant = await db.insertInto("tenants").values({
    slug,
    name: "Rozpočtová Lhota",
    official_name: "Obec Rozpočtová Lhota",
    ico: "00000099",
    iban: "CZ6508000000192000145399",
    address: "Náves 1, 123 45 Rozpočtová Lhota",
    email: "podatelna@rozpocet.invalid",
    phone: "+420000000099",
    hosts: [host],
    settings: "{}",
  }).returning("id").executeTakeFirstOrThrow();
  const tenantId = tenant.id;
  await db.insertInto("budget_classification").values(NAMES)
    .onConflict((oc) => oc.columns(["kind", "code"]).doNothing()).execute();
  await db.insertInto("budget_departments").values([
    { tenant_id: tenantId, code: "0300", name: "Odbor správy majetku" },
    { tenant_id: tenantId, code: "0400", name: "Odbor investic" },
  ]).execute();
  await db.insertInto("budget_projects").values([
    { tenant_id: tenantId, code: "101", name: "Oprava bytů v Lipové ulici" },
    { tenant_id: tenantId, code: "102", name: "Chodník ke škole" },
  ]).execute();
  await db.insertInto("budget_organisations").values({
    tenant_id: tenantId,
    ico: "70000001",
    name: "Základní škola Rozpočtová Lhota",
  }).execute();
  const imp = await db.insertInto("budget_imports").values({
    tenant_id: tenantId,
    kind: "seed",
    year: null,
    mode: "append",
    file_name: "budget_fixture.ts",
    file_sha256: "0".repeat(64),
    row_count: LINES_2026.length * 3 + 1,
    source: "seed",
  }).returning("id").executeTakeFirstOrThrow();
  const lines = [];
  for (const [year, factor] of [[2026, 1], [2025, 0.9], [2024, 0.8]] as const) {
    for (const line of LINES_2026) {
      lines.push({
        tenant_id: tenantId,
        import_id: imp.id,
        year,
        paragraf: line.paragraf,
        polozka: line.polozka,
        orj: line.orj ?? null,
        org: line.org ?? null,
        organisation_ico: line.ico ?? null,
        approved_halere: Math.round(line.amounts[0] * factor),
        amended_halere: Math.round(line.amounts[1] * factor),
        actual_halere: Math.round(line.amounts[2] * factor),
      });
    }
  }
  const first = LINES_2026[0];
  lines.push({
    tenant_id: tenantId,
    import_id: imp.id,
    year: 2023,
    paragraf: first.paragraf,
    polozka: first.polozka,
    orj: first.orj ?? null,
    org: first.org ?? null,
    organisation_ico: null,
    approved_halere: first.amounts[0] / 2,
    amended_halere: first.amounts[1] / 2,
    actual_halere: first.amounts[2] / 2,
  });
  await db.insertInto("budget_lines").values(lines).execute();
  await db.insertInto("accounting_entries").values([
    {
      tenant_id: tenantId,
      import_id: imp.id,
      year: 2026,
      kind: "KDF",
      document: "FP-2026-0042",
      booked_on: "2026-03-12",
      paragraf: "3612",
      polozka: "5169",
      orj: "0300",
      org: "101",
      amount_halere: kc(400_000),
      supplier_ico: "27074358",
      supplier_name: "Stavby Lhota s.r.o.",
      description: "Oprava střechy bytového domu Lipová 12",
    },
    {
      tenant_id: tenantId,
      import_id: imp.id,
      year: 2026,
      kind: "KDF",
      document: "FP-2026-0043",
      booked_on: "2026-05-20",
      paragraf: "3612",
      polozka: "5169",
      orj: "0300",
      org: "101",
      amount_halere: kc(500_000),
      supplier_ico: "27074358",
      supplier_name: "Stavby Lhota s.r.o.",
      description: "Výměna oken bytového domu Lipová 12",
    },
  ]).execute();
  return { tenantId, host, slug };
}
