/**
 * The demo towns' public finance, 2024–2026 (issue 12): departments (ORJ), projects (ORG), two
 * founded organisations each, the budget (approved / after changes / actual) in the budget
 * classification, the received (KDF) and issued (KOF) invoices booked on its lines, contracts
 * and orders. Made up but realistic for a town of ~2 000 people (revenues ≈ 50 mil. Kč a year);
 * every supplier and organisation IČO is made up and valid (mod-11 check digit).
 *
 * Deterministic: a seeded PRNG (mulberry32 per town), no Math.random, no clock. The invoices of
 * a budget line sum exactly to the line's actual, so the explorer's drill-down and the invoice
 * register agree to the haléř. Each seeded set (a year's budget and invoices, the contracts,
 * the orders) is one `budget_imports` row with source 'seed'; a town that already has imports
 * (seeded or real) is skipped, so running the seed again adds nothing. Rows go in chunks of 1 000.
 */
import { type Kysely, sql, type Transaction } from "kysely";
import type { Database } from "../schema.ts";
import { seedBudgetClassification } from "./budget_classification.ts";

export const FINANCE_SEED_YEARS = [2024, 2025, 2026] as const;

/** mulberry32: a small deterministic PRNG in [0, 1). */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A valid IČO from 7 digits: the 8th is the mod-11 check digit. */
export function icoFrom(base7: number): string {
  const d = String(base7).padStart(7, "0").slice(-7);
  let sum = 0;
  for (let i = 0; i < 7; i++) sum += Number(d[i]) * (8 - i);
  return d + String((11 - (sum % 11)) % 10);
}

type Category =
  | "build"
  | "road"
  | "energy"
  | "water"
  | "waste"
  | "it"
  | "office"
  | "legal"
  | "craft"
  | "green"
  | "telecom"
  | "bank"
  | "culture"
  | "fire"
  | "print"
  | "fuel"
  | "school"
  | "clean";

/** Suppliers of the region (made up); `person` ones have no IČO (the registers say so). */
const SUPPLIER_NAMES: [Category, string][] = [
  ["build", "Stavby Hájek s.r.o."],
  ["build", "POZEMSTAV Jih a.s."],
  ["build", "Stavební firma Kolář a syn s.r.o."],
  ["build", "Rekostav Tábor s.r.o."],
  ["build", "Jihočeské stavby a.s."],
  ["build", "Modrý dům stavební s.r.o."],
  ["build", "Střechy Pokorný s.r.o."],
  ["build", "Okna a dveře Vysočina s.r.o."],
  ["road", "Silnice Soběslav s.r.o."],
  ["road", "Dopravní stavby Lužnice a.s."],
  ["road", "Asfalty Bechyně s.r.o."],
  ["road", "Dopravní značení Jih s.r.o."],
  ["energy", "Energie pro obce a.s."],
  ["energy", "Plyn Jihozápad s.r.o."],
  ["energy", "Elektro Novotný s.r.o."],
  ["water", "Vodovody a kanalizace Lužnice a.s."],
  ["water", "Čistírny Malšice s.r.o."],
  ["water", "Hydro servis Veselí s.r.o."],
  ["waste", "Odpady Jih s.r.o."],
  ["waste", "Sběrné dvory Tábor a.s."],
  ["waste", "Recyklace Planá s.r.o."],
  ["it", "Obecní software s.r.o."],
  ["it", "Datové služby Morava a.s."],
  ["it", "PC servis Lipník s.r.o."],
  ["it", "Web pro obce s.r.o."],
  ["it", "Tiskárny a kopírky Jih s.r.o."],
  ["office", "Kancelářské potřeby Bohemia s.r.o."],
  ["office", "Papír a obal Tábor s.r.o."],
  ["office", "Železářství U Kostela s.r.o."],
  ["office", "Stavebniny Lužnice s.r.o."],
  ["office", "Nábytek Horák s.r.o."],
  ["legal", "Advokátní kancelář Dvořáková a partneři s.r.o."],
  ["legal", "Projekce Moravec s.r.o."],
  ["legal", "Dotační poradenství Jih s.r.o."],
  ["legal", "Geodézie Tábor s.r.o."],
  ["craft", "Josef Kučera – instalatérství"],
  ["craft", "Pavel Marek – elektroinstalace"],
  ["craft", "Jiří Veselý – tesařství"],
  ["craft", "Martin Bartoš – malířství a natěračství"],
  ["craft", "Zdeněk Holub – zednické práce"],
  ["craft", "Lukáš Šimek – klempířství"],
  ["craft", "Tomáš Beneš – zámečnictví"],
  ["craft", "Miroslav Fiala – kominictví"],
  ["green", "Zahrady Lipová s.r.o."],
  ["green", "Arboristika Jih s.r.o."],
  ["green", "Sekání a údržba zeleně Vondráček s.r.o."],
  ["telecom", "Telekomunikace Střed a.s."],
  ["telecom", "Síť Jih s.r.o."],
  ["bank", "Česká obecní banka a.s."],
  ["bank", "Pojišťovna Venkov a.s."],
  ["culture", "Divadelní agentura Kulisa s.r.o."],
  ["culture", "Hudební produkce Polka s.r.o."],
  ["culture", "Ozvučení a pódia Jih s.r.o."],
  ["culture", "Knihy Lužnice s.r.o."],
  ["fire", "Hasičská technika Jih s.r.o."],
  ["fire", "Požární ochrana Tábor s.r.o."],
  ["print", "Tiskárna Obzor s.r.o."],
  ["print", "Grafika a tisk Soběslav s.r.o."],
  ["fuel", "Čerpací stanice Lipnice s.r.o."],
  ["fuel", "Paliva Jih a.s."],
  ["school", "Školní potřeby a hračky s.r.o."],
  ["school", "Vybavení škol Vysočina s.r.o."],
  ["clean", "Úklidové služby Čistota s.r.o."],
  ["clean", "Hygiena Jih s.r.o."],
];
/** Natural persons without an IČO who invoiced small works (the registers withhold names). */
const PERSON_SUPPLIERS = ["Karel Dvořák", "Věra Pokorná", "Jan Černý"];

