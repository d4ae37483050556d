/**
 * The public finance seed and the explorer's aggregates on a scratch database: the seed is
 * idempotent and plausible (valid IČO, invoices summing to their line's actual), drill-down
 * sums equal their parent's at every level of both classifications and per department,
 * project and organisation, the sides split at 4999/5000 and 7999/8000, and every sum is the
 * town's own. Needs `DATABASE_URL` (the test runner's).
 */
import { assert, assertEquals, assertRejects } from "../../tests/assert.ts";
import { scratchDatabase } from "../../tests/support/scratch_db.ts";
import { isValidIco } from "../../domain/representation.ts";
import { FINANCE_SEED_YEARS, FINANCE_SUPPLIERS, seedFinance } from "../seeds/finance.ts";
import { BUDGET_CLASSIFICATION, seedBudgetClassification } from "../seeds/budget_classification.ts";
import {
  type BudgetAmounts,
  budgetBreakdown,
  type BudgetDimension,
  type BudgetFilter,
  type BudgetRow,
  type BudgetSide,
  budgetYears,
  classificationName,
} from "./finance.ts";
import { type Kysely, sql } from "kysely";
import type { Database } from "../schema.ts";

const url = Deno.env.get("DATABASE_URL");
const YEARS = [...FINANCE_SEED_YEARS];

function sumRows(rows: BudgetRow[], year: number): BudgetAmounts {
  const s = { approved: 0, amended: 0, actual: 0 };
  for (const r of rows) {
    s.approved += r.byYear[year].approved;
    s.amended += r.byYear[year].amended;
    s.actual += r.byYear[year].actual;
  }
  return s;
}

async function newTenant(db: Kysely<Database>, slug: string): Promise<string> {
  const t = await db.insertInto("tenants").values({
    slug,
    name: slug,
    official_name: `Obec ${slug}`,
    ico: "00000002",
    iban: "CZ6508000000192000145399",
    address: "Scratch 2",
    email: `podatelna@${slug}.invalid`,
    phone: "+420000000000",
    hosts: [`${slug}.invalid`],
    settings: "{}",
  }).returning("id").executeTakeFirstOrThrow();
  return t.id;
}

/** Drills the whole tree of `by` under `filter`: each level's rows sum to the parent's. */
async function drill(
  db: Kysely<Database>,
  tenantId: string,
  by: "paragraf" | "polozka",
  filter: BudgetFilter,
  parent: Record<number, BudgetAmounts>,
  depth: number,
): Promise<number> {
  const { rows, totals } = await budgetBreakdown(db, tenantId, YEARS, by, filter);
  for (const y of YEARS) {
    assertEquals(sumRows(rows, y), parent[y], `${by} ${filter[by] ?? "-"} ${y}`);
    assertEquals(totals[y], parent[y]);
  }
  let leaves = 0;
  for (const r of rows) {
    assertEquals(r.code.length, depth, r.code);
    assert(r.name !== "", `name of ${by} ${r.code}`);
    if (filter[by]) assert(r.code.startsWith(filter[by]!), r.code);
    if (depth < 4) {
      leaves += await drill(db, tenantId, by, { ...filter, [by]: r.code }, r.byYear, depth + 1);
    } else leaves++;
  }
  return leaves;
}

