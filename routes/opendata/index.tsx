/** `/opendata`: the list of the town's open data sets (issue 12), anonymous and cacheable. */
import { define } from "../../lib/http/define.ts";
import { publicPage } from "../../lib/http/public_page.ts";
import { getDb } from "../../lib/db.ts";
import { openDataIndex } from "../../app/spending.ts";
import { OpenDataPage } from "../../components/spending/OpenDataPage.tsx";

export const handler = define.handlers({
  async GET(ctx) {
    const data = await openDataIndex({ db: getDb() }, ctx.state.tenant.id);
    return publicPage(ctx, data, { tags: ["finance"] });
  },
});

export default define.page<typeof handler>(({ data, state }) => (
  <OpenDataPage data={data} state={state} />
));
