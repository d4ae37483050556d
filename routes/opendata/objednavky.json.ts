/** `/opendata/objednavky.json`: the town's orders as open data (`/opendata/schema/objednavky.json`). */
import { define } from "../../lib/http/define.ts";
import { getDb } from "../../lib/db.ts";
import { openDataOrders } from "../../app/spending.ts";
import { ordersDocument } from "../../domain/spending_opendata.ts";
import { openDataResponse } from "../../lib/http/spending.ts";

export const handler = define.handlers({
  async GET(ctx) {
    const { tenant } = ctx.state;
    const rows = await openDataOrders({ db: getDb() }, tenant.id);
    return openDataResponse(
      ordersDocument(ctx.url.origin, { ico: tenant.ico, nazev: tenant.officialName }, rows),
    );
  },
});
