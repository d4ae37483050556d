/** A contract of the town (issue 12): its facts, counterparty, register link and attachments. */
import { define } from "../../lib/http/define.ts";
import { HttpError } from "../../lib/web/mod.ts";
import { publicPage } from "../../lib/http/public_page.ts";
import { getDb } from "../../lib/db.ts";
import { contractPage } from "../../app/spending.ts";
import { ContractPage } from "../../components/spending/Pages.tsx";

export const handler = define.handlers({
  async GET(ctx) {
    const contract = await contractPage({ db: getDb() }, ctx.state.tenant.id, ctx.params.id);
    if (!contract) throw new HttpError(404, "spending.errors.contractNotFound");
    return publicPage(ctx, { contract }, { tags: ["finance"] });
  },
});

export default define.page<typeof handler>(({ data, state }) => (
  <ContractPage contract={data.contract} state={state} />
));
