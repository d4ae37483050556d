import { define } from "../../lib/http/define.ts";
import { publicPage } from "../../lib/http/public_page.ts";
import { loadNoticeBoard } from "../../lib/http/notice_board.ts";
import { NoticeBoardPage } from "../../components/notices/NoticeBoardPage.tsx";

export const handler = define.handlers({
  async GET(ctx) {
    const data = await loadNoticeBoard(ctx.state.tenant.id, ctx.url, "archive");
    return publicPage(ctx, data, { tags: ["notices"] });
  },
});

export default define.page<typeof handler>(({ data, state }) => (
  <NoticeBoardPage data={data} state={state} />
));
