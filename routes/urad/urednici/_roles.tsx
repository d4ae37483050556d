/**
 * The clerk forms' role checkboxes (not a route: the router skips `_` files that are not
 * `_app`, `_layout`, `_middleware`, `_error` or `_404`). A fieldset whose legend names the
 * group; each role says in words what it allows.
 */
import { ChoiceControl } from "../../../components/form/ChoiceControl.tsx";
import { CLERK_ROLES, roleKey } from "../../../domain/clerks.ts";
import type { FieldError } from "../../../domain/validation.ts";
import type { Translate } from "../../../lib/state.ts";
import { errorFor, errorMessage, fieldId } from "../../../components/form/mod.ts";

export function RoleCheckboxes(
  { checked, errors, t }: {
    checked: readonly string[];
    errors: readonly FieldError<string>[];
    t: Translate;
  },
) {
  const id = fieldId("roles");
  const error = errorFor(errors, "roles");
  return (
    <fieldset
      class="form-field"
      id={id}
      tabindex={-1}
      aria-describedby={error ? `${id}-error` : undefined}
      data-invalid={error ? "true" : undefined}
    >
      <legend class="gov-form-label__label">
        {t("officeClerks.field.roles")}{" "}
        <span class="form-field__required">{t("layout.form.required")}</span>
      </legend>
      {error && (
        <p class="gov-form-message form-field__error" data-color="error" id={`${id}-error`}>
          <span class="u-sr-only">{t("layout.form.errorPrefix")}</span>
          {errorMessage(t, error)}
        </p>
      )}
      {CLERK_ROLES.map((role) => (
        <ChoiceControl
          type="checkbox"
          id={`${id}-${roleKey(role)}`}
          name="roles"
          value={role}
          checked={checked.includes(role)}
          invalid={Boolean(error)}
        >
          <strong>{t(`officeClerks.role.${roleKey(role)}`)}</strong>
          {" – "}
          {t(`officeClerks.roleHint.${roleKey(role)}`)}
        </ChoiceControl>
      ))}
    </fieldset>
  );
}

/** "Úřední deska, Ověřování totožnosti": a clerk's roles in words. */
export function roleNames(roles: readonly string[], t: Translate): string {
  return CLERK_ROLES.filter((r) => roles.includes(r)).map((r) =>
    t(`officeClerks.role.${roleKey(r)}`)
  )
    .join(", ");
}
