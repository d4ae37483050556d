/**
 * Founded organisations' financial reports (issue 12 item 6): who may file for an organisation
 * (a granted, unexpired representation of kind `company` for its IČO) and writing approved
 * figures as budget lines of an `organisation_report` import. Every statement is scoped by the
 * town.
 */
import { sql, type Transaction } from "kysely";
import type { Database } from "../schema.ts";
import type { Kysely } from "kysely";

type Db = Kysely<Database> | Transaction<Database>;

/** The town's founded organisation with this IČO. */
export function findBudgetOrganisation(
  db: Db,
  tenantId: string,
  ico: string,
): Promise<{ ico: string; name: string } | undefined> {
  return db.selectFrom("budget_organisations").select(["ico", "name"])
    .where("tenant_id", "=", tenantId).where("ico", "=", ico).executeTakeFirst();
}

/** The person's granted, unexpired representation of the company with this IČO, if any. */
export function findCompanyRepresentation(
  db: Db,
  tenantId: string,
  personId: string,
  ico: string,
  today: string,
): Promise<{ id: string } | undefined> {
  return db.selectFrom("representations").select("id")
    .where("tenant_id", "=", tenantId).where("representative_id", "=", personId)
    .where("kind", "=", "company").where("represented_ico", "=", ico)
    .where("status", "=", "granted")
    .where((eb) => eb.or([eb("valid_until", "is", null), eb("valid_until", ">=", today)]))
    .executeTakeFirst();
}

/** The town's founded organisations the person may act for (granted company representations). */
export function listRepresentedOrganisations(
  db: Db,
  tenantId: string,
  personId: string,
  today: string,
): Promise<{ ico: string; name: string }[]> {
  return db.selectFrom("representations as r")
    .innerJoin(
      "budget_organisations as o",
      (j) => j.onRef("o.tenant_id", "=", "r.tenant_id").onRef("o.ico", "=", "r.represented_ico"),
    )
    .select(["o.ico", "o.name"])
    .where("r.tenant_id", "=", tenantId).where("r.representative_id", "=", personId)
    .where("r.kind", "=", "company").where("r.status", "=", "granted")
    .where((eb) => eb.or([eb("r.valid_until", "is", null), eb("r.valid_until", ">=", today)]))
    .orderBy("o.name").execute();
}

/**
 * A newer approved report of the organisation for the year takes the place of the earlier
 * one's lines (a year's figures replace the half-year's); imports left with no lines go too.
 * Returns the lines deleted.
 */
export async function deleteEarlierOrganisationLines(
  trx: Transaction<Database>,
  tenantId: string,
  year: number,
  organisationIco: string,
): Promise<number> {
  const earlier = trx.selectFrom("budget_imports").select("id")
    .where("tenant_id", "=", tenantId).where("kind", "=", "organisation_report")
    .where("year", "=", year);
  const r = await trx.deleteFrom("budget_lines").where("tenant_id", "=", tenantId)
    .where("organisation_ico", "=", organisationIco).where("import_id", "in", earlier)
    .executeTakeFirst();
  await trx.deleteFrom("budget_imports").where("tenant_id", "=", tenantId)
    .where("kind", "=", "organisation_report").where("year", "=", year)
    .where(({ not, exists, selectFrom }) =>
      not(exists(
        selectFrom("budget_lines").select(sql`1`.as("x"))
          .whereRef("budget_lines.import_id", "=", "budget_imports.id"),
      ))
    ).execute();
  return Number(r.numDeletedRows);
}