Deno.test({
  name: "[db] finance seed: idempotent, valid IČO, invoices sum to their line's actual",
  ignore: !url,
  async fn() {
    const s = await scratchDatabase();
    try {
      const { db, tenantId } = s;
      const other = await newTenant(db, "druha");
      await seedFinance(db, { lipnice: tenantId, dubova: other });
      const count = async (table: "budget_lines" | "accounting_entries" | "contracts" | "orders") =>
        Number(
          (await db.selectFrom(table).select((e) => e.fn.countAll<string>().as("n"))
            .where("tenant_id", "=", tenantId).executeTakeFirstOrThrow()).n,
        );
      const before = {
        lines: await count("budget_lines"),
        entries: await count("accounting_entries"),
        contracts: await count("contracts"),
        orders: await count("orders"),
      };
      assert(before.lines > 200, `lines ${before.lines}`);
      assert(before.entries > 1000, `entries ${before.entries}`);
      assertEquals(before.contracts, 40);
      assertEquals(before.orders, 80);
      const classified = Number(
        (await db.selectFrom("budget_classification")
          .select((e) => e.fn.countAll<string>().as("n")).executeTakeFirstOrThrow()).n,
      );
      assertEquals(classified, BUDGET_CLASSIFICATION.length);
      const paragrafy = BUDGET_CLASSIFICATION.filter((c) =>
        c.kind === "paragraf" && c.code.length === 4
      );
      const polozky = BUDGET_CLASSIFICATION.filter((c) =>
        c.kind === "polozka" && c.code.length === 4
      );
      assert(paragrafy.length >= 150 && polozky.length >= 200);

      // Again: nothing added.
      await seedFinance(db, { lipnice: tenantId, dubova: other });
      assertEquals({
        lines: await count("budget_lines"),
        entries: await count("accounting_entries"),
        contracts: await count("contracts"),
        orders: await count("orders"),
      }, before);
      const imports = await db.selectFrom("budget_imports").select(["kind", "source", "year"])
        .where("tenant_id", "=", tenantId).execute();
      assertEquals(imports.length, 5);
      assert(imports.every((i) => i.kind === "seed" && i.source === "seed"));

      for (const sup of FINANCE_SUPPLIERS) if (sup.ico) assert(isValidIco(sup.ico), sup.ico);
      assert(FINANCE_SUPPLIERS.length >= 60);
      const orgs = await db.selectFrom("budget_organisations").select("ico")
        .where("tenant_id", "=", tenantId).execute();
      assertEquals(orgs.length, 2);
      for (const o of orgs) assert(isValidIco(o.ico), o.ico);
      const icos = await db.selectFrom("accounting_entries").select("supplier_ico").distinct()
        .where("tenant_id", "=", tenantId).where("supplier_ico", "is not", null).execute();
      assert(icos.length >= 40, `suppliers ${icos.length}`);
      for (const r of icos) assert(isValidIco(r.supplier_ico!), r.supplier_ico!);
      // Contracts and orders name suppliers that invoiced the town (the registers join).
      const joined = await db.selectFrom("contracts as c").select("c.id").distinct()
        .innerJoin(
          "accounting_entries as a",
          (j) =>
            j.onRef("a.tenant_id", "=", "c.tenant_id").onRef(
              "a.supplier_ico",
              "=",
              "c.counterparty_ico",
            ),
        )
        .where("c.tenant_id", "=", tenantId).execute();
      assertEquals(joined.length, 40);

      // The explorer's summary equals the lines summed directly.
      const direct = await sql<{ n: string }>`
        select count(*) as n from (
          select tenant_id, year, paragraf, polozka, coalesce(orj, '') as orj,
            coalesce(org, '') as org, coalesce(organisation_ico, '') as organisation_ico,
            sum(approved_halere) as approved_halere, sum(amended_halere) as amended_halere,
            sum(actual_halere) as actual_halere, count(*) as line_count
          from budget_lines group by 1, 2, 3, 4, 5, 6, 7
          except
          select tenant_id, year, paragraf, polozka, orj, org, organisation_ico,
            approved_halere, amended_halere, actual_halere, line_count
          from budget_line_sums) d`.execute(db);
      assertEquals(direct.rows[0].n, "0");
      const summaryRows = await sql<{ n: string }>`select count(*) as n from budget_line_sums`
        .execute(db);
      const grouped = await sql<{ n: string }>`select count(*) as n from (select 1 from
        budget_lines group by tenant_id, year, paragraf, polozka, orj, org, organisation_ico) g`
        .execute(db);
      assertEquals(summaryRows.rows[0].n, grouped.rows[0].n);

      // The invoices of each budget line sum to its actual, to the haléř.
      const mismatched = await db.selectFrom("budget_lines as l")
        .innerJoin(
          (q) =>
            q.selectFrom("accounting_entries").select([
              "tenant_id",
              "year",
              "paragraf",
              "polozka",
              "orj",
              "org",
            ]).select((e) => e.fn.sum<string>("amount_halere").as("total"))
              .groupBy(["tenant_id", "year", "paragraf", "polozka", "orj", "org"]).as("a"),
          (j) =>
            j.onRef("a.tenant_id", "=", "l.tenant_id").onRef("a.year", "=", "l.year")
              .onRef("a.paragraf", "=", "l.paragraf").onRef("a.polozka", "=", "l.polozka")
              .on((e) => e(e.ref("a.orj"), "is not distinct from", e.ref("l.orj")))
              .on((e) => e(e.ref("a.org"), "is not distinct from", e.ref("l.org"))),
        )
        .select(["l.year", "l.paragraf", "l.polozka", "l.actual_halere", "a.total"])
        .where("l.tenant_id", "=", tenantId).execute();
      assert(mismatched.length > 50, `lines with invoices ${mismatched.length}`);
      for (const m of mismatched) {
        assertEquals(m.total, m.actual_halere, `${m.year} ${m.paragraf} ${m.polozka}`);
      }

      // A town of ~2 000 people: revenues 40–60 mil. Kč; approved ≈ after changes (±10 %).
      for (const y of YEARS) {
        const { totals } = await budgetBreakdown(db, tenantId, [y], "paragraf", {
          side: "prijmy",
        });
        const kc = totals[y].amended / 100;
        assert(kc > 40_000_000 && kc < 60_000_000, `revenue ${y}: ${kc}`);
        const out = (await budgetBreakdown(db, tenantId, [y], "paragraf", { side: "vydaje" }))
          .totals[y];
        assert(Math.abs(out.amended / out.approved - 1) <= 0.1, `${y} ${JSON.stringify(out)}`);
        assert(out.actual <= out.amended, `${y} ${JSON.stringify(out)}`);
        // Příjmy − výdaje + financování = 0: the budget balances in every column.
        const fin = (await budgetBreakdown(db, tenantId, [y], "polozka", {
          side: "financovani",
        })).totals[y];
        for (const k of ["approved", "amended", "actual"] as const) {
          assertEquals(totals[y][k] - out[k] + fin[k], 0, `${y} ${k}`);
        }
      }
    } finally {
      await s.drop();
    }
  },
});

