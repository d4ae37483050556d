/** `/opendata/smlouvy.json`: the town's contracts as open data (`/opendata/schema/smlouvy.json`). */
import { define } from "../../lib/http/define.ts";
import { getDb } from "../../lib/db.ts";
import { openDataContracts } from "../../app/spending.ts";
import { contractsDocument } from "../../domain/spending_opendata.ts";
import { openDataResponse } from "../../lib/http/spending.ts";

export const handler = define.handlers({
  async GET(ctx) {
    const { tenant } = ctx.state;
    const rows = await openDataContracts({ db: getDb() }, tenant.id);
    return openDataResponse(
      contractsDocument(ctx.url.origin, { ico: tenant.ico, nazev: tenant.officialName }, rows),
    );
  },
});
