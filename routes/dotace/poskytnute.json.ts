/** `/dotace/poskytnute.json?rok=2026`: granted grants of the year as JSON (same as the CSV). */
import { define } from "../../lib/http/define.ts";
import { getDb } from "../../lib/db.ts";
import { grantedGrants } from "../../app/grant_awards.ts";
import { pragueYear } from "../../domain/cases.ts";
import { grantsJsonResponse, grantYear } from "../../lib/http/grant_open_data.ts";

export const handler = define.handlers({
  async GET(ctx) {
    const { tenant } = ctx.state;
    const year = grantYear(ctx.url.searchParams.get("rok"), pragueYear(new Date()));
    const { rows } = await grantedGrants(getDb(), tenant.id, year);
    return grantsJsonResponse({ ico: tenant.ico, nazev: tenant.officialName }, year, rows);
  },
});
