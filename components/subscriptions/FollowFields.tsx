/**
 * What a subscriber follows, as form fields: the topics (checkboxes, at least one) and the
 * streets grouped by part of the town, each part with a box for the whole part (none chosen =
 * the whole town). Used by /odber, its manage page and the person's settings.
 */
import type { FieldError } from "../../domain/validation.ts";
import { TOPICS } from "../../domain/messaging.ts";
import type { StreetPart } from "../../db/repositories/streets.ts";
import type { Translate } from "../../lib/state.ts";
import { ChoiceGroup } from "../identity/ChoiceGroup.tsx";
import { ChoiceControl } from "../form/ChoiceControl.tsx";

export interface FollowFieldsProps {
  t: Translate;
  parts: readonly StreetPart[];
  topics: readonly string[];
  streetIds: readonly string[];
  errors?: readonly FieldError<string>[];
  /** A prefix for ids when the page has more than one such form. */
  idPrefix?: string;
  /** The topics' field name (default `topic`). */
  topicField?: string;
}

export function TopicFields(props: FollowFieldsProps) {
  const { t } = props;
  return (
    <ChoiceGroup
      type="checkbox"
      name={props.topicField ?? "topic"}
      legend={t("subscriptions.topicsLegend")}
      hint={t("subscriptions.topicsHint")}
      options={TOPICS.map((topic) => ({ value: topic, label: t(`subscriptions.topics.${topic}`) }))}
      selected={props.topics}
      errors={props.errors}
      required
      t={t}
    />
  );
}

export function StreetFields(props: FollowFieldsProps) {
  const { t } = props;
  const prefix = props.idPrefix ?? "";
  if (!props.parts.length) return null;
  return (
    <fieldset
      class="form-field gov-form-control choice-group"
      aria-describedby={`${prefix}streets-hint`}
    >
      <legend class="gov-form-label" data-size="m">
        <span class="gov-form-label__label">{t("subscriptions.streetsLegend")}</span>
      </legend>
      <p class="form-field__hint" id={`${prefix}streets-hint`}>{t("subscriptions.streetsHint")}</p>
      {props.parts.map((p, i) => {
        const whole = p.streets.length > 0 &&
          p.streets.every((s) => props.streetIds.includes(s.id));
        return (
          <fieldset class="choice-group">
            <legend class="gov-form-label" data-size="s">
              <span class="gov-form-label__label">{p.part}</span>
            </legend>
            <ChoiceControl
              type="checkbox"
              id={`${prefix}part-${i}`}
              name="part"
              value={p.part}
              checked={whole}
            >
              {t("subscriptions.wholePart", { part: p.part })}
            </ChoiceControl>
            {p.streets.map((s) => (
              <ChoiceControl
                type="checkbox"
                id={`${prefix}street-${s.id}`}
                name="street"
                value={s.id}
                checked={!whole && props.streetIds.includes(s.id)}
              >
                {s.name}
              </ChoiceControl>
            ))}
          </fieldset>
        );
      })}
    </fieldset>
  );
}

/** The names of the followed streets, parts whole where all their streets are followed. */
export function followedPlaces(
  t: Translate,
  parts: readonly StreetPart[],
  streetIds: readonly string[],
): string[] {
  if (!streetIds.length) return [t("subscriptions.wholeTown")];
  const out: string[] = [];
  for (const p of parts) {
    const mine = p.streets.filter((s) => streetIds.includes(s.id));
    if (!mine.length) continue;
    if (mine.length === p.streets.length) out.push(t("subscriptions.wholePart", { part: p.part }));
    else out.push(...mine.map((s) => s.name));
  }
  return out;
}
