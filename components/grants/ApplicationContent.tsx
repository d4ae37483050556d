/**
 * A grant application as filed, read-only, for the committee (issue 14): the applicant, the
 * purpose, the period, the justification, the amounts, the budget lines by cost category and
 * the attachments (each a download link for the committee member).
 */
import type { Locale, Translate } from "../../lib/state.ts";
import { AttachmentList, type FileItem } from "../cases/CaseParts.tsx";
import { formatCzk } from "../../domain/money.ts";
import { czechDate } from "../../domain/grants.ts";
import { DataTable } from "../layout/DataTable.tsx";

export interface ApplicationContentProps {
  application: {
    applicant_name: string;
    applicant_ico: string | null;
    purpose: string;
    project_from: string;
    project_to: string;
    justification: string;
    asked_halere: string;
    total_budget_halere: string;
  };
  budget: readonly {
    id: string;
    category: string;
    description: string;
    amount_halere: string;
    grant_halere: string;
  }[];
  attachments: readonly FileItem[];
  /** Where a member downloads an attachment. */
  attachmentHref: (fileId: string) => string;
  t: Translate;
  locale: Locale;
}

export function ApplicationContent(
  { application: a, budget, attachments, attachmentHref, t, locale }: ApplicationContentProps,
) {
  const facts: [string, string][] = [
    [
      t("grantCommittee.column.applicant"),
      a.applicant_name + (a.applicant_ico ? ` (IČO ${a.applicant_ico})` : ""),
    ],
    [t("grantCommittee.column.purpose"), a.purpose],
    [
      t("grantCommittee.scoring.period"),
      `${czechDate(a.project_from)} – ${czechDate(a.project_to)}`,
    ],
    [t("grantCommittee.scoring.justification"), a.justification || "—"],
    [t("grantCommittee.column.asked"), formatCzk(Number(a.asked_halere))],
    [t("grantCommittee.scoring.totalBudget"), formatCzk(Number(a.total_budget_halere))],
  ];
  return (
    <>
      <dl class="facts">
        {facts.map(([k, v]) => (
          <div key={k}>
            <dt>{k}</dt>
            <dd>{v}</dd>
          </div>
        ))}
      </dl>
      <DataTable
        caption={t("grantCommittee.scoring.budget")}
        rows={budget}
        rowKey={(b) => b.id}
        empty={t("grantCommittee.scoring.noBudget")}
        columns={[
          {
            header: t("grantCommittee.scoring.category"),
            rowHeader: true,
            cell: (b) => b.category,
          },
          { header: t("grantCommittee.scoring.item"), cell: (b) => b.description },
          {
            header: t("grantCommittee.scoring.cost"),
            num: true,
            cell: (b) => formatCzk(Number(b.amount_halere)),
          },
          {
            header: t("grantCommittee.scoring.fromGrant"),
            num: true,
            cell: (b) => formatCzk(Number(b.grant_halere)),
          },
        ]}
      />
      <h2>{t("grantCommittee.scoring.attachments")}</h2>
      <AttachmentList files={attachments} href={attachmentHref} t={t} locale={locale} />
    </>
  );
}
