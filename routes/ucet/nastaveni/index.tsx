/**
 * Account settings: how the person hears about their cases (e-mail, SMS or both) and in which
 * language (Czech or English) the town writes to them, payment
 * reminders, the town's news per topic with streets, quiet hours for non-urgent SMS
 * (components/settings/MessageSettings.tsx), the e-mail and phone (`kontakt`) and the password
 * (`heslo`), each on a page of its own, the SMS
 * second factor (turned on through a code on `sms-overeni`, turned off here), logging out
 * of every device, and deleting the account (`zrusit-ucet`). Each form posts here with its `section`.
 */
import { define } from "../../../lib/http/define.ts";
import { page } from "../../../lib/web/mod.ts";
import { getDb } from "../../../lib/db.ts";
import { findPerson, verifiedPhone } from "../../../db/repositories/persons.ts";
import { personActor } from "../../../lib/http/identity/actor.ts";
import { setCaseNotificationChoice } from "../../../app/identity.ts";
import { turnOffSmsSecondFactor } from "../../../app/account.ts";
import { defaultDeps } from "../../../app/deps.ts";
import { maskPhone } from "../../../domain/identity.ts";
import { CsrfField, SubmitButton } from "../../../components/form/mod.ts";
import { ChoiceGroup } from "../../../components/identity/ChoiceGroup.tsx";
import { Notice } from "../../../components/layout/Notice.tsx";
import { MessageSettingsForms } from "../../../components/settings/MessageSettings.tsx";
import {
  type MessageSettings,
  readMessageSettings,
  setMessageLanguage,
  setNewsSubscriptions,
  setQuietHours,
  setReminderChoice,
  type SettingsOutcome,
} from "../../../app/message_settings.ts";
import { listStreetsByPart, type StreetPart } from "../../../db/repositories/streets.ts";
import { TOPICS } from "../../../domain/messaging.ts";
import { cleanText, type FieldError } from "../../../domain/validation.ts";
import type { State } from "../../../lib/state.ts";
import { PageTitle } from "../../../components/layout/DocumentTitle.tsx";

interface SettingsData {
  smsSecondFactor: boolean;
  caseNotifications: string;
  phone: string | null;
  saved: boolean;
  /** A confirmation after a change on a page of its own. */
  changed: "password" | "smsOn" | "email" | "phone" | null;
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
    changed: null,
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
    const q = ctx.url.searchParams;
    const contact = q.get("kontakt");
    const changed = q.get("heslo") === "zmeneno"
      ? "password"
      : q.get("sms") === "zapnuto"
      ? "smsOn"
      : contact === "email" || contact === "phone"
      ? contact
      : null;
    return page(await load(ctx.state, { saved: q.has("ulozeno"), changed }));
  },
  async POST(ctx) {
    const form = await ctx.formData();
    const section = form.get("section");
    const actor = personActor(ctx.state);
    let result: SettingsOutcome | null = null;
    if (section === "reminders") {
      result = await setReminderChoice(defaultDeps(), actor, form.get("reminders"));
    } else if (section === "language") {
      result = await setMessageLanguage(defaultDeps(), actor, form.get("language"));
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
    if (section === "smsOff") {
      await turnOffSmsSecondFactor(defaultDeps(), ctx.state, personActor(ctx.state));
      return ctx.redirect("/ucet/nastaveni?ulozeno=1");
    }
    // Turning the factor on takes a code first (sms-overeni); anything else changes nothing.
    return ctx.redirect("/ucet/nastaveni");
  },
});

export default define.page<typeof handler>(({ data, state }) => {
  const { t } = state;
  return (
    <div class="narrow">
      <PageTitle title={t("settings.title")} state={state} />
      <h1>{t("settings.title")}</h1>
      {data.saved && <Notice type="success" t={t} title={t("settings.saved")} />}
      {data.changed && (
        <Notice type="success" t={t} title={t(`accountSettings.changed.${data.changed}`)} />
      )}
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
      <h2>{t("accountSettings.contact.sectionHeading")}</h2>
      <p>
        <a href="/ucet/nastaveni/kontakt">{t("accountSettings.contact.link")}</a>
      </p>
      <h2>{t("accountSettings.password.heading")}</h2>
      <p>
        <a href="/ucet/nastaveni/heslo">{t("accountSettings.password.title")}</a>
      </p>
      <h2>{t("settings.smsHeading")}</h2>
      {!data.phone && <p>{t("settings.noPhone")}</p>}
      {data.phone && data.smsSecondFactor && (
        <form method="post" action="/ucet/nastaveni">
          <p>{t("accountSettings.sms.isOn", { phone: data.phone })}</p>
          <CsrfField token={state.csrfToken} />
          <input type="hidden" name="section" value="smsOff" />
          <SubmitButton variant="secondary">{t("accountSettings.sms.turnOff")}</SubmitButton>
        </form>
      )}
      {data.phone && !data.smsSecondFactor && (
        <form method="post" action="/ucet/nastaveni/sms-overeni">
          <p>{t("accountSettings.sms.isOff", { phone: data.phone })}</p>
          <CsrfField token={state.csrfToken} />
          <input type="hidden" name="action" value="send" />
          <SubmitButton>{t("accountSettings.sms.turnOn")}</SubmitButton>
        </form>
      )}
      <h2>{t("settings.sessionsHeading")}</h2>
      <p>{t("settings.sessionsLead")}</p>
      <form method="post" action="/odhlaseni/vsude">
        <CsrfField token={state.csrfToken} />
        <SubmitButton variant="secondary">{t("settings.logoutEverywhere")}</SubmitButton>
      </form>
      <h2>{t("accountSettings.delete.heading")}</h2>
      <p>
        <a href="/ucet/nastaveni/zrusit-ucet">{t("accountSettings.delete.link")}</a>
      </p>
      <h2>{t("access.title")}</h2>
      <p>{t("access.linkHint")}</p>
      <p>
        <a href="/ucet/pristupy">{t("access.link")}</a>
      </p>
      <h2>{t("myApps.title")}</h2>
      <p>{t("myApps.linkHint")}</p>
      <p>
        <a href="/ucet/aplikace">{t("myApps.link")}</a>
      </p>
    </div>
  );
});
