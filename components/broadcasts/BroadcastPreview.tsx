/**
 * The confirmation page before a broadcast goes out: how many recipients it reaches per
 * channel, to whom and when, and the texts as they will be sent (the e-mail with its unsubscribe
 * foot, the SMS with its link and its length in parts). "Ano, odeslat" posts the same input with
 * the confirmation field; "Upravit" returns to the form filled in.
 */
import type { BroadcastDraft, BroadcastFormValues } from "../../domain/broadcasts.ts";
import {
  emailWithUnsubscribe,
  PLACEHOLDER_FIELD_PREFIX,
  sampleUnsubscribeUrl,
  smsLength,
  smsWithUnsubscribe,
} from "../../domain/broadcasts.ts";
import type { Street } from "../../db/repositories/streets.ts";
import type { AudienceCounts } from "../../db/repositories/subscribers.ts";
import type { State } from "../../lib/state.ts";
import { formatPragueDateTime } from "../../domain/time.ts";
import { ConfirmAction } from "../layout/ConfirmAction.tsx";
import { CsrfField, SubmitButton } from "../form/mod.ts";

/** The form's input as hidden fields (the confirmed POST and "Upravit" carry it). */
export function hiddenValues(v: BroadcastFormValues, idem: string) {
  const hidden: Record<string, string | string[]> = {
    _idem: idem,
    template: v.templateId,
    subject: v.subject,
    body: v.body,
    smsBody: v.smsBody,
    channels: v.channels,
    topics: v.topics,
    streets: v.streetIds,
    when: v.when,
    sendAt: v.sendAt,
  };
  for (const [name, value] of Object.entries(v.values)) {
    hidden[`${PLACEHOLDER_FIELD_PREFIX}${name}`] = value;
  }
  for (const flag of ["everyone", "crisis", "publishNews", "publishNotice"] as const) {
    if (v[flag]) hidden[flag] = "ano";
  }
  return hidden;
}

export function BroadcastPreview(
  props: {
    state: State;
    values: BroadcastFormValues;
    draft: BroadcastDraft;
    counts: AudienceCounts;
    idempotencyKey: string;
    streets: readonly Street[];
    origin: string;
  },
) {
  const { state, draft, counts } = props;
  const { t, locale } = state;
  const hidden = hiddenValues(props.values, props.idempotencyKey);
  const sample = sampleUnsubscribeUrl(props.origin);
  const sms = draft.smsBody ? smsWithUnsubscribe(draft.smsBody, sample) : null;
  const smsLen = sms ? smsLength(sms) : null;
  const streetNames = props.streets.filter((s) => draft.streetIds.includes(s.id))
    .map((s) => s.name);
  const fmt = new Intl.NumberFormat(locale);
  return (
    <ConfirmAction
      state={state}
      action="/urad/zpravy/nova"
      title={t("broadcasts.confirm.title")}
      consequence={t("broadcasts.confirm.consequence")}
      summary={[
        ...draft.channels.map((c) => ({
          label: t("broadcasts.confirm.recipients", { channel: t(`broadcasts.channel.${c}`) }),
          value: <strong data-testid={`count-${c}`}>{fmt.format(counts[c])}</strong>,
        })),
        {
          label: t("broadcasts.form.topics"),
          value: draft.everyone
            ? t("broadcasts.form.everyone")
            : draft.topics.map((x) => t(`broadcasts.topic.${x}`)).join(", "),
        },
        {
          label: t("broadcasts.form.streets"),
          value: streetNames.length ? streetNames.join(", ") : t("broadcasts.wholeTown"),
        },
        {
          label: t("broadcasts.form.when"),
          value: draft.sendAt
            ? formatPragueDateTime(draft.sendAt).slice(0, 16).replace("T", " ")
            : t("broadcasts.form.now"),
        },
        ...(draft.crisis
          ? [{ label: t("broadcasts.form.crisis"), value: t("broadcasts.yes") }]
          : []),
        {
          label: t("broadcasts.confirm.publish"),
          value: [
            draft.publishNews ? t("broadcasts.confirm.news") : null,
            draft.publishNotice ? t("broadcasts.confirm.notice") : null,
          ].filter(Boolean).join(", ") || t("broadcasts.no"),
        },
      ]}
      hidden={hidden}
      confirmLabel={t("broadcasts.confirm.submit")}
      backHref="/urad/zpravy"
    >
      <h2>{t("broadcasts.confirm.textsHeading")}</h2>
      {draft.channels.includes("email") && (
        <section aria-labelledby="preview-email">
          <h3 id="preview-email">{t("broadcasts.channel.email")}: {draft.subject}</h3>
          <pre class="broadcast-text">{emailWithUnsubscribe(draft.body, sample)}</pre>
        </section>
      )}
      {sms && smsLen && (
        <section aria-labelledby="preview-sms">
          <h3 id="preview-sms">{t("broadcasts.channel.sms")}</h3>
          <pre class="broadcast-text">{sms}</pre>
          <p>
            {t("broadcasts.smsCount", {
              units: smsLen.units,
              segments: smsLen.segments,
              encoding: t(`broadcasts.encoding.${smsLen.encoding}`),
            })}
          </p>
        </section>
      )}
      <form method="post" action="/urad/zpravy/nova">
        <CsrfField token={state.csrfToken} />
        {Object.entries(hidden).flatMap(([name, value]) =>
          (typeof value === "string" ? [value] : value).map((v) => (
            <input type="hidden" name={name} value={v} />
          ))
        )}
        <input type="hidden" name="_edit" value="ano" />
        <SubmitButton variant="secondary">{t("broadcasts.confirm.edit")}</SubmitButton>
      </form>
    </ConfirmAction>
  );
}
