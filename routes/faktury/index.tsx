/**
 * The town's invoices (issue 12): search (supplier, description, document number; diacritics
 * ignored), filters (year, kind, paragraf and položka prefixes, ORJ, ORG, IČO, dates), the
 * filter's total, pages of 50, and the same rows as CSV, xlsx, docx or PDF. Anonymous and
 * cacheable (tag `finance`, dropped by every import).
 */
import { define } from "../../lib/http/define.ts";
import {
  answerRegister,
  INVOICE_PARAMS,
  invoiceExport,
  invoiceFilter,
} from "../../lib/http/spending.ts";
import { invoiceRegister } from "../../app/spending.ts";
import { InvoiceRegister } from "../../components/spending/Registers.tsx";

export const handler = define.handlers({
  GET: (ctx) =>
    answerRegister(ctx, {
      params: INVOICE_PARAMS,
      filter: invoiceFilter,
      load: invoiceRegister,
      fileBase: "faktury",
      columns: invoiceExport,
      texts: "invoice",
    }),
});

export default define.page<typeof handler>(({ data, state }) => (
  <InvoiceRegister data={data} state={state} />
));
