/**
 * Contracts to prepare (issue 14): granted applications without a contract. "Připravit
 * smlouvu" generates it from the template (docx and pdf, sha256 stored) and tells the applicant
 * to confirm it in "Moje dotace". Once per application.
 */
import { define } from "../../../lib/http/define.ts";
import { HttpError, page } from "../../../lib/web/mod.ts";
import { getDb } from "../../../lib/db.ts";
import { assertClerk } from "../../../lib/http/auth.ts";
import { clerkActor } from "../../../lib/http/identity/actor.ts";
import { tenantOrigin } from "../../../lib/http/tenant.ts";
import { renderContractFiles } from "../../../lib/http/grant_contract.ts";
import { contractCandidates, prepareContract } from "../../../app/grant_awards.ts";
import { formatCzk } from "../../../domain/money.ts";
import { cleanText } from "../../../domain/validation.ts";
import { DataTable } from "../../../components/layout/DataTable.tsx";
import { Notice } from "../../../components/layout/Notice.tsx";
import { PageTitle } from "../../../components/layout/DocumentTitle.tsx";
import { CsrfField, SubmitButton } from "../../../components/form/mod.ts";

async function load(tenantId: string, notice: "prepared" | "wrongState" | null) {
  return { rows: await contractCandidates(getDb(), tenantId), notice };
}

export const handler = define.handlers({
  async GET(ctx) {
    assertClerk(ctx.state, "grants");
    return page(
      await load(ctx.state.tenant.id, ctx.url.searchParams.has("pripraveno") ? "prepared" : null),
    );
  },
  async POST(ctx) {
    assertClerk(ctx.state, "grants");
    const form = await ctx.formData();
    const r = await prepareContract(
      { db: getDb(), render: renderContractFiles },
      clerkActor(ctx.state),
      {
        applicationId: cleanText(form.get("applicationId")).slice(0, 40),
        now: new Date(),
        origin: tenantOrigin(ctx.state.tenant),
      },
    );
    if (!r.ok) {
      if (r.code === "notFound") throw new HttpError(404);
      return page(await load(ctx.state.tenant.id, "wrongState"), { status: 409 });
    }
    return ctx.redirect("/urad/dotace/smlouvy?pripraveno=1");
  },
});

export default define.page<typeof handler>(({ data, state }) => {
  const { t } = state;
  return (
    <div>
      <PageTitle title={t("grantAwards.office.contractsTitle")} state={state} />
      <p>
        <a href="/urad/dotace">{t("grants.office.back")}</a>
      </p>
      <h1>{t("grantAwards.office.contractsTitle")}</h1>
      {data.notice === "prepared" && (
        <Notice type="success" t={t} title={t("grantAwards.office.prepared")} />
      )}
      {data.notice === "wrongState" && (
        <Notice type="error" t={t} title={t("grantAwards.errors.wrongState")} />
      )}
      <p>{t("grantAwards.office.contractsLead")}</p>
      <DataTable
        caption={t("grantAwards.office.contractsCaption")}
        captionHidden
        rows={data.rows}
        rowKey={(r) => r.id}
        empty={t("grantAwards.office.contractsNone")}
        columns={[
          { header: t("grantAwards.facts.reference"), rowHeader: true, cell: (r) => r.reference },
          { header: t("grantAwards.facts.applicant"), cell: (r) => r.applicant_name },
          { header: t("grantAwards.office.programme"), cell: (r) => r.programme_title },
          {
            header: t("grantAwards.facts.granted"),
            num: true,
            cell: (r) => formatCzk(Number(r.granted_halere ?? 0)),
          },
          {
            header: t("grantAwards.office.action"),
            cell: (r) => (
              <form method="post" action="/urad/dotace/smlouvy">
                <CsrfField token={state.csrfToken} />
                <input type="hidden" name="applicationId" value={r.id} />
                <SubmitButton variant="secondary">
                  {t("grantAwards.office.prepare", { reference: r.reference ?? "" })}
                </SubmitButton>
              </form>
            ),
          },
        ]}
      />
    </div>
  );
});