export interface SeedSupplier {
  category: Category;
  ico: string | null;
  name: string;
}

export const FINANCE_SUPPLIERS: readonly SeedSupplier[] = [
  ...SUPPLIER_NAMES.map(([category, name], i) => ({
    category,
    name,
    ico: icoFrom(2_640_000 + i * 4_111),
  })),
  ...PERSON_SUPPLIERS.map((name) => ({ category: "craft" as const, ico: null, name })),
];

interface TownFinance {
  slug: "lipnice" | "dubova";
  name: string;
  /** Scale of the budget (Lipnice ≈ 2 000 people). */
  scale: number;
  seed: number;
}

const DEPARTMENTS: [string, string][] = [
  ["10", "Správa obce a finance"],
  ["20", "Doprava a vodní hospodářství"],
  ["30", "Školství, kultura a sport"],
  ["40", "Komunální služby a životní prostředí"],
  ["50", "Sociální věci a bezpečnost"],
];

interface SeedProject {
  code: string;
  name: string;
  years: number[];
}
const PROJECTS: SeedProject[] = [
  { code: "1001", name: "Rekonstrukce MŠ", years: [2024, 2025] },
  { code: "1002", name: "Chodník Lesní", years: [2025, 2026] },
  { code: "1003", name: "Obnova veřejného osvětlení", years: [2024] },
  { code: "1004", name: "Hasičská zbrojnice – nová vrata", years: [2026] },
  { code: "1005", name: "Kanalizace Za Humny", years: [2026] },
];

/** One budget line's template: paragraf, položka, approved in thousands of Kč (2024). */
interface LineTemplate {
  p: string;
  i: string;
  kc: number;
  org?: string;
  /** Founded organisation: "school" or "services". */
  organisation?: "school" | "services";
  /** Supplier categories of its invoices (none: no invoices, e.g. salaries, transfers). */
  cat?: Category[];
  /** Invoice descriptions. */
  what?: string[];
}

