/**
 * The ranking of a call's applications (issue 14): rank, reference, applicant, the committee's
 * score and how many members scored, the amount asked, the proposal, and the budget line (fits
 * into what is left of the programme's total, and what is left after it).
 */
import type { Translate } from "../../lib/state.ts";
import type { Ranking } from "../../app/grant_committee.ts";
import { formatCzk } from "../../domain/money.ts";
import { DataTable } from "../layout/DataTable.tsx";

export function scoreText(score: number | null): string {
  return score === null ? "—" : score.toFixed(2).replace(".", ",");
}

export function proposalText(
  t: Translate,
  r: { proposed: number | null; proposal_reason: string | null },
): string {
  if (r.proposed === null) return "—";
  if (r.proposed === 0) {
    return t("grantCommittee.ranking.refuse", { reason: r.proposal_reason ?? "" });
  }
  return formatCzk(r.proposed);
}

export function RankingTable(props: { ranking: Ranking; t: Translate }) {
  const { t, ranking } = props;
  return (
    <DataTable
      caption={t("grantCommittee.ranking.table")}
      rows={ranking.ranked}
      rowKey={(r) => r.row.id}
      empty={t("grantCommittee.ranking.empty")}
      columns={[
        { header: t("grantCommittee.column.rank"), num: true, cell: (r) => r.rank ?? "—" },
        {
          header: t("grantCommittee.column.reference"),
          rowHeader: true,
          cell: (r) => r.row.reference ?? "",
        },
        { header: t("grantCommittee.column.applicant"), cell: (r) => r.row.applicant_name },
        {
          header: t("grantCommittee.column.score"),
          num: true,
          cell: (r) => `${scoreText(r.row.score)} (${r.row.scoredBy})`,
        },
        {
          header: t("grantCommittee.column.asked"),
          num: true,
          cell: (r) => formatCzk(r.row.asked),
        },
        { header: t("grantCommittee.column.proposal"), cell: (r) => proposalText(t, r.row) },
        {
          header: t("grantCommittee.column.fits"),
          cell: (r) =>
            t(r.fits ? "grantCommittee.ranking.fits" : "grantCommittee.ranking.doesNotFit"),
        },
        {
          header: t("grantCommittee.column.leftAfter"),
          num: true,
          cell: (r) => formatCzk(r.leftAfter),
        },
      ]}
    />
  );
}