Deno.test({
  name: "[db] budget drill-down: every level sums to its parent, per dimension and side",
  ignore: !url,
  async fn() {
    const s = await scratchDatabase();
    try {
      const { db, tenantId } = s;
      const other = await newTenant(db, "druha");
      await seedFinance(db, { lipnice: tenantId, dubova: other });
      assertEquals(await budgetYears(db, tenantId), [2026, 2025, 2024]);

      for (const side of ["prijmy", "vydaje", "financovani"] as BudgetSide[]) {
        const top = await budgetBreakdown(db, tenantId, YEARS, "paragraf", { side });
        for (const y of YEARS) assertEquals(sumRows(top.rows, y), top.totals[y]);
        assert(top.totals[2026].amended !== 0, side);
        const byParagraf = await drill(db, tenantId, "paragraf", { side }, top.totals, 1);
        const byPolozka = await drill(db, tenantId, "polozka", { side }, top.totals, 1);
        assert(byParagraf > 0 && byPolozka > 0);
        for (const by of ["orj", "org", "organizace"] as BudgetDimension[]) {
          const r = await budgetBreakdown(db, tenantId, YEARS, by, { side });
          for (const y of YEARS) assertEquals(sumRows(r.rows, y), top.totals[y], `${side} ${by}`);
        }
      }

      // Cross filters: the paragraf 3639 by položka, and a department by paragraf.
      const p3639 = await budgetBreakdown(db, tenantId, YEARS, "polozka", {
        side: "vydaje",
        paragraf: "3639",
        polozka: "5",
      });
      assertEquals(p3639.rows.map((r) => r.code), ["50", "51", "53"]);
      assertEquals(
        p3639.rows[0].name,
        "Výdaje na platy, ostatní platby za provedenou práci a povinné pojistné",
      );
      const dept = await budgetBreakdown(db, tenantId, YEARS, "orj", { side: "vydaje" });
      const names = Object.fromEntries(dept.rows.map((r) => [r.code, r.name]));
      assertEquals(names["30"], "Školství, kultura a sport");
      const school = await budgetBreakdown(db, tenantId, YEARS, "paragraf", {
        side: "vydaje",
        orj: "30",
        paragraf: "31",
      });
      assertEquals(school.rows.map((r) => r.code), ["311"]);
      const projects = await budgetBreakdown(db, tenantId, [2026], "org", { side: "vydaje" });
      assert(projects.rows.some((r) => r.name === "Chodník Lesní"));
      assertEquals(projects.rows[0].code, "");
      const orgs = await budgetBreakdown(db, tenantId, YEARS, "organizace", { side: "vydaje" });
      assert(orgs.rows.some((r) => r.name.startsWith("Základní škola a mateřská škola")));
      const byOrg = orgs.rows.find((r) => r.code !== "")!;
      const one = await budgetBreakdown(db, tenantId, YEARS, "polozka", {
        side: "vydaje",
        organisationIco: byOrg.code,
      });
      assertEquals(one.totals, byOrg.byYear);

      // Years not asked are not summed; a year without lines is zeros.
      const only = await budgetBreakdown(db, tenantId, [2025, 2019], "paragraf", {
        side: "vydaje",
      });
      assertEquals(Object.keys(only.totals).sort(), ["2019", "2025"]);
      assertEquals(only.totals[2019], { approved: 0, amended: 0, actual: 0 });
      const all = await budgetBreakdown(db, tenantId, YEARS, "paragraf", { side: "vydaje" });
      assertEquals(only.totals[2025], all.totals[2025]);

      await assertRejects(() =>
        budgetBreakdown(db, tenantId, YEARS, "paragraf", { side: "vydaje", paragraf: "3a" })
      );
      assertEquals(
        await classificationName(db, "paragraf", "3639"),
        "Komunální služby a územní rozvoj jinde nezařazené",
      );
      assertEquals(await classificationName(db, "polozka", "5"), "Běžné výdaje");
      assertEquals(await classificationName(db, "polozka", "5x"), null);
      assertEquals(await classificationName(db, "paragraf", "3638"), null);
    } finally {
      await s.drop();
    }
  },
});