const REVENUES: LineTemplate[] = [
  { p: "0000", i: "1111", kc: 10_500 },
  { p: "0000", i: "1112", kc: 300 },
  { p: "0000", i: "1113", kc: 1_200 },
  { p: "0000", i: "1121", kc: 9_000 },
  { p: "0000", i: "1122", kc: 800 },
  { p: "0000", i: "1211", kc: 20_000 },
  { p: "0000", i: "1345", kc: 1_600 },
  { p: "0000", i: "1341", kc: 50 },
  { p: "0000", i: "1343", kc: 30 },
  { p: "0000", i: "1361", kc: 80 },
  { p: "0000", i: "1381", kc: 400 },
  { p: "0000", i: "1511", kc: 2_500 },
  { p: "0000", i: "4112", kc: 900 },
  { p: "0000", i: "4116", kc: 1_500 },
  { p: "0000", i: "4122", kc: 300 },
  { p: "0000", i: "4216", kc: 4_000, org: "1001" },
  { p: "2310", i: "2111", kc: 1_200 },
  { p: "3612", i: "2132", kc: 600 },
  { p: "3613", i: "2132", kc: 300, cat: ["office", "craft"], what: ["Nájem nebytových prostor"] },
  { p: "3632", i: "2111", kc: 50 },
  { p: "3725", i: "2324", kc: 350, cat: ["waste"], what: ["Odměna za třídění odpadu"] },
  { p: "6310", i: "2141", kc: 100 },
  { p: "3639", i: "3111", kc: 800 },
  { p: "1031", i: "2111", kc: 400, cat: ["build", "green"], what: ["Prodej dřeva"] },
];

