/**
 * The list of everything wrong with a submitted form, at the top of the page: announced
 * (role="alert"), focused on load (autofocus, tabindex=-1), each entry a link to its field.
 * Messages are generic ("Vyplňte prosím toto pole."), so each is prefixed with the field label.
 */
import type { FieldError } from "../../domain/validation.ts";
import type { Translate } from "../../lib/state.ts";
import { GovCss } from "../gov/GovCss.tsx";
import { Icon } from "../gov/Icon.tsx";
import { errorMessage, fieldId } from "./field.tsx";

export interface ErrorSummaryProps {
  errors: readonly FieldError<string>[];
  t: Translate;
  /** Field name → its label, as shown on the form. */
  labels: Readonly<Record<string, string>>;
  /** Field name → id, for fields rendered with a custom `id`. */
  ids?: Readonly<Record<string, string>>;
}

export function ErrorSummary({ errors, t, labels, ids }: ErrorSummaryProps) {
  if (errors.length === 0) return null;
  const seen = new Set<string>();
  const firstPerField = errors.filter((e) => !seen.has(e.field) && seen.add(e.field));
  return (
    <div
      class="gov-message notice error-summary"
      data-color="error"
      data-type="subtle"
      role="alert"
      tabindex={-1}
      autofocus
      aria-labelledby="error-summary-title"
      id="error-summary"
    >
      <GovCss names={["gov-message"]} />
      <Icon name="exclamation-triangle-fill" slot="icon" />
      <div class="notice__body">
        <h2 class="notice__title" id="error-summary-title">{t("errors.summaryTitle")}</h2>
        <ul>
          {firstPerField.map((e) => (
            <li key={e.field}>
              <a href={`#${ids?.[e.field] ?? fieldId(e.field)}`}>
                {labels[e.field] ? `${labels[e.field]}: ` : ""}
                {errorMessage(t, e)}
              </a>
            </li>
          ))}
        </ul>
      </div>
    </div>
  );
}
