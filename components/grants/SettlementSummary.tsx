/** A filed settlement report: when, late or not, the actual budget, the report, the outcome. */
import type { AwardDetail } from "../../app/grant_awards.ts";
import type { Locale, Translate } from "../../lib/state.ts";
import { formatDate } from "../../lib/http/format.ts";
import { formatCzk } from "../../domain/money.ts";
import { DataTable } from "../layout/DataTable.tsx";

export function SettlementSummary(
  { d, t, locale, fileHref }: {
    d: AwardDetail;
    t: Translate;
    locale: Locale;
    /** Where a file of the report downloads (the applicant's or the clerk's route). */
    fileHref: (id: string) => string;
  },
) {
  const s = d.settlement!;
  return (
    <section aria-labelledby="settlement-heading">
      <h2 id="settlement-heading">{t("grantAwards.settlement.filedHeading")}</h2>
      <dl class="notice-facts">
        <div>
          <dt>{t("grantAwards.settlement.filedOn")}</dt>
          <dd>
            {formatDate(s.submitted_at, locale)}
            {s.late && <strong>{` – ${t("grantAwards.settlement.late")}`}</strong>}
          </dd>
        </div>
        <div>
          <dt>{t("grantAwards.settlement.spent")}</dt>
          <dd>{formatCzk(Number(s.spent_halere))}</dd>
        </div>
        <div>
          <dt>{t("grantAwards.settlement.eligible")}</dt>
          <dd>{formatCzk(Number(s.eligible_halere))}</dd>
        </div>
        <div>
          <dt>{t("grantAwards.settlement.outcome")}</dt>
          <dd>{t(`grantAwards.settlementState.${s.state}`)}</dd>
        </div>
        {s.return_halere !== null && (
          <div>
            <dt>{t("grantAwards.settlement.returnAmount")}</dt>
            <dd>{formatCzk(Number(s.return_halere))}</dd>
          </div>
        )}
        {s.return_reason && (
          <div>
            <dt>{t("grantAwards.settlement.returnReason")}</dt>
            <dd>{s.return_reason}</dd>
          </div>
        )}
      </dl>
      <DataTable
        caption={t("grantAwards.settlement.actualCaption")}
        rows={d.actual}
        rowKey={(l) => String(l.position)}
        columns={[
          { header: t("grantAwards.settlement.line"), rowHeader: true, cell: (l) => l.description },
          { header: t("grantAwards.settlement.category"), cell: (l) => l.category_name },
          {
            header: t("grantAwards.settlement.actualAmount"),
            num: true,
            cell: (l) => formatCzk(Number(l.amount_halere)),
          },
          {
            header: t("grantAwards.settlement.actualGrant"),
            num: true,
            cell: (l) => formatCzk(Number(l.grant_halere)),
          },
        ]}
      />
      <h3>{t("grantAwards.settlement.attachments")}</h3>
      {d.files.length
        ? (
          <ul>
            {d.files.map((f) => (
              <li key={f.id}>
                <a href={fileHref(f.id)}>{f.file_name}</a>
              </li>
            ))}
          </ul>
        )
        : <p>{t("grantAwards.settlement.noAttachments")}</p>}
      <h3>{t("grantAwards.settlement.report")}</h3>
      <p class="grant-report">{s.report}</p>
    </section>
  );
}
