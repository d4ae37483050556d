/**
 * One payout batch (issue 14): its payouts, downloaded for the accountant as xlsx or CSV (the
 * same rows in the same order every time: a repeated download is the same batch), and "paid"
 * once the accountant paid it (each application's paid amount goes up; `paid` when in full).
 */
import { define } from "../../../../lib/http/define.ts";
import { HttpError, page } from "../../../../lib/web/mod.ts";
import { getDb } from "../../../../lib/db.ts";
import { assertGrantsOrFinance } from "../../../../lib/http/grant_roles.ts";
import { clerkActor } from "../../../../lib/http/identity/actor.ts";
import { tenantOrigin } from "../../../../lib/http/tenant.ts";
import { type ExportColumn, exportResponse } from "../../../../lib/http/export.ts";
import { markBatchPaid, payoutBatch } from "../../../../app/grant_awards.ts";
import type { PayoutRow } from "../../../../db/repositories/grant_awards.ts";
import { czechDate } from "../../../../domain/grants.ts";
import { formatCzk } from "../../../../domain/money.ts";
import { formatDateTime } from "../../../../lib/http/format.ts";
import { DataTable } from "../../../../components/layout/DataTable.tsx";
import { Notice } from "../../../../components/layout/Notice.tsx";
import { PageTitle } from "../../../../components/layout/DocumentTitle.tsx";
import { CsrfField, SubmitButton } from "../../../../components/form/mod.ts";
import type { Translate } from "../../../../lib/state.ts";

function columns(t: Translate): ExportColumn<PayoutRow>[] {
  return [
    { header: t("grantAwards.payouts.account"), value: (p) => p.account },
    { header: t("grantAwards.payouts.amountKc"), value: (p) => Number(p.amount_halere) / 100 },
    { header: t("grantAwards.payouts.vs"), value: (p) => p.variable_symbol },
    { header: t("grantAwards.facts.applicant"), value: (p) => p.applicant_name },
    { header: t("grantAwards.payouts.ico"), value: (p) => p.applicant_ico },
    { header: t("grantAwards.facts.contract"), value: (p) => p.contract_number },
    {
      header: t("grantAwards.payouts.instalment"),
      value: (p) => `${p.instalment}/${p.instalments}`,
    },
    { header: t("grantAwards.payouts.due"), value: (p) => p.due_on },
    { header: t("grantAwards.facts.reference"), value: (p) => p.reference },
  ];
}

async function load(tenantId: string, id: string) {
  const b = await payoutBatch(getDb(), tenantId, id);
  if (!b) throw new HttpError(404);
  return b;
}

export const handler = define.handlers({
  async GET(ctx) {
    assertGrantsOrFinance(ctx.state);
    const b = await load(ctx.state.tenant.id, ctx.params.id);
    const format = ctx.url.searchParams.get("format");
    if (format === "csv" || format === "xlsx") {
      return await exportResponse(
        format,
        `vyplaty-dotaci-${b.batch.number}`,
        columns(ctx.state.t),
        b.payouts,
        { now: b.batch.created_at, sheetName: `Výplaty ${b.batch.number}` },
      );
    }
    if (format !== null) throw new HttpError(400, "grantAwards.errors.format");
    const q = ctx.url.searchParams;
    return page({
      ...b,
      notice: q.has("vytvoreno") ? "created" : q.has("zaplaceno") ? "paid" : null,
    });
  },
  async POST(ctx) {
    assertGrantsOrFinance(ctx.state);
    const b = await load(ctx.state.tenant.id, ctx.params.id);
    const r = await markBatchPaid({ db: getDb() }, clerkActor(ctx.state), {
      batchId: b.batch.id,
      origin: tenantOrigin(ctx.state.tenant),
    });
    if (!r.ok) throw new HttpError(404);
    return ctx.redirect(`/urad/dotace/vyplaty/${b.batch.id}?zaplaceno=1`);
  },
});

export default define.page<typeof handler>(({ data, state }) => {
  const { t, locale } = state;
  const { batch, payouts } = data;
  const base = `/urad/dotace/vyplaty/${batch.id}`;
  return (
    <div>
      <PageTitle
        title={t("grantAwards.payouts.batchTitle", { number: batch.number })}
        state={state}
      />
      <p>
        <a href="/urad/dotace/vyplaty">{t("grantAwards.payouts.backToList")}</a>
      </p>
      <h1>{t("grantAwards.payouts.batchTitle", { number: batch.number })}</h1>
      {data.notice === "created" && (
        <Notice type="success" t={t} title={t("grantAwards.payouts.createdNotice")} />
      )}
      {data.notice === "paid" && (
        <Notice type="success" t={t} title={t("grantAwards.payouts.paidNotice")} />
      )}
      <dl class="notice-facts">
        <div>
          <dt>{t("grantAwards.payouts.created")}</dt>
          <dd>{formatDateTime(batch.created_at, locale)}</dd>
        </div>
        <div>
          <dt>{t("grantAwards.payouts.amount")}</dt>
          <dd>{formatCzk(Number(batch.total_halere))}</dd>
        </div>
        <div>
          <dt>{t("grantAwards.payouts.state")}</dt>
          <dd>
            {batch.paid_at
              ? t("grantAwards.payouts.paidAt", { at: formatDateTime(batch.paid_at, locale) })
              : t("grantAwards.payoutState.exported")}
          </dd>
        </div>
      </dl>
      <p>
        <a href={`${base}?format=xlsx`}>{t("grantAwards.payouts.xlsx")}</a>
        {" · "}
        <a href={`${base}?format=csv`}>{t("grantAwards.payouts.csv")}</a>
      </p>
      <DataTable
        caption={t("grantAwards.payouts.batchCaption", { count: payouts.length })}
        rows={payouts}
        rowKey={(p) => p.id}
        columns={[
          { header: t("grantAwards.facts.reference"), rowHeader: true, cell: (p) => p.reference },
          { header: t("grantAwards.facts.applicant"), cell: (p) => p.applicant_name },
          {
            header: t("grantAwards.payouts.amount"),
            num: true,
            cell: (p) => formatCzk(Number(p.amount_halere)),
          },
          { header: t("grantAwards.payouts.vs"), cell: (p) => p.variable_symbol },
          { header: t("grantAwards.payouts.account"), cell: (p) => p.account },
          { header: t("grantAwards.payouts.due"), cell: (p) => czechDate(p.due_on) },
        ]}
      />
      {!batch.paid_at && (
        <form method="post" action={base}>
          <CsrfField token={state.csrfToken} />
          <SubmitButton>{t("grantAwards.payouts.markPaid")}</SubmitButton>
        </form>
      )}
    </div>
  );
});
