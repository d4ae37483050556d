/**
 * `/opendata/faktury/<rok>.json`: the town's invoices of a year as open data (schema at
 * `/opendata/schema/faktury.json`, domain/spending_opendata.ts); 404 for a year without any.
 */
import { define } from "../../../lib/http/define.ts";
import { HttpError } from "../../../lib/web/mod.ts";
import { getDb } from "../../../lib/db.ts";
import { openDataIndex, openDataInvoices } from "../../../app/spending.ts";
import { invoicesDocument } from "../../../domain/spending_opendata.ts";
import { openDataResponse, openDataYear } from "../../../lib/http/spending.ts";

export const handler = define.handlers({
  async GET(ctx) {
    const { tenant } = ctx.state;
    const year = openDataYear(ctx.params.rok);
    const deps = { db: getDb() };
    const { invoices } = await openDataIndex(deps, tenant.id);
    if (!invoices.includes(year)) throw new HttpError(404);
    const rows = await openDataInvoices(deps, tenant.id, year);
    return openDataResponse(
      invoicesDocument(ctx.url.origin, { ico: tenant.ico, nazev: tenant.officialName }, year, rows),
    );
  },
});
