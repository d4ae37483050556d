/**
 * The town's orders (issue 12): search (subject, number, supplier), filters (year, IČO, dates),
 * the filter's total, pages of 50, exports in four formats. Anonymous and cacheable (tag
 * `finance`).
 */
import { define } from "../../lib/http/define.ts";
import {
  answerRegister,
  CONTRACT_PARAMS,
  contractFilter,
  orderExport,
} from "../../lib/http/spending.ts";
import { orderRegister } from "../../app/spending.ts";
import { OrderRegister } from "../../components/spending/Registers.tsx";

export const handler = define.handlers({
  GET: (ctx) =>
    answerRegister(ctx, {
      params: CONTRACT_PARAMS,
      filter: contractFilter,
      load: orderRegister,
      fileBase: "objednavky",
      columns: orderExport,
      texts: "order",
    }),
});

export default define.page<typeof handler>(({ data, state }) => (
  <OrderRegister data={data} state={state} />
));
