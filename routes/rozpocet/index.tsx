/**
 * The budget explorer (issue 12 item 3): public, anonymous, cacheable (tag `finance`, which
 * every import notifies). The URL carries the whole state (lib/http/budget_query.ts);
 * bad parameters are a Czech 400, a year without data a 404. `format=csv|xlsx|docx|pdf` exports
 * the same view.
 */
import { define } from "../../lib/http/define.ts";
import { publicPage } from "../../lib/http/public_page.ts";
import { loadBudgetExplorer } from "../../lib/http/budget_explorer.ts";
import { explorerQueryOrThrow } from "../../lib/http/budget_query.ts";
import { explorerExport } from "../../components/budget/explorer_export.ts";
import { ExplorerPage } from "../../components/budget/ExplorerPage.tsx";

export const handler = define.handlers({
  async GET(ctx) {
    const query = explorerQueryOrThrow(ctx.url);
    const data = await loadBudgetExplorer(ctx.state.tenant.id, query);
    if (query.format !== "html" && data.years.length > 0) {
      return explorerExport(data, query.format, ctx.state.tenant.name, ctx.state.t);
    }
    return publicPage(ctx, data, { tags: ["finance"] });
  },
});

export default define.page<typeof handler>(({ data, state }) => (
  <ExplorerPage data={data} state={state} />
));
