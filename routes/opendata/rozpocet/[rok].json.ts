/**
 * `/opendata/rozpocet/<rok>.json`: the town's budget of a year as open data (lines by paragraf,
 * položka, ORJ, ORG and organisation with their names; approved, after changes, actual; schema
 * at `/opendata/schema/rozpocet.json`); 404 for a year without a budget.
 */
import { define } from "../../../lib/http/define.ts";
import { HttpError } from "../../../lib/web/mod.ts";
import { getDb } from "../../../lib/db.ts";
import { openDataBudget, openDataIndex } from "../../../app/spending.ts";
import { budgetDocument } from "../../../domain/spending_opendata.ts";
import { openDataResponse, openDataYear } from "../../../lib/http/spending.ts";

export const handler = define.handlers({
  async GET(ctx) {
    const { tenant } = ctx.state;
    const year = openDataYear(ctx.params.rok);
    const deps = { db: getDb() };
    const { budget } = await openDataIndex(deps, tenant.id);
    if (!budget.includes(year)) throw new HttpError(404);
    const rows = await openDataBudget(deps, tenant.id, year);
    return openDataResponse(
      budgetDocument(ctx.url.origin, { ico: tenant.ico, nazev: tenant.officialName }, year, rows),
    );
  },
});
