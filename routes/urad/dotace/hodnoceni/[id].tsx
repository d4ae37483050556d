/**
 * One grant call for a member of its evaluation committee (issue 14): the applications the
 * committee scores (after the formal check), each with the member's part (scored, conflict of
 * interest declared, or still to do). A clerk who does not sit on the call gets 404.
 */
import { define } from "../../../../lib/http/define.ts";
import { HttpError, page } from "../../../../lib/web/mod.ts";
import { getDb } from "../../../../lib/db.ts";
import { assertClerk } from "../../../../lib/http/auth.ts";
import { memberCall } from "../../../../app/grant_committee.ts";
import { hasRole } from "../../../../domain/clerks.ts";
import { formatCzk } from "../../../../domain/money.ts";
import { czechDate } from "../../../../domain/grants.ts";
import { PageTitle } from "../../../../components/layout/DocumentTitle.tsx";
import { DataTable } from "../../../../components/layout/DataTable.tsx";
import { CommitteeLinks } from "../../../../components/grants/CommitteeLinks.tsx";

export const handler = define.handlers({
  async GET(ctx) {
    assertClerk(ctx.state);
    const found = await memberCall(
      getDb(),
      ctx.state.tenant.id,
      ctx.state.clerk.clerkId,
      ctx.params.id,
    );
    if (!found) throw new HttpError(404);
    return page({ ...found, grants: hasRole(ctx.state.clerk.roles, "grants") });
  },
});

export default define.page<typeof handler>(({ data, state }) => {
  const { t } = state;
  const { call, seat, applications } = data;
  return (
    <div>
      <PageTitle title={call.title} state={state} />
      <p>
        <a href="/urad/dotace/hodnoceni">{t("grantCommittee.member.back")}</a>
      </p>
      <h1>{call.title}</h1>
      <p>
        {t("grantCommittee.member.yourRole", { role: t(`grantCommittee.role.${seat.role}`) })}{" "}
        {t("grantCommittee.member.deadline", { date: czechDate(call.decision_deadline) })}
      </p>
      {(data.grants || seat.role === "chair") && (
        <CommitteeLinks callId={call.id} t={t} grants={data.grants} />
      )}
      <DataTable
        caption={t("grantCommittee.member.applications")}
        rows={applications}
        rowKey={(a) => a.id}
        empty={t("grantCommittee.member.noApplications")}
        columns={[
          {
            header: t("grantCommittee.column.reference"),
            rowHeader: true,
            cell: (a) => (
              <a href={`/urad/dotace/hodnoceni/zadost/${a.id}`}>
                {a.reference ?? a.id.slice(0, 8)}
              </a>
            ),
          },
          { header: t("grantCommittee.column.applicant"), cell: (a) => a.applicant_name },
          { header: t("grantCommittee.column.purpose"), cell: (a) => a.purpose },
          {
            header: t("grantCommittee.column.asked"),
            num: true,
            cell: (a) => formatCzk(Number(a.asked_halere)),
          },
          {
            header: t("grantCommittee.column.mine"),
            cell: (a) =>
              t(
                a.conflict
                  ? "grantCommittee.mine.conflict"
                  : a.scored
                  ? "grantCommittee.mine.scored"
                  : "grantCommittee.mine.awaitingScore",
              ),
          },
        ]}
      />
    </div>
  );
});
