/**
 * The council's papers for a grant call (issue 14): the ranking (`dokument=poradi`, for the
 * grants clerk or the committee's chair) or the decisions (`dokument=rozhodnuti`, grants clerk)
 * as an Excel workbook or a Word document (`format=xlsx|docx`), Czech headings, amounts in Kč.
 * The file name is an ASCII constant plus the day (lib/http/export.ts), never from the request.
 */
import { define } from "../../../../../lib/http/define.ts";
import { HttpError } from "../../../../../lib/web/mod.ts";
import { getDb } from "../../../../../lib/db.ts";
import { assertClerk } from "../../../../../lib/http/auth.ts";
import { type ExportColumn, exportResponse } from "../../../../../lib/http/export.ts";
import { openDecisions, openRanking, type Ranking } from "../../../../../app/grant_committee.ts";
import { czechDate } from "../../../../../domain/grants.ts";

type Ranked = Ranking["ranked"][number];
type Decided = Ranking["decided"][number];

const kc = (h: number | null) => h === null ? null : h / 100;

export const handler = define.handlers({
  async GET(ctx) {
    assertClerk(ctx.state);
    const { tenant, clerk, t } = ctx.state;
    const q = ctx.url.searchParams;
    const doc = q.get("dokument");
    const format = q.get("format");
    const actor = { tenantId: tenant.id, clerkId: clerk.clerkId, roles: clerk.roles };
    // Who may read the call first (another town's call, or a clerk without a part in it: 404).
    const ranking = doc === "rozhodnuti"
      ? await openDecisions(getDb(), actor, ctx.params.id)
      : await openRanking(getDb(), actor, ctx.params.id);
    if (!ranking) throw new HttpError(404);
    if ((doc !== "poradi" && doc !== "rozhodnuti") || (format !== "xlsx" && format !== "docx")) {
      throw new HttpError(400, "grantCommittee.export.bad");
    }
    const subtitle = t("grantCommittee.export.subtitle", {
      programme: ranking.programme.title,
      total: (ranking.total / 100).toLocaleString("cs-CZ"),
      left: (ranking.left / 100).toLocaleString("cs-CZ"),
    });
    if (doc === "poradi") {
      const columns: ExportColumn<Ranked>[] = [
        { header: t("grantCommittee.column.rank"), value: (r) => r.rank },
        { header: t("grantCommittee.column.reference"), value: (r) => r.row.reference },
        { header: t("grantCommittee.column.applicant"), value: (r) => r.row.applicant_name },
        { header: "IČO", value: (r) => r.row.applicant_ico },
        { header: t("grantCommittee.column.purpose"), value: (r) => r.row.purpose },
        { header: t("grantCommittee.export.score"), value: (r) => r.row.score },
        { header: t("grantCommittee.export.askedKc"), value: (r) => kc(r.row.asked), money: true },
        {
          header: t("grantCommittee.export.proposedKc"),
          value: (r) => kc(r.row.proposed),
          money: true,
        },
        { header: t("grantCommittee.export.reason"), value: (r) => r.row.proposal_reason },
        {
          header: t("grantCommittee.column.fits"),
          value: (r) =>
            t(r.fits ? "grantCommittee.ranking.fits" : "grantCommittee.ranking.doesNotFit"),
        },
        { header: t("grantCommittee.export.leftKc"), value: (r) => kc(r.leftAfter), money: true },
      ];
      return await exportResponse(format, "dotace-poradi", columns, ranking.ranked, {
        sheetName: t("grantCommittee.export.rankingSheet"),
        title: t("grantCommittee.export.rankingTitle", { call: ranking.call.title }),
        subtitle,
      });
    }
    const columns: ExportColumn<Decided>[] = [
      { header: t("grantCommittee.column.reference"), value: (r) => r.reference },
      { header: t("grantCommittee.column.applicant"), value: (r) => r.applicant_name },
      { header: "IČO", value: (r) => r.applicant_ico },
      { header: t("grantCommittee.column.purpose"), value: (r) => r.purpose },
      { header: t("grantCommittee.export.askedKc"), value: (r) => kc(r.asked), money: true },
      {
        header: t("grantCommittee.export.outcome"),
        value: (r) => t(`grantCommittee.export.outcome_${r.state}`),
      },
      {
        header: t("grantCommittee.export.grantedKc"),
        value: (r) => kc(r.granted ?? 0),
        money: true,
      },
      { header: t("grantCommittee.export.reason"), value: (r) => r.decision_reason },
      { header: t("grantCommittee.column.resolution"), value: (r) => r.resolution },
      {
        header: t("grantCommittee.amountForm.decidedOn"),
        value: (r) => r.decided_on ? czechDate(r.decided_on) : null,
      },
    ];
    return await exportResponse(format, "dotace-rozhodnuti", columns, ranking.decided, {
      sheetName: t("grantCommittee.export.decisionSheet"),
      title: t("grantCommittee.export.decisionTitle", { call: ranking.call.title }),
      subtitle,
    });
  },
});
