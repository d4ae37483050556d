/**
 * What the applicant and the clerk see of a grant after the decision: the amounts, the
 * contract, the payout instalments and the settlement deadline (app/grant_awards.ts).
 */
import type { AwardDetail } from "../../app/grant_awards.ts";
import type { Translate } from "../../lib/state.ts";
import { formatCzk } from "../../domain/money.ts";
import { czechDate } from "../../domain/grants.ts";
import { DataTable } from "../layout/DataTable.tsx";

export function AwardFacts({ d, t }: { d: AwardDetail; t: Translate }) {
  const a = d.award;
  return (
    <dl class="notice-facts">
      <div>
        <dt>{t("grantAwards.facts.reference")}</dt>
        <dd>{a.reference}</dd>
      </div>
      <div>
        <dt>{t("grantAwards.facts.applicant")}</dt>
        <dd>{a.applicant_name}</dd>
      </div>
      <div>
        <dt>{t("grantAwards.facts.state")}</dt>
        <dd>{t(`grantAwards.state.${a.state}`)}</dd>
      </div>
      <div>
        <dt>{t("grantAwards.facts.asked")}</dt>
        <dd>{formatCzk(Number(a.asked_halere))}</dd>
      </div>
      {a.granted_halere !== null && (
        <div>
          <dt>{t("grantAwards.facts.granted")}</dt>
          <dd>{formatCzk(Number(a.granted_halere))}</dd>
        </div>
      )}
      <div>
        <dt>{t("grantAwards.facts.paid")}</dt>
        <dd>{formatCzk(Number(a.paid_halere))}</dd>
      </div>
      {a.settled_halere !== null && (
        <div>
          <dt>{t("grantAwards.facts.settled")}</dt>
          <dd>{formatCzk(Number(a.settled_halere))}</dd>
        </div>
      )}
      {a.settlement_due && (
        <div>
          <dt>{t("grantAwards.facts.settlementDue")}</dt>
          <dd>{czechDate(a.settlement_due)}</dd>
        </div>
      )}
      {d.contract && (
        <div>
          <dt>{t("grantAwards.facts.contract")}</dt>
          <dd>{d.contract.number}</dd>
        </div>
      )}
    </dl>
  );
}

export function PayoutTable({ d, t }: { d: AwardDetail; t: Translate }) {
  return (
    <DataTable
      caption={t("grantAwards.payouts.caption")}
      rows={d.payouts}
      rowKey={(p) => p.id}
      empty={t("grantAwards.payouts.none")}
      columns={[
        { header: t("grantAwards.payouts.instalment"), rowHeader: true, cell: (p) => p.instalment },
        {
          header: t("grantAwards.payouts.amount"),
          num: true,
          cell: (p) => formatCzk(Number(p.amount_halere)),
        },
        { header: t("grantAwards.payouts.due"), cell: (p) => czechDate(p.due_on) },
        {
          header: t("grantAwards.payouts.state"),
          cell: (p) => t(`grantAwards.payoutState.${p.state}`),
        },
      ]}
    />
  );
}
