/**
 * A supplier of the town by IČO (issue 12): what the town paid them per year, their invoices,
 * contracts and orders. 404 for an IČO the town never dealt with; 400 for one that is no IČO.
 */
import { define } from "../../lib/http/define.ts";
import { HttpError } from "../../lib/web/mod.ts";
import { publicPage } from "../../lib/http/public_page.ts";
import { getDb } from "../../lib/db.ts";
import { supplierPage } from "../../app/spending.ts";
import { SupplierPage } from "../../components/spending/Pages.tsx";

export const handler = define.handlers({
  async GET(ctx) {
    const ico = ctx.params.ico;
    if (!/^[0-9]{8}$/.test(ico)) throw new HttpError(400, "spending.errors.supplierIco");
    const data = await supplierPage({ db: getDb() }, ctx.state.tenant.id, ico);
    if (!data) throw new HttpError(404, "spending.errors.supplierNotFound");
    return publicPage(ctx, data, { tags: ["finance"] });
  },
});

export default define.page<typeof handler>(({ data, state }) => (
  <SupplierPage data={data} state={state} />
));