Deno.test({
  name: "[db] budget sides split at 4999/5000 and 7999/8000; sums are the town's own",
  ignore: !url,
  async fn() {
    const s = await scratchDatabase();
    try {
      const { db, tenantId } = s;
      const other = await newTenant(db, "jina");
      await seedBudgetClassification(db);
      for (const t of [tenantId, other]) {
        const imp = await db.insertInto("budget_imports").values({
          tenant_id: t,
          kind: "seed",
          year: 2026,
          mode: "replace",
          file_name: "hranice",
          file_sha256: "0".repeat(64),
          row_count: 5,
          source: "seed",
        }).returning("id").executeTakeFirstOrThrow();
        const line = (polozka: string, actual: number, paragraf = "6171") => ({
          tenant_id: t,
          import_id: imp.id,
          year: 2026,
          paragraf,
          polozka,
          approved_halere: actual,
          amended_halere: actual,
          actual_halere: actual,
        });
        await db.insertInto("budget_lines").values([
          line("4999", 1),
          line("5000", 10),
          line("7999", 100),
          line("8000", 1_000),
          line("9999", 10_000),
          // A paragraf the code list lacks: named by its nearest listed level (pododdíl 363).
          line("5169", 100_000, "3638"),
        ]).execute();
      }
      const actual = async (side: BudgetSide, f: Partial<BudgetFilter> = {}) =>
        (await budgetBreakdown(db, tenantId, [2026], "polozka", { side, ...f })).totals[2026]
          .actual;
      assertEquals(await actual("prijmy"), 1);
      assertEquals(await actual("vydaje"), 100_110);
      assertEquals(await actual("financovani"), 11_000);
      const tridy = await budgetBreakdown(db, tenantId, [2026], "polozka", { side: "vydaje" });
      assertEquals(tridy.rows.map((r) => [r.code, r.byYear[2026].actual]), [
        ["5", 100_010],
        ["7", 100],
      ]);
      assertEquals(await actual("vydaje", { polozka: "49" }), 0);
      assertEquals(await actual("prijmy", { polozka: "4999" }), 1);
      const unknown = await budgetBreakdown(db, tenantId, [2026], "paragraf", {
        side: "vydaje",
        paragraf: "363",
      });
      assertEquals(unknown.rows.map((r) => [r.code, r.name]), [
        ["3638", "Komunální služby a územní rozvoj"],
      ]);
      // The other town's identical lines are not counted in this town's sums (each is one).
      const both = await db.selectFrom("budget_lines").select("tenant_id").execute();
      assertEquals(both.length, 12);
      assertEquals(await budgetYears(db, tenantId), [2026]);

      // The summary follows updates and deletes of lines (an import's replace deletes them).
      await db.updateTable("budget_lines").set({ actual_halere: 50_000 })
        .where("tenant_id", "=", tenantId).where("paragraf", "=", "3638").execute();
      assertEquals(await actual("vydaje"), 50_110);
      await db.deleteFrom("budget_lines").where("tenant_id", "=", tenantId)
        .where("polozka", "=", "4999").execute();
      assertEquals(await actual("prijmy"), 0);
      assertEquals(
        (await budgetBreakdown(db, tenantId, [2026], "polozka", { side: "prijmy" })).rows,
        [],
      );
      await db.deleteFrom("budget_lines").where("tenant_id", "=", tenantId).execute();
      assertEquals(await budgetYears(db, tenantId), []);
      assertEquals(await budgetYears(db, other), [2026]);
      assertEquals(
        (await budgetBreakdown(db, other, [2026], "polozka", { side: "vydaje" })).totals[2026]
          .actual,
        100_110,
      );
    } finally {
      await s.drop();
    }
  },
});
