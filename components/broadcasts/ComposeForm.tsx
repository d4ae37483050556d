/**
 * The clerk's compose form for a broadcast (/urad/zpravy/nova): the texts (placeholders in
 * braces), a field for each placeholder, channels, topics or everyone, streets by part of the
 * town, crisis, publishing, and when. Posts to itself; the server answers with the preview.
 */
import type { BroadcastFormValues } from "../../domain/broadcasts.ts";
import {
  BROADCAST_LIMITS,
  BROADCAST_MESSAGES,
  PLACEHOLDER_FIELD_PREFIX,
  placeholdersIn,
  smsLength,
} from "../../domain/broadcasts.ts";
import { TOPICS } from "../../domain/messaging.ts";
import type { FieldError } from "../../domain/validation.ts";
import type { Street } from "../../db/repositories/streets.ts";
import { groupByPart } from "../../db/repositories/streets.ts";
import type { State } from "../../lib/state.ts";
import {
  CsrfField,
  ErrorSummary,
  IdempotencyField,
  SubmitButton,
  TextArea,
  TextField,
  withErrorMessages,
} from "../form/mod.ts";
import { ChoiceGroup } from "../identity/ChoiceGroup.tsx";
import { ChoiceControl } from "../form/ChoiceControl.tsx";
import SmsCounter from "../../islands/SmsCounter.tsx";

export interface ComposeFormProps {
  state: State;
  values: BroadcastFormValues;
  errors: readonly FieldError<string>[];
  idempotencyKey: string;
  streets: readonly Street[];
  templateName: string | null;
}

export function composeLabels(state: State, values: BroadcastFormValues) {
  const { t } = state;
  const labels: Record<string, string> = {
    subject: t("broadcasts.form.subject"),
    body: t("broadcasts.form.body"),
    smsBody: t("broadcasts.form.smsBody"),
    channels: t("broadcasts.form.channels"),
    topics: t("broadcasts.form.topics"),
    streets: t("broadcasts.form.streets"),
    sendAt: t("broadcasts.form.sendAt"),
  };
  for (const name of placeholdersIn(values.subject, values.body, values.smsBody)) {
    labels[`${PLACEHOLDER_FIELD_PREFIX}${name}`] = t("broadcasts.form.placeholder", { name });
  }
  return labels;
}

