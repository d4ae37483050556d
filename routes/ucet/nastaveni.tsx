/** Account settings: the SMS second factor, and logging out of every device. */
import { define } from "../../lib/define.ts";
import { page } from "../../lib/web/mod.ts";
import { getDb } from "../../lib/db.ts";
import { findPerson, setSmsSecondFactor, verifiedPhone } from "../../db/repositories/persons.ts";
import { appendAudit } from "../../db/repositories/audit.ts";
import { maskPhone } from "../../domain/identity.ts";
import { CsrfField, SubmitButton } from "../../components/form/mod.ts";
import { Notice } from "../../components/layout/Notice.tsx";
import { PageTitle } from "../../components/layout/DocumentTitle.tsx";

export const handler = define.handlers({
  async GET(ctx) {
    const { tenant, person } = ctx.state;
    const db = getDb();
    const [row, phone] = await Promise.all([
      findPerson(db, tenant.id, person!.personId),
      verifiedPhone(db, tenant.id, person!.personId),
    ]);
    return page({
      smsSecondFactor: row!.sms_second_factor,
      phone: phone ? maskPhone(phone) : null,
      saved: ctx.url.searchParams.has("ulozeno"),
    });
  },
  async POST(ctx) {
    const { tenant, person, requestId } = ctx.state;
    const db = getDb();
    const on = (await ctx.formData()).get("smsSecondFactor") === "on";
    if (on && !(await verifiedPhone(db, tenant.id, person!.personId))) {
      return ctx.redirect("/ucet/nastaveni");
    }
    await setSmsSecondFactor(db, tenant.id, person!.personId, on);
    await appendAudit(db, {
      tenantId: tenant.id,
      actorType: "person",
      actorId: person!.personId,
      action: on ? "auth.sms_factor_on" : "auth.sms_factor_off",
      requestId,
    });
    return ctx.redirect("/ucet/nastaveni?ulozeno=1");
  },
});

export default define.page<typeof handler>(({ data, state }) => {
  const { t } = state;
  return (
    <div class="narrow">
      <PageTitle title={t("settings.title")} state={state} />
      <h1>{t("settings.title")}</h1>
      {data.saved && <Notice type="success" t={t} title={t("settings.saved")} />}
      <h2>{t("settings.smsHeading")}</h2>
      <p>{data.phone ? t("settings.smsLead", { phone: data.phone }) : t("settings.noPhone")}</p>
      {data.phone && (
        <form method="post" action="/ucet/nastaveni">
          <CsrfField token={state.csrfToken} />
          <p class="checkbox">
            <input
              type="checkbox"
              id="field-smsSecondFactor"
              name="smsSecondFactor"
              checked={data.smsSecondFactor}
            />{" "}
            <label for="field-smsSecondFactor">{t("settings.smsLabel")}</label>
          </p>
          <SubmitButton>{t("settings.save")}</SubmitButton>
        </form>
      )}
      <h2>{t("settings.sessionsHeading")}</h2>
      <p>{t("settings.sessionsLead")}</p>
      <form method="post" action="/odhlaseni/vsude">
        <CsrfField token={state.csrfToken} />
        <SubmitButton variant="secondary">{t("settings.logoutEverywhere")}</SubmitButton>
      </form>
    </div>
  );
});