const EXPENDITURES: LineTemplate[] = [
  { p: "2212", i: "5171", kc: 1_500, cat: ["road"], what: ["Oprava výtluků", "Oprava krajnic"] },
  { p: "2212", i: "5169", kc: 300, cat: ["road"], what: ["Zimní údržba silnic"] },
  { p: "2212", i: "6121", kc: 3_500, org: "1002", cat: ["road", "build"], what: ["Chodník Lesní"] },
  { p: "2219", i: "5169", kc: 200, cat: ["road"], what: ["Dopravní značení"] },
  { p: "2219", i: "5171", kc: 400, cat: ["road", "craft"], what: ["Oprava mostku"] },
  { p: "2219", i: "6121", kc: 2_000, org: "1002", cat: ["build"], what: ["Chodník Lesní"] },
  { p: "2292", i: "5323", kc: 250 },
  { p: "2310", i: "5169", kc: 600, cat: ["water"], what: ["Provoz vodovodu", "Rozbory vody"] },
  { p: "2310", i: "5171", kc: 500, cat: ["water", "craft"], what: ["Oprava vodovodního řadu"] },
  { p: "2310", i: "5154", kc: 200, cat: ["energy"], what: ["Elektřina – úpravna vody"] },
  { p: "2321", i: "5169", kc: 800, cat: ["water"], what: ["Provoz ČOV", "Vývoz kalů"] },
  { p: "2321", i: "5171", kc: 600, cat: ["water"], what: ["Oprava kanalizace"] },
  { p: "2321", i: "5154", kc: 300, cat: ["energy"], what: ["Elektřina – ČOV"] },
  { p: "2321", i: "6121", kc: 4_000, org: "1005", cat: ["build"], what: ["Kanalizace Za Humny"] },
  { p: "3111", i: "5331", kc: 1_200, organisation: "school" },
  { p: "3111", i: "6121", kc: 5_000, org: "1001", cat: ["build"], what: ["Rekonstrukce MŠ"] },
  { p: "3111", i: "5171", kc: 300, cat: ["craft"], what: ["Oprava budovy MŠ"] },
  { p: "3113", i: "5331", kc: 2_500, organisation: "school" },
  { p: "3113", i: "5171", kc: 600, cat: ["build", "craft"], what: ["Oprava budovy ZŠ"] },
  { p: "3113", i: "5137", kc: 300, cat: ["school"], what: ["Školní nábytek"] },
  { p: "3314", i: "5021", kc: 150 },
  { p: "3314", i: "5136", kc: 80, cat: ["culture"], what: ["Knihy do knihovny"] },
  { p: "3319", i: "5169", kc: 250, cat: ["culture"], what: ["Koncert", "Divadelní představení"] },
  { p: "3319", i: "5175", kc: 60, cat: ["office"], what: ["Občerstvení – setkání seniorů"] },
  { p: "3326", i: "5171", kc: 200, cat: ["craft"], what: ["Oprava křížku", "Oprava kapličky"] },
  { p: "3392", i: "5154", kc: 100, cat: ["energy"], what: ["Elektřina – kulturní dům"] },
  { p: "3392", i: "5153", kc: 150, cat: ["energy"], what: ["Plyn – kulturní dům"] },
  { p: "3392", i: "5171", kc: 200, cat: ["craft"], what: ["Oprava kulturního domu"] },
  { p: "3412", i: "5171", kc: 300, cat: ["build", "craft"], what: ["Oprava hřiště"] },
  { p: "3412", i: "5154", kc: 150, cat: ["energy"], what: ["Elektřina – sportovní areál"] },
  { p: "3419", i: "5222", kc: 500 },
  { p: "3421", i: "5222", kc: 150 },
  { p: "3421", i: "5137", kc: 100, cat: ["school"], what: ["Herní prvky"] },
  { p: "3612", i: "5171", kc: 400, cat: ["craft", "build"], what: ["Oprava obecních bytů"] },
  { p: "3613", i: "5171", kc: 300, cat: ["craft"], what: ["Oprava nebytových prostor"] },
  { p: "3613", i: "5153", kc: 200, cat: ["energy"], what: ["Plyn – budova úřadu"] },
  { p: "3631", i: "5154", kc: 350, cat: ["energy"], what: ["Elektřina – veřejné osvětlení"] },
  { p: "3631", i: "5171", kc: 250, cat: ["craft"], what: ["Údržba veřejného osvětlení"] },
  { p: "3631", i: "6121", kc: 1_200, org: "1003", cat: ["build"], what: ["Nová svítidla LED"] },
  { p: "3632", i: "5169", kc: 100, cat: ["green"], what: ["Údržba hřbitova"] },
  { p: "3635", i: "6119", kc: 400, cat: ["legal"], what: ["Změna územního plánu"] },
  { p: "3639", i: "5011", kc: 1_200 },
  { p: "3639", i: "5031", kc: 300 },
  { p: "3639", i: "5032", kc: 110 },
  { p: "3639", i: "5139", kc: 200, cat: ["office"], what: ["Materiál – údržba obce"] },
  { p: "3639", i: "5156", kc: 200, cat: ["fuel"], what: ["Pohonné hmoty"] },
  { p: "3639", i: "5169", kc: 400, cat: ["legal", "craft"], what: ["Geometrický plán"] },
  { p: "3639", i: "6122", kc: 800, cat: ["build"], what: ["Komunální traktor"] },
  { p: "3639", i: "5331", kc: 2_000, organisation: "services" },
  { p: "3722", i: "5169", kc: 2_200, cat: ["waste"], what: ["Svoz komunálního odpadu"] },
  { p: "3723", i: "5169", kc: 200, cat: ["waste"], what: ["Svoz bioodpadu"] },
  { p: "3725", i: "5169", kc: 400, cat: ["waste"], what: ["Svoz tříděného odpadu"] },
  { p: "3745", i: "5169", kc: 600, cat: ["green"], what: ["Sečení trávy", "Ořez stromů"] },
  { p: "3745", i: "5139", kc: 150, cat: ["green", "office"], what: ["Sadba a substrát"] },
  { p: "3745", i: "5156", kc: 100, cat: ["fuel"], what: ["Pohonné hmoty – sekačky"] },
  { p: "3745", i: "5137", kc: 100, cat: ["green"], what: ["Křovinořez"] },
  { p: "4351", i: "5169", kc: 200, cat: ["clean"], what: ["Pečovatelská služba"] },
  { p: "4351", i: "5229", kc: 100 },
  { p: "5512", i: "5137", kc: 200, cat: ["fire"], what: ["Výstroj jednotky SDH"] },
  { p: "5512", i: "5156", kc: 50, cat: ["fuel"], what: ["Pohonné hmoty – CAS"] },
  { p: "5512", i: "5171", kc: 150, cat: ["fire", "craft"], what: ["Oprava hasičské zbrojnice"] },
  { p: "5512", i: "5021", kc: 100 },
  {
    p: "5512",
    i: "6121",
    kc: 900,
    org: "1004",
    cat: ["build"],
    what: ["Vrata hasičské zbrojnice"],
  },
  { p: "6112", i: "5023", kc: 1_400 },
  { p: "6112", i: "5031", kc: 250 },
  { p: "6112", i: "5032", kc: 120 },
  { p: "6171", i: "5011", kc: 3_500 },
  { p: "6171", i: "5031", kc: 860 },
  { p: "6171", i: "5032", kc: 310 },
  { p: "6171", i: "5136", kc: 30, cat: ["print"], what: ["Sbírka předpisů", "Zpravodaj"] },
  { p: "6171", i: "5137", kc: 200, cat: ["it", "office"], what: ["Notebooky", "Nábytek"] },
  { p: "6171", i: "5139", kc: 150, cat: ["office"], what: ["Kancelářské potřeby"] },
  { p: "6171", i: "5153", kc: 150, cat: ["energy"], what: ["Plyn – úřad"] },
  { p: "6171", i: "5154", kc: 100, cat: ["energy"], what: ["Elektřina – úřad"] },
  { p: "6171", i: "5162", kc: 120, cat: ["telecom"], what: ["Telefony a internet"] },
  { p: "6171", i: "5166", kc: 350, cat: ["legal"], what: ["Právní služby", "Audit"] },
  { p: "6171", i: "5167", kc: 60, cat: ["legal"], what: ["Školení zaměstnanců"] },
  { p: "6171", i: "5168", kc: 300, cat: ["it"], what: ["Správa IT", "Spisová služba"] },
  { p: "6171", i: "5169", kc: 600, cat: ["clean", "print", "it"], what: ["Úklid úřadu"] },
  { p: "6171", i: "5171", kc: 300, cat: ["craft"], what: ["Oprava budovy úřadu"] },
  { p: "6171", i: "5172", kc: 80, cat: ["it"], what: ["Licence software"] },
  { p: "6171", i: "5362", kc: 50 },
  { p: "6310", i: "5163", kc: 60, cat: ["bank"], what: ["Poplatky za vedení účtu"] },
  { p: "6310", i: "5141", kc: 200, cat: ["bank"], what: ["Úroky z úvěru"] },
  { p: "6320", i: "5163", kc: 120, cat: ["bank"], what: ["Pojištění majetku obce"] },
  { p: "6399", i: "5362", kc: 800 },
  { p: "6409", i: "5901", kc: 500 },
];

