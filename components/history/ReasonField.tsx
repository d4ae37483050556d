/**
 * The reason an administrator gives for a change of a clerk account (kept in the account's
 * history): one labelled text area per form, named after its action (`rolesReason`,
 * `deactivateReason`, `reactivateReason`), so the page's ids stay unique.
 */
import type { Translate } from "../../lib/state.ts";
import type { FieldError } from "../../domain/validation.ts";
import { TextArea } from "../form/mod.ts";
import { AUDIT_REASON_MAX } from "../../domain/history.ts";

export function ReasonField(
  { name, value, errors, required, t }: {
    name: "rolesReason" | "deactivateReason" | "reactivateReason";
    value: Record<string, string>;
    errors: readonly FieldError<string>[];
    required?: boolean;
    t: Translate;
  },
) {
  return (
    <TextArea
      name={name}
      label={t(`history.form.${name}`)}
      hint={t("history.form.reasonHint")}
      value={value[name] ?? ""}
      required={required}
      rows={2}
      maxLength={AUDIT_REASON_MAX}
      errors={errors}
      t={t}
    />
  );
}
