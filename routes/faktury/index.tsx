/**
 * The town's invoices (issue 12): search (supplier, description, document number; diacritics
 * ignored), filters (year, kind, paragraf and položka prefixes, ORJ, ORG, IČO, dates), the
 * filter's total, pages of 50, and the same rows as CSV, xlsx, docx or PDF. Anonymous and
 * cacheable (tag `finance`, dropped by every import).
 */
import { define } from "../../lib/http/define.ts";
import { publicPage } from "../../lib/http/public_page.ts";
import { getDb } from "../../lib/db.ts";
import { EXPORT_MAX_ROWS, exportResponse } from "../../lib/http/export.ts";
import {
  filterSummary,
  INVOICE_PARAMS,
  invoiceExport,
  invoiceFilter,
  registerRequest,
} from "../../lib/http/spending.ts";
import { invoiceRegister } from "../../app/spending.ts";
import { InvoiceRegister } from "../../components/spending/Registers.tsx";

export const handler = define.handlers({
  async GET(ctx) {
    const { tenant, t } = ctx.state;
    const { query, format } = registerRequest(ctx.url, INVOICE_PARAMS);
    const filter = invoiceFilter(query);
    const deps = { db: getDb() };
    if (format !== "html") {
      const { rows } = await invoiceRegister(deps, tenant.id, filter, {
        exportMax: EXPORT_MAX_ROWS,
      });
      return await exportResponse(format, "faktury", invoiceExport(t), rows, {
        sheetName: t("spending.invoice.sheetName"),
        subtitle: filterSummary(query, t),
        title: `${t("spending.invoice.title")} – ${tenant.officialName}`,
      });
    }
    const register = await invoiceRegister(deps, tenant.id, filter, {
      page: query.page,
      pageSize: query.pageSize,
    });
    return publicPage(ctx, { query, register }, { tags: ["finance"] });
  },
});

export default define.page<typeof handler>(({ data, state }) => (
  <InvoiceRegister data={data} state={state} />
));
