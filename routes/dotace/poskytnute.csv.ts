/** `/dotace/poskytnute.csv?rok=2026`: granted grants of the year as CSV (same records as JSON). */
import { define } from "../../lib/http/define.ts";
import { getDb } from "../../lib/db.ts";
import { grantedGrants } from "../../app/grant_awards.ts";
import { pragueYear } from "../../domain/cases.ts";
import { grantsCsvResponse, grantYear } from "../../lib/http/grant_open_data.ts";

export const handler = define.handlers({
  async GET(ctx) {
    const year = grantYear(ctx.url.searchParams.get("rok"), pragueYear(new Date()));
    const { rows } = await grantedGrants(getDb(), ctx.state.tenant.id, year);
    return grantsCsvResponse(year, rows);
  },
});
