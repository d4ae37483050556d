/**
 * The town's contracts from the register of contracts (issue 12): search (subject, number,
 * counterparty), filters (year, IČO, dates), the filter's total, pages of 50, exports in four
 * formats. Anonymous and cacheable (tag `finance`).
 */
import { define } from "../../lib/http/define.ts";
import {
  answerRegister,
  CONTRACT_PARAMS,
  contractExport,
  contractFilter,
} from "../../lib/http/spending.ts";
import { contractRegister } from "../../app/spending.ts";
import { ContractRegister } from "../../components/spending/Registers.tsx";

export const handler = define.handlers({
  GET: (ctx) =>
    answerRegister(ctx, {
      params: CONTRACT_PARAMS,
      filter: contractFilter,
      load: contractRegister,
      fileBase: "smlouvy",
      columns: contractExport,
      texts: "contract",
    }),
});

export default define.page<typeof handler>(({ data, state }) => (
  <ContractRegister data={data} state={state} />
));
