/**
 * A form defined once, as data. The definition drives the server-rendered form
 * (components/forms/FormView.tsx), the island that enhances it (islands/FormEnhancer.tsx),
 * server-side validation (`validateSubmission`), the filed document and the JSON Schema at
 * `/api/v1/forms/<slug>`. Definitions are plain JSON values (no functions, no RegExp), so they
 * cross to the browser as island props unchanged.
 *
 * Texts are message keys (`locales/<locale>.json`), never finished sentences.
 */

/**
 * When a field is shown (and validated, and required): another field's value. `field` names a
 * sibling in the same repeatable-group item first, else a top-level field. With neither
 * `oneOf` nor `notOneOf`, the condition is "has a value" (a checked checkbox, non-empty text).
 */
export interface Condition {
  field: string;
  oneOf?: readonly string[];
  notOneOf?: readonly string[];
}

/** A date limit: an ISO date, today (Europe/Prague, from the context), or another date field. */
export type DateBound = string | "today" | { field: string };

/** Named text formats, each with its Czech validator in `domain/forms/validators.ts`. */
export type TextFormat =
  | "birthNumber" // rodné číslo, checksum and date rules
  | "ico" // IČO, mod-11 checksum
  | "postalCode" // PSČ: 5 digits, optional space after the third
  | "phone" // Czech or Slovak mobile number
  | "email"
  | "microchip" // ISO 11784 animal chip: 15 digits
  | "bankAccount" // a Czech account (`19-2000145399/0800`, mod-11 checked) or an IBAN
  | "personName";

interface FieldBase {
  /** Key in the values and on the wire; `[a-zA-Z][a-zA-Z0-9]*`. */
  name: string;
  /** Message key of the label (or the legend of a group). */
  label: string;
  /** Message key of a hint under the label. */
  hint?: string;
  /** `"anonymous"`: required only when the person is not signed in. */
  required?: boolean | "anonymous";
  /** Shown, validated and required only when this holds. */
  when?: Condition;
  /** The browser's autocomplete token ("email", "postal-code", "street-address"…). */
  autocomplete?: string;
}

export interface TextField extends FieldBase {
  type: "text";
  format?: TextFormat;
  /** Characters; defaults to 200. */
  maxLength?: number;
  minLength?: number;
}

export interface TextAreaField extends FieldBase {
  type: "textarea";
  /** Characters; defaults to 4000. */
  maxLength?: number;
  minLength?: number;
  rows?: number;
}

export interface NumberField extends FieldBase {
  type: "number";
  min?: number;
  max?: number;
  /** Whole numbers only. */
  integer?: boolean;
  /** Decimal places allowed when not `integer` (default 6, enough for coordinates). */
  decimals?: number;
}

export interface DateField extends FieldBase {
  type: "date";
  /** Not before this date (e.g. `{ field: "birthDate" }`). */
  min?: DateBound;
  /** Not after this date (`"today"`: not in the future). */
  max?: DateBound;
}

export interface ChoiceOption {
  value: string;
  /** Message key. */
  label: string;
}

export interface ChoiceField extends FieldBase {
  type: "choice";
  display: "radio" | "select";
  options: readonly ChoiceOption[];
}

export interface CheckboxField extends FieldBase {
  type: "checkbox";
}

/** Street, house number, town and PSČ as one group (`<name>.street`, …). */
export interface AddressField extends FieldBase {
  type: "address";
}

export interface AttachmentField extends FieldBase {
  type: "attachment";
  maxFiles: number;
  /** Per file. */
  maxBytes: number;
  /** Allowed media types, checked by content (`sniffMediaType`), never by name or header. */
  mediaTypes: readonly AttachmentMediaType[];
}

/** A repeatable group: each item a set of fields, `<name>[<i>].<field>` on the wire. */
export interface GroupField extends FieldBase {
  type: "group";
  /** Message key of one item's legend, with `{n}` (1-based). */
  itemLabel: string;
  /** Message key of the "add another" button. */
  addLabel: string;
  min: number;
  max: number;
  fields: readonly ItemField[];
}

/** Fields allowed inside a group item (no nested groups). */
export type ItemField =
  | TextField
  | TextAreaField
  | NumberField
  | DateField
  | ChoiceField
  | CheckboxField
  | AddressField
  | AttachmentField;

export type FieldDef = ItemField | GroupField;
export type FieldType = FieldDef["type"];

export interface FormStep {
  /** Stable id, used in the page's anchors (`step-<id>`). */
  id: string;
  /** Message key of the step's heading. */
  title: string;
  /** Message key of a paragraph under the heading. */
  intro?: string;
  fields: readonly FieldDef[];
}

export interface FormDefinition {
  /** The life situation's slug: `/zivotni-situace/<slug>`, `/api/v1/forms/<slug>`. */
  slug: string;
  /** Message keys. */
  title: string;
  intro?: string;
  steps: readonly FormStep[];
}

/** Media types `sniffMediaType` (domain/files.ts) recognises by content. */
export type AttachmentMediaType =
  | "application/pdf"
  | "image/png"
  | "image/jpeg"
  | "image/gif"
  | "image/webp"
  | "image/heic"
  | "text/plain";

/** A stored attachment, as the filed document and drafts reference it. */
export interface AttachmentRef {
  id: string;
  name: string;
  size: number;
  mediaType: string;
  /** Hex SHA-256 of the bytes. */
  sha256: string;
}

// --- values ----------------------------------------------------------------------------------

/**
 * What the person typed, as typed: the re-rendered form shows it, a draft stores it (JSON).
 * Text, number, date and choice fields are strings; a checkbox is a boolean; an address is an
 * object of four strings; a group is an array of items; an attachment field is the ids of
 * attachments already stored for this form (new uploads travel separately as `File`s).
 */
export type RawValue = string | boolean | string[] | RawValues | RawValues[];
export interface RawValues {
  [name: string]: RawValue;
}

export interface Address {
  street: string;
  houseNumber: string;
  town: string;
  postalCode: string;
}

/**
 * Validated values, as filed: text trimmed (formats normalised: PSČ "110 00", phone E.164,
 * rodné číslo without the slash), numbers as numbers, dates as ISO strings, a checkbox as a
 * boolean, attachments as refs. A field hidden by its condition, or empty and optional, is
 * absent.
 */
export type FormValue =
  | string
  | number
  | boolean
  | Address
  | AttachmentRef[]
  | FormValues[];
export interface FormValues {
  [name: string]: FormValue;
}

/** What validation needs from outside the form. */
export interface FormContext {
  /** ISO date of today in Europe/Prague (the island passes the browser's date). */
  today: string;
  signedIn: boolean;
  /**
   * Attachments already stored for this form and person, by id. An id in the values that is
   * not here is refused: a submission cannot reference someone else's file.
   */
  attachments?: Readonly<Record<string, AttachmentRef>>;
}
