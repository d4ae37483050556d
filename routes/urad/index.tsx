/** The clerk's workspace: the town's notices in every state, newest first. */
import { define } from "../../lib/http/define.ts";
import { page } from "../../lib/web/mod.ts";
import { getDb } from "../../lib/db.ts";
import { countNoticesByStatus, listNotices } from "../../db/repositories/notices.ts";
import { formatDateTime } from "../../lib/http/format.ts";
import type { NoticeStatus } from "../../domain/notice.ts";
import { type ClerkRole, hasRole, ROLE_ADMIN, ROLE_IDENTITY } from "../../domain/clerks.ts";
import { unmatchedCount } from "../../app/clerk_payments.ts";
import { Pagination } from "../../components/layout/Pagination.tsx";
import { PageTitle } from "../../components/layout/DocumentTitle.tsx";
import { TableRegion } from "../../components/layout/TableRegion.tsx";

/** Bank statements and the payment queue belong to the fees agenda. */
const ROLE_FEES = "agenda:poplatky" satisfies ClerkRole;
const STATUSES: NoticeStatus[] = ["scheduled", "published", "expired", "withdrawn"];
const PAGE_SIZE = 50;

export const handler = define.handlers({
  async GET(ctx) {
    const requested = Number.parseInt(ctx.url.searchParams.get("strana") ?? "1", 10);
    const current = requested > 0 && requested < 100_000 ? requested : 1;
    const [{ items, total }, counts] = await Promise.all([
      listNotices(getDb(), ctx.state.tenant.id, {
        view: "all",
        page: current,
        pageSize: PAGE_SIZE,
        search: (ctx.url.searchParams.get("q") ?? "").trim().slice(0, 200),
      }),
      countNoticesByStatus(getDb(), ctx.state.tenant.id),
    ]);
    const clerk = ctx.state.clerk;
    const unmatched = clerk && hasRole(clerk.roles, ROLE_FEES)
      ? await unmatchedCount({ db: getDb() }, {
        tenantId: ctx.state.tenant.id,
        clerkId: clerk.clerkId,
        requestId: ctx.state.requestId,
      })
      : null;
    return page({
      items,
      total,
      counts,
      unmatched,
      page: current,
      pageCount: Math.max(1, Math.ceil(total / PAGE_SIZE)),
    });
  },
});

export default define.page<typeof handler>(({ data, state }) => {
  const { t, locale } = state;
  const may = (role: ClerkRole) => hasRole(state.clerk?.roles ?? [], role);
  return (
    <div>
      <PageTitle title={t("office.title")} state={state} />
      <h1>{t("office.title")}</h1>
      <p class="lead">{t("office.greeting", { name: state.clerk?.displayName ?? "" })}</p>
      <ul class="office-links">
        {may(ROLE_IDENTITY) && (
          <li>
            <a href="/urad/osoby">{t("officePersons.title")}</a>
          </li>
        )}
        {may(ROLE_IDENTITY) && (
          <li>
            <a href="/urad/zastoupeni">{t("officeRepresentation.workspaceLink")}</a>
          </li>
        )}
        {may(ROLE_ADMIN) && (
          <li>
            <a href="/urad/urednici">{t("officeClerks.title")}</a>
          </li>
        )}
        {data.unmatched !== null && (
          <>
            <li>
              <a href="/urad/vypisy">{t("statements.workspaceLink")}</a>
            </li>
            <li>
              <a href="/urad/platby">{t("clerkPayments.workspaceLink", { n: data.unmatched })}</a>
            </li>
          </>
        )}
      </ul>
      <p>
        <a
          class="gov-button gov-button--primary"
          data-color="primary"
          data-type="solid"
          href="/urad/uredni-deska/novy"
        >
          {t("office.newNotice")}
        </a>
      </p>
      <h2>{t("office.noticesHeading")}</h2>
      <p>
        {STATUSES.map((s) => `${t(`noticeBoard.status.${s}`)}: ${data.counts[s]}`).join(" · ")}
      </p>
      <TableRegion label={t("office.noticesHeading")}>
        <table class="data-table">
          <caption class="u-sr-only">{t("office.noticesHeading")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("office.table.title")}</th>
              <th scope="col">{t("noticeBoard.referenceNumber")}</th>
              <th scope="col">{t("noticeBoard.postedFrom")}</th>
              <th scope="col">{t("noticeBoard.relevantUntil")}</th>
              <th scope="col">{t("office.table.status")}</th>
            </tr>
          </thead>
          <tbody>
            {data.items.map((n) => (
              <tr>
                <th scope="row">
                  <a href={`/urad/uredni-deska/${n.id}`}>{n.title}</a>
                </th>
                <td>{n.reference_number ?? "—"}</td>
                <td>{formatDateTime(n.posted_from, locale)}</td>
                <td>
                  {n.relevant_until
                    ? formatDateTime(n.relevant_until, locale)
                    : t("noticeBoard.untilFurtherNotice")}
                </td>
                <td>
                  <span class={`status status--${n.status}`}>
                    {t(`noticeBoard.status.${n.status}`)}
                  </span>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableRegion>
      <Pagination
        page={data.page}
        pageCount={data.pageCount}
        href={(n) => (n > 1 ? `/urad?strana=${n}` : "/urad")}
        t={t}
      />
    </div>
  );
});
