import { define } from "../../lib/http/define.ts";
import { page } from "../../lib/web/mod.ts";
import { loadNoticeBoard } from "../../lib/http/notice_board.ts";
import { NoticeBoardPage } from "../../components/notices/NoticeBoardPage.tsx";

export const handler = define.handlers({
  async GET(ctx) {
    return page(await loadNoticeBoard(ctx.state.tenant.id, ctx.url, "current"));
  },
});

export default define.page<typeof handler>(({ data, state }) => (
  <NoticeBoardPage data={data} state={state} />
));