/** Loan repayments; the change of the bank balance (8115) then balances the year. */
const FINANCING: LineTemplate[] = [
  { p: "0000", i: "8124", kc: -1_500 },
];

const TOWNS: TownFinance[] = [
  { slug: "lipnice", name: "Lipnice nad Hájem", scale: 0.9, seed: 1_2024 },
  { slug: "dubova", name: "Dubová Lhota", scale: 0.72, seed: 2_2024 },
];

function departmentOf(paragraf: string): string {
  const d = paragraf[0];
  if (paragraf === "0000" || d === "6") return "10";
  if (d === "2" || d === "1") return "20";
  if (paragraf < "3500") return "30";
  if (d === "3") return "40";
  return "50";
}

const ISO = (y: number, dayOfYear: number) =>
  new Date(Date.UTC(y, 0, 1 + dayOfYear)).toISOString().slice(0, 10);

async function insertChunks<T extends keyof Database & string>(
  trx: Transaction<Database>,
  table: T,
  rows: Record<string, unknown>[],
): Promise<void> {
  for (let i = 0; i < rows.length; i += 1000) {
    // deno-lint-ignore no-explicit-any
    await trx.insertInto(table).values(rows.slice(i, i + 1000) as any).execute();
  }
}

async function sha256(text: string): Promise<string> {
  const d = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return Array.from(new Uint8Array(d), (b) => b.toString(16).padStart(2, "0")).join("");
}

