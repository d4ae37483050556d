/** Account settings: the SMS second factor, and logging out of every device. */
import { define } from "../../lib/http/define.ts";
import { page } from "../../lib/web/mod.ts";
import { getDb } from "../../lib/db.ts";
import { findPerson, verifiedPhone } from "../../db/repositories/persons.ts";
import { personActor } from "../../lib/http/identity/actor.ts";
import { setSecondFactor } from "../../app/identity.ts";
import { defaultDeps } from "../../app/deps.ts";
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
    const on = (await ctx.formData()).get("smsSecondFactor") === "on";
    const outcome = await setSecondFactor(defaultDeps(), personActor(ctx.state), on);
    // Without a verified phone there is nothing to turn on: the page says so.
    if (!outcome.ok) return ctx.redirect("/ucet/nastaveni");
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
