import { define } from "../../lib/http/define.ts";
import { HttpError } from "../../lib/web/mod.ts";
import { publicPage } from "../../lib/http/public_page.ts";
import { getDb } from "../../lib/db.ts";
import { findNotice, listDocuments } from "../../db/repositories/notices.ts";
import { NoticeArticleBody } from "../../components/notices/NoticeArticle.tsx";
import { Breadcrumbs } from "../../components/layout/Breadcrumbs.tsx";
import { PageTitle } from "../../components/layout/DocumentTitle.tsx";

export const handler = define.handlers({
  async GET(ctx) {
    const db = getDb();
    const notice = await findNotice(db, ctx.state.tenant.id, ctx.params.id);
    // A notice not yet posted is not public: it does not exist for citizens.
    if (!notice || notice.status === "scheduled") throw new HttpError(404);
    const documents = await listDocuments(db, ctx.state.tenant.id, notice.id);
    return publicPage(ctx, { notice, documents }, { tags: ["notices"] });
  },
});

export default define.page<typeof handler>(({ data, state }) => {
  const { notice, documents } = data;
  const { t, locale } = state;
  const archived = notice.status !== "published";
  return (
    <article class="notice-detail">
      <PageTitle title={notice.title} state={state} />
      <Breadcrumbs
        t={t}
        items={[
          archived
            ? { label: t("noticeBoard.archiveTitle"), href: "/uredni-deska/archiv" }
            : { label: t("noticeBoard.title"), href: "/uredni-deska" },
          { label: notice.title },
        ]}
      />
      <h1>{notice.title}</h1>
      <NoticeArticleBody
        notice={notice}
        documents={documents.map((d) => ({
          ...d,
          href: `/uredni-deska/${notice.id}/dokumenty/${d.id}`,
        }))}
        t={t}
        locale={locale}
      />
    </article>
  );
});
