/**
 * Account settings: how the person hears about their cases (e-mail, SMS or both), payment
 * reminders, the town's news per topic with streets, quiet hours for non-urgent SMS
 * (components/settings/MessageSettings.tsx), the SMS second factor, and logging out of every
 * device. Each form posts here with its `section`.
 */
import { ChoiceControl } from "../../components/form/ChoiceControl.tsx";
import { define } from "../../lib/http/define.ts";
import { page } from "../../lib/web/mod.ts";
import { getDb } from "../../lib/db.ts";
import { findPerson, verifiedPhone } from "../../db/repositories/persons.ts";
import { personActor } from "../../lib/http/identity/actor.ts";
import { setCaseNotificationChoice, setSecondFactor } from "../../app/identity.ts";
import { defaultDeps } from "../../app/deps.ts";
import { maskPhone } from "../../domain/identity.ts";
import { CsrfField, SubmitButton } from "../../components/form/mod.ts";
import { ChoiceGroup } from "../../components/identity/ChoiceGroup.tsx";
import { Notice } from "../../components/layout/Notice.tsx";
import { MessageSettingsForms } from "../../components/settings/MessageSettings.tsx";
import {
  type MessageSettings,
  readMessageSettings,
  setNewsSubscriptions,
  setQuietHours,
  setReminderChoice,
  type SettingsOutcome,
} from "../../app/message_settings.ts";
import { listStreetsByPart, type StreetPart } from "../../db/repositories/streets.ts";
import { TOPICS } from "../../domain/messaging.ts";
import { cleanText, type FieldError } from "../../domain/validation.ts";
import type { State } from "../../lib/state.ts";
import { PageTitle } from "../../components/layout/DocumentTitle.tsx";

interface SettingsData {
  smsSecondFactor: boolean;
  caseNotifications: string;
  phone: string | null;
  saved: boolean;
  messages: MessageSettings;
  parts: StreetPart[];
  errors: FieldError<string>[];
  section: string | null;
  quiet: { from: string; to: string } | null;
}

async function load(state: State, extra: Partial<SettingsData> = {}): Promise<SettingsData> {
  const { tenant, person } = state;
  const db = getDb();
  const [row, phone, messages, parts] = await Promise.all([
    findPerson(db, tenant.id, person!.personId),
    verifiedPhone(db, tenant.id, person!.personId),
    readMessageSettings(db, personActor(state)),
    listStreetsByPart(db, tenant.id),
  ]);
  return {
    smsSecondFactor: row!.sms_second_factor,
    caseNotifications: row!.case_notifications,
    phone: phone ? maskPhone(phone) : null,
    saved: false,
    messages,
    parts,
    errors: [],
    section: null,
    quiet: null,
    ...extra,
  };
}

export const handler = define.handlers({
  async GET(ctx) {
    return page(await load(ctx.state, { saved: ctx.url.searchParams.has("ulozeno") }));
  },
  async POST(ctx) {
    const form = await ctx.formData();
    const section = form.get("section");
    const actor = personActor(ctx.state);
    let result: SettingsOutcome | null = null;
    if (section === "reminders") {
      result = await setReminderChoice(defaultDeps(), actor, form.get("reminders"));
    } else if (section === "news") {
      result = await setNewsSubscriptions(defaultDeps(), actor, {
        news: Object.fromEntries(TOPICS.map((x) => [x, form.get(`news-${x}`) ?? "none"])),
        streetIds: form.getAll("street").map(String),
        parts: form.getAll("part").map(String),
      });
    } else if (section === "quiet") {
      const quiet = {
        from: cleanText(form.get("quietFrom")).slice(0, 10),
        to: cleanText(form.get("quietTo")).slice(0, 10),
      };
      result = await setQuietHours(defaultDeps(), actor, quiet.from, quiet.to);
      if (!result.ok) {
        const data = await load(ctx.state, { errors: result.errors, section, quiet });
        return page(data, { status: 422 });
      }
    }
    if (result) {
      if (result.ok) return ctx.redirect("/ucet/nastaveni?ulozeno=1", 303);
      const data = await load(ctx.state, { errors: result.errors, section: String(section) });
      return page(data, { status: 422 });
    }
    if (section === "notifications") {
      const choice = form.get("caseNotifications");
      const outcome = await setCaseNotificationChoice(
        defaultDeps(),
        personActor(ctx.state),
        typeof choice === "string" ? choice : "",
      );
      // A tampered choice, or SMS without a verified phone: nothing saved, the page as it was.
      if (!outcome.ok) return ctx.redirect("/ucet/nastaveni");
      return ctx.redirect("/ucet/nastaveni?ulozeno=1");
    }
    const on = form.get("smsSecondFactor") === "on";
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
      <h2>{t("settings.notificationsHeading")}</h2>
      <p>{t("settings.notificationsLead")}</p>
      <form method="post" action="/ucet/nastaveni">
        <CsrfField token={state.csrfToken} />
        <input type="hidden" name="section" value="notifications" />
        <ChoiceGroup
          type="radio"
          name="caseNotifications"
          legend={t("settings.notificationsLegend")}
          hint={data.phone ? undefined : t("settings.notificationsNoPhone")}
          options={(data.phone ? ["email", "sms", "both"] : ["email"]).map((v) => ({
            value: v,
            label: t(`settings.channel.${v}`),
          }))}
          selected={[data.caseNotifications]}
          t={t}
        />
        <SubmitButton>{t("settings.saveNotifications")}</SubmitButton>
      </form>
      <MessageSettingsForms
        state={state}
        settings={data.messages}
        parts={data.parts}
        errors={data.errors}
        section={data.section}
        quiet={data.quiet}
      />
      <h2>{t("settings.smsHeading")}</h2>
      <p>{data.phone ? t("settings.smsLead", { phone: data.phone }) : t("settings.noPhone")}</p>
      {data.phone && (
        <form method="post" action="/ucet/nastaveni">
          <CsrfField token={state.csrfToken} />
          <ChoiceControl
            type="checkbox"
            id="field-smsSecondFactor"
            name="smsSecondFactor"
            value="on"
            checked={data.smsSecondFactor}
          >
            {t("settings.smsLabel")}
          </ChoiceControl>
          <SubmitButton>{t("settings.save")}</SubmitButton>
        </form>
      )}
      <h2>{t("settings.sessionsHeading")}</h2>
      <p>{t("settings.sessionsLead")}</p>
      <form method="post" action="/odhlaseni/vsude">
        <CsrfField token={state.csrfToken} />
        <SubmitButton variant="secondary">{t("settings.logoutEverywhere")}</SubmitButton>
      </form>
      <h2>{t("access.title")}</h2>
      <p>{t("access.linkHint")}</p>
      <p>
        <a href="/ucet/pristupy">{t("access.link")}</a>
      </p>
    </div>
  );
});
