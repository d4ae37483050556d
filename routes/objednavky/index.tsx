/**
 * The town's orders (issue 12): search (subject, number, supplier), filters (year, IČO, dates),
 * the filter's total, pages of 50, exports in four formats. Anonymous and cacheable (tag
 * `finance`).
 */
import { define } from "../../lib/http/define.ts";
import { publicPage } from "../../lib/http/public_page.ts";
import { getDb } from "../../lib/db.ts";
import { EXPORT_MAX_ROWS, exportResponse } from "../../lib/http/export.ts";
import {
  CONTRACT_PARAMS,
  contractFilter,
  filterSummary,
  orderExport,
  registerRequest,
} from "../../lib/http/spending.ts";
import { orderRegister } from "../../app/spending.ts";
import { OrderRegister } from "../../components/spending/Registers.tsx";

export const handler = define.handlers({
  async GET(ctx) {
    const { tenant, t } = ctx.state;
    const { query, format } = registerRequest(ctx.url, CONTRACT_PARAMS);
    const filter = contractFilter(query);
    const deps = { db: getDb() };
    if (format !== "html") {
      const { rows } = await orderRegister(deps, tenant.id, filter, {
        exportMax: EXPORT_MAX_ROWS,
      });
      return await exportResponse(format, "objednavky", orderExport(t), rows, {
        sheetName: t("spending.order.sheetName"),
        subtitle: filterSummary(query, t),
        title: `${t("spending.order.title")} – ${tenant.officialName}`,
      });
    }
    const register = await orderRegister(deps, tenant.id, filter, {
      page: query.page,
      pageSize: query.pageSize,
    });
    return publicPage(ctx, { query, register }, { tags: ["finance"] });
  },
});

export default define.page<typeof handler>(({ data, state }) => (
  <OrderRegister data={data} state={state} />
));