/** Splits `total` haléře into `n` positive parts (whole Kč but the last), in random shares. */
function split(total: number, n: number, rnd: () => number): number[] {
  if (n <= 1 || total < n * 100) return [total];
  const w = Array.from({ length: n }, () => 0.3 + rnd());
  const sum = w.reduce((a, b) => a + b, 0);
  const parts = w.map((x) => Math.max(100, Math.floor((total * x) / sum / 100) * 100));
  const rest = total - parts.slice(0, -1).reduce((a, b) => a + b, 0);
  parts[n - 1] = rest;
  return rest > 0 ? parts : [total];
}

async function seedTown(
  trx: Transaction<Database>,
  tenantId: string,
  town: TownFinance,
): Promise<void> {
  const rnd = prng(town.seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)];
  const school = {
    ico: icoFrom(town.slug === "lipnice" ? 7_098_101 : 7_098_301),
    name: `Základní škola a mateřská škola ${town.name}, příspěvková organizace`,
  };
  const services = {
    ico: icoFrom(town.slug === "lipnice" ? 7_098_201 : 7_098_401),
    name: `Technické služby ${town.name}, příspěvková organizace`,
  };
  await trx.insertInto("budget_departments")
    .values(DEPARTMENTS.map(([code, name]) => ({ tenant_id: tenantId, code, name })))
    .onConflict((oc) => oc.columns(["tenant_id", "code"]).doNothing()).execute();
  await trx.insertInto("budget_projects")
    .values(PROJECTS.map((p) => ({ tenant_id: tenantId, code: p.code, name: p.name })))
    .onConflict((oc) => oc.columns(["tenant_id", "code"]).doNothing()).execute();
  await trx.insertInto("budget_organisations")
    .values([school, services].map((o) => ({ tenant_id: tenantId, ...o })))
    .onConflict((oc) => oc.columns(["tenant_id", "ico"]).doNothing()).execute();

  const suppliersOf = (cat: Category) => FINANCE_SUPPLIERS.filter((s) => s.category === cat);
  const used = new Map<string, SeedSupplier>();

  for (const year of FINANCE_SEED_YEARS) {
    const growth = Math.pow(1.05, year - 2024) * town.scale;
    const ongoing = year === 2026; // the current year: actual so far (until the end of November)
    const lines: Record<string, unknown>[] = [];
    const entries: Record<string, unknown>[] = [];
    let total = 0;
    let doc = 0;
    const templates = [
      ...REVENUES.map((t) => ({ t, side: "in" as const })),
      ...EXPENDITURES.map((t) => ({ t, side: "out" as const })),
      ...FINANCING.map((t) => ({ t, side: "fin" as const })),
    ];
    for (const { t, side } of templates) {
      const project = t.org ? PROJECTS.find((p) => p.code === t.org)! : undefined;
      if (project && !project.years.includes(year)) continue;
      const approved = Math.round(t.kc * growth * (0.9 + rnd() * 0.2)) * 100_000;
      const amended = Math.round((approved * (0.92 + rnd() * 0.18)) / 100) * 100;
      const share = side === "in"
        ? 0.95 + rnd() * 0.12
        : side === "out"
        ? (t.i === "5901" ? 0 : 0.78 + rnd() * 0.22)
        : 1;
      const actual = Math.round((amended * share * (ongoing ? 0.88 : 1)) / 100) * 100;
      const organisation = t.organisation === "school"
        ? school.ico
        : t.organisation === "services"
        ? services.ico
        : null;
      const orj = departmentOf(t.p);
      lines.push({
        tenant_id: tenantId,
        year,
        paragraf: t.p,
        polozka: t.i,
        orj,
        org: t.org ?? null,
        organisation_ico: organisation,
        approved_halere: approved,
        amended_halere: amended,
        actual_halere: actual,
      });
      total += actual;
      if (!t.cat || actual <= 0) continue;
      // Invoices on the line: about one per 25 000 Kč, summing exactly to the actual.
      const n = Math.max(1, Math.min(150, Math.round(actual / 2_500_000)));
      const parts = split(actual, n, rnd);
      const lastDay = ongoing ? 332 : 364;
      for (const amount of parts) {
        const cat = pick(t.cat);
        const pool = suppliersOf(cat);
        // Craft jobs go now and then to a natural person without an IČO.
        const s = cat === "craft" && rnd() < 0.15
          ? pick(FINANCE_SUPPLIERS.filter((x) => x.ico === null))
          : pick(pool.filter((x) => x.ico !== null));
        if (s.ico) used.set(s.ico, s);
        doc++;
        const kind = side === "in" ? "KOF" : "KDF";
        entries.push({
          tenant_id: tenantId,
          year,
          kind,
          document: `${kind === "KDF" ? "FP" : "FV"}-${year}-${String(doc).padStart(4, "0")}`,
          booked_on: ISO(year, Math.floor(rnd() * (lastDay + 1))),
          paragraf: t.p,
          polozka: t.i,
          orj,
          org: t.org ?? null,
          amount_halere: amount,
          supplier_ico: s.ico,
          supplier_name: s.name,
          description: pick(t.what ?? ["Faktura"]),
        });
      }
    }
    // Příjmy − výdaje + financování = 0 in each column: 8115 takes the difference (negative
    // when the town saves, as towns do).
    const balance = { approved_halere: 0, amended_halere: 0, actual_halere: 0 };
    for (const l of lines) {
      const p = String(l.polozka);
      const sign = p < "5000" || p >= "8000" ? -1 : 1;
      for (const k of Object.keys(balance) as (keyof typeof balance)[]) {
        balance[k] += sign * Number(l[k]);
      }
    }
    lines.push({
      tenant_id: tenantId,
      year,
      paragraf: "0000",
      polozka: "8115",
      orj: "10",
      org: null,
      organisation_ico: null,
      ...balance,
    });
    total += balance.actual_halere;
    const imp = await trx.insertInto("budget_imports").values({
      tenant_id: tenantId,
      kind: "seed",
      year,
      mode: "replace",
      file_name: `ukazkova-data-${town.slug}-${year}`,
      file_sha256: await sha256(`seed:${town.slug}:${year}:${lines.length}:${total}`),
      row_count: lines.length + entries.length,
      total_halere: total,
      source: "seed",
    }).returning("id").executeTakeFirstOrThrow();
    await insertChunks(trx, "budget_lines", lines.map((l) => ({ ...l, import_id: imp.id })));
    await insertChunks(
      trx,
      "accounting_entries",
      entries.map((e) => ({ ...e, import_id: imp.id })),
    );
  }

  // Contracts (~40) and orders (~80) with the suppliers the invoices name.
  const partners = [...used.values()].sort((a, b) => a.name.localeCompare(b.name, "cs"));
  const SUBJECTS: Partial<Record<Category, string[]>> = {
    build: ["Smlouva o dílo – rekonstrukce", "Smlouva o dílo – stavební úpravy"],
    road: ["Smlouva o dílo – opravy místních komunikací", "Zimní údržba komunikací"],
    energy: ["Smlouva o sdružených službách dodávky elektřiny", "Dodávka zemního plynu"],
    water: ["Smlouva o provozování vodovodu a kanalizace"],
    waste: ["Smlouva o svozu a odstranění komunálního odpadu"],
    it: ["Smlouva o správě informačních technologií", "Licenční smlouva"],
    legal: ["Smlouva o poskytování právních služeb", "Smlouva o zpracování projektové dokumentace"],
    green: ["Smlouva o údržbě veřejné zeleně"],
    telecom: ["Smlouva o poskytování služeb elektronických komunikací"],
    bank: ["Smlouva o úvěru", "Pojistná smlouva"],
    culture: ["Smlouva o uspořádání kulturního vystoupení"],
    fire: ["Kupní smlouva – výstroj jednotky SDH"],
    clean: ["Smlouva o úklidu"],
  };
  const contracts: Record<string, unknown>[] = [];
  for (let n = 1; n <= 40; n++) {
    const s = partners[(n * 7) % partners.length];
    const subject = pick(SUBJECTS[s.category] ?? ["Smlouva o dílo"]);
    const year = 2023 + Math.floor(rnd() * 4);
    const without = Math.round(50_000 + rnd() * (s.category === "build" ? 3_000_000 : 400_000)) *
      100;
    contracts.push({
      tenant_id: tenantId,
      register_id: `seed-${town.slug}-${String(n).padStart(3, "0")}`,
      subject: `${subject} (${s.name})`,
      concluded_on: ISO(year, Math.floor(rnd() * (year === 2026 ? 330 : 364))),
      number: `SML-${year}-${String(n).padStart(3, "0")}`,
      value_without_vat_halere: without,
      value_with_vat_halere: Math.round(without * 1.21),
      counterparty_ico: s.ico,
      counterparty_name: s.name,
      url: null,
      attachments: "[]",
    });
  }
  const ORDER_SUBJECTS: Partial<Record<Category, string[]>> = {
    build: ["Oprava omítky", "Stavební materiál", "Výměna oken"],
    road: ["Oprava výtluků", "Dopravní značky"],
    energy: ["Revize elektroinstalace", "Výměna jističů"],
    water: ["Rozbor vzorků vody", "Čištění kanalizace"],
    waste: ["Přistavení kontejneru", "Svoz objemného odpadu"],
    it: ["Počítač pro úřad", "Servis tiskárny", "Rozšíření licencí"],
    office: ["Kancelářské potřeby", "Čisticí prostředky", "Nářadí"],
    legal: ["Znalecký posudek", "Geometrický plán"],
    craft: ["Oprava vodovodní přípojky", "Oprava střechy", "Malování"],
    green: ["Ořez stromů", "Výsadba zeleně"],
    telecom: ["Mobilní tarify"],
    bank: ["Pojištění akce"],
    culture: ["Hudba na posvícení", "Divadlo pro děti"],
    fire: ["Hadice a proudnice", "Zásahové obleky"],
    print: ["Tisk zpravodaje", "Plakáty"],
    fuel: ["Palivové karty"],
    school: ["Didaktické pomůcky", "Školní lavice"],
    clean: ["Mimořádný úklid"],
  };
  const orders: Record<string, unknown>[] = [];
  for (let n = 1; n <= 80; n++) {
    const s = partners[(n * 11) % partners.length];
    const year = FINANCE_SEED_YEARS[n % 3];
    orders.push({
      tenant_id: tenantId,
      number: `OBJ-${year}-${String(n).padStart(3, "0")}`,
      ordered_on: ISO(year, Math.floor(rnd() * (year === 2026 ? 330 : 364))),
      subject: pick(ORDER_SUBJECTS[s.category] ?? ["Materiál a drobné služby"]),
      amount_halere: Math.round(2_000 + rnd() * 120_000) * 100,
      supplier_ico: s.ico,
      supplier_name: s.name,
    });
  }
  for (
    const [label, table, rows] of [
      ["smlouvy", "contracts", contracts],
      ["objednavky", "orders", orders],
    ] as const
  ) {
    const sum = rows.reduce(
      (a, r) => a + Number(r.value_with_vat_halere ?? r.amount_halere ?? 0),
      0,
    );
    const imp = await trx.insertInto("budget_imports").values({
      tenant_id: tenantId,
      kind: "seed",
      year: null,
      mode: "append",
      file_name: `ukazkova-data-${town.slug}-${label}`,
      file_sha256: await sha256(`seed:${town.slug}:${label}:${rows.length}:${sum}`),
      row_count: rows.length,
      total_halere: sum,
      source: "seed",
    }).returning("id").executeTakeFirstOrThrow();
    await insertChunks(trx, table, rows.map((r) => ({ ...r, import_id: imp.id })));
  }
}

/**
 * The code lists (upserted) and both demo towns' finance, each town once: a town that already
 * has imports (seeded or real) is left as it is.
 */
export async function seedFinance(
  db: Kysely<Database>,
  towns: { lipnice: string; dubova: string },
): Promise<void> {
  await seedBudgetClassification(db);
  for (const town of TOWNS) {
    const tenantId = towns[town.slug];
    await db.transaction().execute(async (trx) => {
      // One seeding per town even when two processes seed at once (the test runner's workers).
      await sql`select pg_advisory_xact_lock(hashtext(${"finance-seed:" + tenantId}))`
        .execute(trx);
      // Seeded before, or the town has real data (an import replacing a seeded year deletes
      // that year's seed rows, never all of them): nothing to add.
      const done = await trx.selectFrom("budget_imports").select("id")
        .where("tenant_id", "=", tenantId).limit(1)
        .executeTakeFirst();
      if (!done) await seedTown(trx, tenantId, town);
    });
  }
}
