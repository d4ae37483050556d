/** Settlement reports to review and returns awaiting payment (issue 14), for the grants clerk. */
import { define } from "../../../../lib/http/define.ts";
import { page } from "../../../../lib/web/mod.ts";
import { getDb } from "../../../../lib/db.ts";
import { assertClerk } from "../../../../lib/http/auth.ts";
import { settlementsToReview } from "../../../../app/grant_awards.ts";
import { formatCzk } from "../../../../domain/money.ts";
import { formatDateTime } from "../../../../lib/http/format.ts";
import { DataTable } from "../../../../components/layout/DataTable.tsx";
import { PageTitle } from "../../../../components/layout/DocumentTitle.tsx";

export const handler = define.handlers({
  async GET(ctx) {
    assertClerk(ctx.state, "grants");
    return page({ rows: await settlementsToReview(getDb(), ctx.state.tenant.id) });
  },
});

export default define.page<typeof handler>(({ data, state }) => {
  const { t, locale } = state;
  return (
    <div>
      <PageTitle title={t("grantAwards.review.listTitle")} state={state} />
      <p>
        <a href="/urad/dotace">{t("grants.office.back")}</a>
      </p>
      <h1>{t("grantAwards.review.listTitle")}</h1>
      <DataTable
        caption={t("grantAwards.review.listTitle")}
        captionHidden
        rows={data.rows}
        rowKey={(r) => r.id}
        empty={t("grantAwards.review.none")}
        columns={[
          {
            header: t("grantAwards.facts.reference"),
            rowHeader: true,
            cell: (r) => <a href={`/urad/dotace/vyuctovani/${r.id}`}>{r.reference}</a>,
          },
          { header: t("grantAwards.facts.applicant"), cell: (r) => r.applicant_name },
          {
            header: t("grantAwards.settlement.filedOn"),
            cell: (r) =>
              `${formatDateTime(r.submitted_at, locale)}${
                r.late ? ` (${t("grantAwards.settlement.late")})` : ""
              }`,
          },
          {
            header: t("grantAwards.facts.paid"),
            num: true,
            cell: (r) => formatCzk(Number(r.paid_halere)),
          },
          { header: t("grantAwards.facts.state"), cell: (r) => t(`grantAwards.state.${r.state}`) },
        ]}
      />
    </div>
  );
});
