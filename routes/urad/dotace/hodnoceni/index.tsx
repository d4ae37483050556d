/**
 * A committee member's grant calls (issue 14): any clerk who sits on a call's evaluation
 * committee (with or without the `grants` role) sees the calls they sit on, and nothing else,
 * with how many applications wait for their score.
 */
import { define } from "../../../../lib/http/define.ts";
import { page } from "../../../../lib/web/mod.ts";
import { getDb } from "../../../../lib/db.ts";
import { assertClerk } from "../../../../lib/http/auth.ts";
import { memberCalls } from "../../../../app/grant_committee.ts";
import { czechDate } from "../../../../domain/grants.ts";
import { PageTitle } from "../../../../components/layout/DocumentTitle.tsx";
import { DataTable } from "../../../../components/layout/DataTable.tsx";

export const handler = define.handlers({
  async GET(ctx) {
    assertClerk(ctx.state);
    const calls = await memberCalls(getDb(), ctx.state.tenant.id, ctx.state.clerk.clerkId);
    return page({ calls });
  },
});

export default define.page<typeof handler>(({ data, state }) => {
  const { t } = state;
  return (
    <div>
      <PageTitle title={t("grantCommittee.member.title")} state={state} />
      <p>
        <a href="/urad">{t("office.backToWorkspace")}</a>
      </p>
      <h1>{t("grantCommittee.member.title")}</h1>
      <p>{t("grantCommittee.member.lead")}</p>
      <DataTable
        caption={t("grantCommittee.member.calls")}
        captionHidden
        rows={data.calls}
        rowKey={(c) => c.id}
        empty={t("grantCommittee.member.noCalls")}
        columns={[
          {
            header: t("grants.column.call"),
            rowHeader: true,
            cell: (c) => <a href={`/urad/dotace/hodnoceni/${c.id}`}>{c.title}</a>,
          },
          { header: t("grants.column.programme"), cell: (c) => c.programme_title },
          {
            header: t("grantCommittee.committee.role"),
            cell: (c) => t(`grantCommittee.role.${c.role}`),
          },
          {
            header: t("grants.callForm.decisionDeadline"),
            cell: (c) => czechDate(c.decision_deadline),
          },
          { header: t("grantCommittee.member.toScore"), num: true, cell: (c) => c.to_score },
          { header: t("grantCommittee.member.openForMe"), num: true, cell: (c) => c.open_for_me },
        ]}
      />
    </div>
  );
});
