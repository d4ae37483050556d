/**
 * The message settings of /ucet/nastaveni (issue 13): the language of the town's messages, payment
 * reminders, town news per topic with streets, and quiet hours for non-urgent SMS. Each is a form
 * of its own posting its `section`.
 */
import type { MessageSettings } from "../../app/message_settings.ts";
import type { StreetPart } from "../../db/repositories/streets.ts";
import { CHANNEL_CHOICES, TOPICS } from "../../domain/messaging.ts";
import { formatClock } from "../../domain/subscriptions.ts";
import type { FieldError } from "../../domain/validation.ts";
import type { State } from "../../lib/state.ts";
import {
  CsrfField,
  ErrorSummary,
  SubmitButton,
  TextField,
  withErrorMessages,
} from "../form/mod.ts";
import { ChoiceGroup } from "../identity/ChoiceGroup.tsx";
import { StreetFields } from "../subscriptions/FollowFields.tsx";

export const SETTINGS_ERROR_MESSAGES = {
  invalidTime: "settings.errors.invalidTime",
  sameTime: "settings.errors.sameTime",
  noVerifiedPhone: "settings.errors.noVerifiedPhone",
} as const;

export interface MessageSettingsProps {
  state: State;
  settings: MessageSettings;
  parts: StreetPart[];
  errors: FieldError<string>[];
  /** The section the errors belong to. */
  section: string | null;
  quiet: { from: string; to: string } | null;
}

export function MessageSettingsForms(props: MessageSettingsProps) {
  const { state, settings: s } = props;
  const t = withErrorMessages(state.t, SETTINGS_ERROR_MESSAGES);
  const errorsOf = (section: string) => props.section === section ? props.errors : [];
  const choices = (withNone: boolean) =>
    CHANNEL_CHOICES.filter((c) =>
      (withNone || c !== "none") && (s.phone || c === "email" || c === "none")
    )
      .map((c) => ({ value: c, label: t(`settings.choice.${c}`) }));
  const quiet = props.quiet ?? {
    from: s.quietFrom === null ? "" : formatClock(s.quietFrom),
    to: s.quietTo === null ? "" : formatClock(s.quietTo),
  };
  return (
    <>
      <form method="post" action="/ucet/nastaveni">
        <CsrfField token={state.csrfToken} />
        <input type="hidden" name="section" value="language" />
        <ChoiceGroup
          type="radio"
          name="language"
          legend={t("settings.languageLegend")}
          hint={t("settings.languageHint")}
          options={[
            { value: "cs", label: t("settings.language.cs") },
            { value: "en", label: t("settings.language.en") },
          ]}
          selected={[s.language]}
          errors={errorsOf("language")}
          t={t}
        />
        <SubmitButton>{t("settings.saveLanguage")}</SubmitButton>
      </form>

      <h2>{t("settings.remindersHeading")}</h2>
      <p>{t("settings.remindersLead")}</p>
      <ErrorSummary
        errors={errorsOf("reminders")}
        t={t}
        labels={{ reminders: t("settings.remindersLegend") }}
      />
      <form method="post" action="/ucet/nastaveni">
        <CsrfField token={state.csrfToken} />
        <input type="hidden" name="section" value="reminders" />
        <ChoiceGroup
          type="radio"
          name="reminders"
          legend={t("settings.remindersLegend")}
          hint={s.phone ? undefined : t("settings.notificationsNoPhone")}
          options={choices(true)}
          selected={[s.reminders]}
          errors={errorsOf("reminders")}
          t={t}
        />
        <SubmitButton>{t("settings.saveReminders")}</SubmitButton>
      </form>

      <h2>{t("settings.newsHeading")}</h2>
      <p>
        {t("settings.newsLead")} <a href="/odber">{t("settings.newsAnonymous")}</a>
      </p>
      <ErrorSummary
        errors={errorsOf("news")}
        t={t}
        labels={Object.fromEntries(
          TOPICS.map((x) => [`news-${x}`, t(`subscriptions.topics.${x}`)]),
        )}
      />
      <form method="post" action="/ucet/nastaveni">
        <CsrfField token={state.csrfToken} />
        <input type="hidden" name="section" value="news" />
        {TOPICS.map((topic) => (
          <ChoiceGroup
            type="radio"
            name={`news-${topic}`}
            legend={t(`subscriptions.topics.${topic}`)}
            options={choices(true)}
            selected={[s.news[topic]]}
            errors={errorsOf("news")}
            t={t}
          />
        ))}
        <StreetFields
          t={t}
          parts={props.parts}
          topics={[]}
          streetIds={s.streetIds}
          idPrefix="news-"
        />
        <SubmitButton>{t("settings.saveNews")}</SubmitButton>
      </form>

      <h2>{t("settings.quietHeading")}</h2>
      <p>{t("settings.quietLead")}</p>
      <ErrorSummary
        errors={errorsOf("quiet")}
        t={t}
        labels={{ quietFrom: t("settings.quietFrom"), quietTo: t("settings.quietTo") }}
      />
      <form method="post" action="/ucet/nastaveni" novalidate>
        <CsrfField token={state.csrfToken} />
        <input type="hidden" name="section" value="quiet" />
        <TextField
          name="quietFrom"
          label={t("settings.quietFrom")}
          hint={t("settings.quietHint")}
          value={quiet.from}
          inputMode="numeric"
          maxLength={5}
          width="s"
          errors={errorsOf("quiet")}
          t={t}
        />
        <TextField
          name="quietTo"
          label={t("settings.quietTo")}
          value={quiet.to}
          inputMode="numeric"
          maxLength={5}
          width="s"
          errors={errorsOf("quiet")}
          t={t}
        />
        <SubmitButton>{t("settings.saveQuiet")}</SubmitButton>
      </form>
    </>
  );
}
