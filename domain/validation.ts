/**
 * Validation results shared by the island, the server handler and the activity.
 * A field error carries a message key (translated at the edge, `validation.<code>`)
 * and parameters, never a finished sentence, so the domain stays language-free.
 */
export type ValidationCode =
  | "required"
  | "tooLong"
  | "tooShort"
  | "invalidDate"
  | "invalidDateTime"
  | "dateBeforeStart"
  | "dateInPast"
  | "htmlNotAllowed"
  | "invalidEmail"
  | "invalidUrl"
  | "fileTooLarge"
  | "tooManyFiles"
  | "fileTypeNotAllowed"
  | "invalidChoice"
  | "invalidName"
  | "invalidPhone"
  | "passwordTooShort"
  | "passwordTooWeak"
  | "passwordMismatch"
  | "invalidCode"
  | "codeExpired"
  | "alreadyRegistered"
  // the forms engine (domain/forms/)
  | "invalidBirthNumber"
  | "invalidIco"
  | "invalidPostalCode"
  | "invalidMicrochip"
  | "invalidBankAccount"
  | "invalidNumber"
  | "notWholeNumber"
  | "numberTooSmall"
  | "numberTooLarge"
  | "dateInFuture"
  | "dateTooEarly"
  | "dateTooLate"
  | "tooFewItems"
  | "tooManyItems"
  | "fileTypeNotAccepted"
  | "fileEmpty"
  | "fileUnknown";

/**
 * One field's problem: which field, the code of its message, and the message's parameters.
 * Every form uses this one type. A form with codes of its own widens `Code`
 * (`FieldError<ValidationCode | OfficeErrorCode>`); the form components take any code and
 * translate `validation.<code>`, and `withErrorMessages` (components/form/messages.ts) sends a
 * form's own codes to its own message keys.
 */
export interface FieldError<Code extends string = ValidationCode> {
  field: string;
  code: Code;
  params?: Record<string, string | number>;
}

/** A form's validation outcome: the value, or every field error found. */
export type Validated<T, Code extends string = ValidationCode> =
  | { ok: true; value: T }
  | { ok: false; errors: FieldError<Code>[] };

/** Markup in plain-text fields is refused rather than silently stripped. */
export function containsHtml(text: string): boolean {
  return /<\s*\/?\s*[a-z!?][^>]*>/i.test(text) || /&#?\w+;/.test(text);
}

/** Trim and normalise Unicode (NFC) so "č" typed two ways compares equal. */
export function cleanText(value: FormDataEntryValue | null | undefined): string {
  return typeof value === "string" ? value.normalize("NFC").trim() : "";
}

/** A required single-line or multi-line text field. */
export function checkText<Code extends string>(
  errors: FieldError<Code | ValidationCode>[],
  field: string,
  value: string,
  opts: { required?: boolean; max: number; min?: number },
): void {
  if (value === "") {
    if (opts.required) errors.push({ field, code: "required" });
    return;
  }
  if (value.length > opts.max) errors.push({ field, code: "tooLong", params: { max: opts.max } });
  else if (opts.min !== undefined && value.length < opts.min) {
    errors.push({ field, code: "tooShort", params: { min: opts.min } });
  } else if (containsHtml(value)) errors.push({ field, code: "htmlNotAllowed" });
}

const EMAIL = /^[^\s@<>()[\]\\,;:"]+@[^\s@<>()[\]\\,;:"]+\.[^\s@<>()[\]\\,;:"]{2,}$/;

export function isEmail(value: string): boolean {
  return value.length <= 254 && EMAIL.test(value);
}