export function ComposeForm(props: ComposeFormProps) {
  const { state, values, errors } = props;
  const t = withErrorMessages(state.t, BROADCAST_MESSAGES);
  const labels = composeLabels(state, values);
  const names = placeholdersIn(values.subject, values.body, values.smsBody);
  const sms = smsLength(values.smsBody);
  return (
    <>
      <ErrorSummary errors={errors} t={t} labels={labels} />
      <form method="post" action="/urad/zpravy/nova" novalidate class="broadcast-compose">
        <CsrfField token={state.csrfToken} />
        <IdempotencyField value={props.idempotencyKey} />
        <input type="hidden" name="template" value={values.templateId} />
        {props.templateName && (
          <p>{t("broadcasts.form.fromTemplate", { name: props.templateName })}</p>
        )}
        <h2>{t("broadcasts.form.textsHeading")}</h2>
        <TextField
          name="subject"
          label={labels.subject}
          value={values.subject}
          required
          maxLength={BROADCAST_LIMITS.subject}
          errors={errors}
          t={t}
        />
        <TextArea
          name="body"
          label={labels.body}
          hint={t("broadcasts.form.bodyHint")}
          value={values.body}
          required
          rows={8}
          maxLength={BROADCAST_LIMITS.body}
          errors={errors}
          t={t}
        />
        <TextArea
          name="smsBody"
          label={labels.smsBody}
          hint={
            <SmsCounter
              text={values.smsBody}
              initial={t("broadcasts.smsCount", {
                units: sms.units,
                segments: sms.segments,
                encoding: t(`broadcasts.encoding.${sms.encoding}`),
              })}
              template={t("broadcasts.smsCount")}
              encodings={{
                gsm7: t("broadcasts.encoding.gsm7"),
                ucs2: t("broadcasts.encoding.ucs2"),
              }}
              note={t("broadcasts.form.smsHint")}
            />
          }
          value={values.smsBody}
          rows={3}
          maxLength={BROADCAST_LIMITS.smsBody}
          errors={errors}
          t={t}
        />
        {names.length > 0 && (
          <fieldset class="broadcast-compose__values">
            <legend>{t("broadcasts.form.valuesLegend")}</legend>
            {names.map((name) => (
              <TextField
                name={`${PLACEHOLDER_FIELD_PREFIX}${name}`}
                label={labels[`${PLACEHOLDER_FIELD_PREFIX}${name}`]}
                value={values.values[name] ?? ""}
                required
                maxLength={BROADCAST_LIMITS.value}
                errors={errors}
                t={t}
              />
            ))}
          </fieldset>
        )}
        <h2>{t("broadcasts.form.audienceHeading")}</h2>
        <ChoiceGroup
          type="checkbox"
          name="channels"
          legend={labels.channels}
          options={[
            { value: "email", label: t("broadcasts.channel.email") },
            { value: "sms", label: t("broadcasts.channel.sms") },
          ]}
          selected={values.channels}
          errors={errors}
          required
          t={t}
        />
        <ChoiceGroup
          type="checkbox"
          name="topics"
          legend={labels.topics}
          hint={t("broadcasts.form.topicsHint")}
          options={TOPICS.map((v) => ({ value: v, label: t(`broadcasts.topic.${v}`) }))}
          selected={values.topics}
          errors={errors}
          t={t}
        />
        <div class="form-field">
          <ChoiceControl
            type="checkbox"
            id="field-everyone"
            name="everyone"
            value="ano"
            checked={values.everyone}
          >
            {t("broadcasts.form.everyone")}
          </ChoiceControl>
        </div>
        <StreetChoice
          state={state}
          streets={props.streets}
          selected={values.streetIds}
          errors={errors}
        />
        <h2>{t("broadcasts.form.optionsHeading")}</h2>
        <fieldset class="form-field choice-group">
          <legend>{t("broadcasts.form.optionsLegend")}</legend>
          <ChoiceControl
            type="checkbox"
            id="field-crisis"
            name="crisis"
            value="ano"
            checked={values.crisis}
          >
            {t("broadcasts.form.crisis")}
          </ChoiceControl>
          <ChoiceControl
            type="checkbox"
            id="field-publishNews"
            name="publishNews"
            value="ano"
            checked={values.publishNews}
          >
            {t("broadcasts.form.publishNews")}
          </ChoiceControl>
          <ChoiceControl
            type="checkbox"
            id="field-publishNotice"
            name="publishNotice"
            value="ano"
            checked={values.publishNotice}
          >
            {t("broadcasts.form.publishNotice")}
          </ChoiceControl>
        </fieldset>
        <ChoiceGroup
          type="radio"
          name="when"
          legend={t("broadcasts.form.when")}
          options={[
            { value: "now", label: t("broadcasts.form.now") },
            { value: "later", label: t("broadcasts.form.later") },
          ]}
          selected={[values.when]}
          errors={errors}
          t={t}
        />
        <TextField
          name="sendAt"
          type="datetime-local"
          label={labels.sendAt}
          hint={t("broadcasts.form.sendAtHint")}
          value={values.sendAt}
          errors={errors}
          t={t}
        />
        <SubmitButton>{t("broadcasts.form.preview")}</SubmitButton>
      </form>
    </>
  );
}

function StreetChoice(
  props: {
    state: State;
    streets: readonly Street[];
    selected: readonly string[];
    errors: readonly FieldError<string>[];
  },
) {
  const { t } = props.state;
  if (!props.streets.length) return null;
  const error = props.errors.find((e) => e.field === "streets");
  return (
    <fieldset
      class="form-field choice-group broadcast-compose__streets"
      id="field-streets"
      tabIndex={-1}
      aria-describedby="streets-hint"
      data-invalid={error ? "true" : undefined}
    >
      <legend>{t("broadcasts.form.streets")}</legend>
      <p class="form-field__hint" id="streets-hint">{t("broadcasts.form.streetsHint")}</p>
      {error && <p class="form-field__error">{t(`broadcasts.errors.${error.code}`)}</p>}
      {groupByPart(props.streets).map((p) => (
        <fieldset class="choice-group">
          <legend>{p.part}</legend>
          {p.streets.map((s) => (
            <ChoiceControl
              type="checkbox"
              id={`street-${s.id}`}
              name="streets"
              value={s.id}
              checked={props.selected.includes(s.id)}
            >
              {s.name}
            </ChoiceControl>
          ))}
        </fieldset>
      ))}
    </fieldset>
  );
}
