/**
 * The forms engine: from a definition and a POST to raw values (as typed), from raw values to
 * validated values or field errors keyed by field path (`dogs[1].birthDate`,
 * `address.postalCode`). Pure: the same code runs on the server, in the island and in the worker.
 */
import { checkText, type FieldError, type Validated, type ValidationCode } from "../validation.ts";
import { sha256Hex, sniffMediaType } from "../files.ts";
import { checkDateRange, checkFormat, checkNumber, parseDate, parseNumber } from "./validators.ts";
import type {
  Address,
  AttachmentField,
  AttachmentRef,
  Condition,
  DateBound,
  FieldDef,
  FormContext,
  FormDefinition,
  FormValue,
  FormValues,
  GroupField,
  ItemField,
  RawValue,
  RawValues,
} from "./types.ts";

export type FormFieldError = FieldError<ValidationCode>;

/** Limits against abuse: a POST beyond them is refused whole (413), never half-read. */
export const FORM_LIMITS = {
  /** Entries in one POST (fields, files and hidden fields together). */
  maxEntries: 1000,
  /** Characters of all text entries together. */
  maxTextChars: 512 * 1024,
  /** Characters kept of one text entry (validation reports anything over the field's max). */
  maxEntryChars: 20_000,
  /** Items of one repeatable group, whatever its definition says. */
  maxGroupItems: 50,
} as const;

export const ADDRESS_PARTS = ["street", "houseNumber", "town", "postalCode"] as const;
const ADDRESS_MAX: Record<keyof Address, number> = {
  street: 150,
  houseNumber: 20,
  town: 100,
  postalCode: 6,
};

// --- actions (JavaScript off: add/remove buttons and step navigation are submit buttons) --------

/** `_action` values: `add:<group>`, `remove:<group>:<index>`; `_step`: the step to show. */
export type FormAction =
  | { kind: "add"; group: string }
  | { kind: "remove"; group: string; index: number }
  | { kind: "submit" };

export function parseAction(value: FormDataEntryValue | null): FormAction {
  if (typeof value !== "string") return { kind: "submit" };
  let m = /^add:([a-zA-Z][a-zA-Z0-9]{0,63})$/.exec(value);
  if (m) return { kind: "add", group: m[1] };
  m = /^remove:([a-zA-Z][a-zA-Z0-9]{0,63}):(\d{1,3})$/.exec(value);
  if (m) return { kind: "remove", group: m[1], index: Number(m[2]) };
  return { kind: "submit" };
}

export type ParsedSubmission =
  | {
    ok: true;
    values: RawValues;
    /** New uploads by attachment field path (empty file inputs left out). */
    files: Record<string, File[]>;
    action: FormAction;
    /** `_step`: the step index the person asked for, or null. */
    step: number | null;
  }
  | { ok: false; code: "tooManyFields" | "tooLarge" };

function allFields(def: FormDefinition): FieldDef[] {
  return def.steps.flatMap((s) => [...s.fields]);
}

function findTopField(def: FormDefinition, name: string): FieldDef | undefined {
  for (const step of def.steps) {
    const field = step.fields.find((f) => f.name === name);
    if (field) return field;
  }
  return undefined;
}

/**
 * The raw values of a POST, read by walking the definition (unknown fields are ignored, so no
 * key of the request becomes a key of an object); uploaded files by field path.
 */
export function parseSubmission(def: FormDefinition, form: FormData): ParsedSubmission {
  let entries = 0;
  let chars = 0;
  const groupCounts = new Map<string, number>();
  for (const [key, value] of form) {
    if (++entries > FORM_LIMITS.maxEntries) return { ok: false, code: "tooManyFields" };
    if (typeof value === "string") {
      chars += value.length + key.length;
      if (chars > FORM_LIMITS.maxTextChars) return { ok: false, code: "tooLarge" };
    }
    const m = /^([a-zA-Z][a-zA-Z0-9]*)\[(\d{1,4})\]\./.exec(key);
    if (m) groupCounts.set(m[1], Math.max(groupCounts.get(m[1]) ?? 0, Number(m[2]) + 1));
  }
  const files: Record<string, File[]> = {};
  const values: RawValues = {};
  for (const field of allFields(def)) {
    if (field.type === "group") {
      const cap = Math.min(field.max, FORM_LIMITS.maxGroupItems);
      const count = Math.max(field.min, Math.min(groupCounts.get(field.name) ?? 0, cap));
      values[field.name] = Array.from(
        { length: count },
        (_, i) => readItem(field.fields, `${field.name}[${i}].`, form, files),
      );
    } else values[field.name] = readField(field, field.name, form, files);
  }
  const step = form.get("_step");
  return {
    ok: true,
    values,
    files,
    action: parseAction(form.get("_action")),
    step: typeof step === "string" && /^\d{1,2}$/.test(step) ? Number(step) : null,
  };
}

function readItem(
  fields: readonly ItemField[],
  prefix: string,
  form: FormData,
  files: Record<string, File[]>,
): RawValues {
  const item: RawValues = {};
  for (const field of fields) item[field.name] = readField(field, prefix + field.name, form, files);
  return item;
}

function text(value: FormDataEntryValue | null): string {
  return typeof value === "string" ? value.slice(0, FORM_LIMITS.maxEntryChars) : "";
}

function readField(
  field: ItemField,
  path: string,
  form: FormData,
  files: Record<string, File[]>,
): RawValue {
  switch (field.type) {
    case "checkbox":
      return form.get(path) !== null;
    case "address":
      return Object.fromEntries(ADDRESS_PARTS.map((p) => [p, text(form.get(`${path}.${p}`))]));
    case "attachment": {
      const ids: string[] = [];
      const uploads: File[] = [];
      for (const entry of form.getAll(path)) {
        if (typeof entry === "string") {
          if (/^[A-Za-z0-9_-]{1,64}$/.test(entry) && !ids.includes(entry)) ids.push(entry);
        } else if (entry.size > 0 || entry.name !== "") uploads.push(entry);
      }
      if (uploads.length) files[path] = uploads;
      return ids;
    }
    default:
      return text(form.get(path));
  }
}

/** Empty values for a fresh form: groups at their minimum, `defaults` merged on top. */
export function emptyValues(def: FormDefinition, defaults: RawValues = {}): RawValues {
  const empty = (field: ItemField): RawValue =>
    field.type === "checkbox"
      ? false
      : field.type === "address"
      ? { street: "", houseNumber: "", town: "", postalCode: "" }
      : field.type === "attachment"
      ? []
      : "";
  const values: RawValues = {};
  for (const field of allFields(def)) {
    values[field.name] = field.type === "group"
      ? Array.from({ length: field.min }, () => emptyItem(field))
      : empty(field);
  }
  for (const [key, value] of Object.entries(defaults)) {
    if (Object.hasOwn(values, key)) values[key] = value;
  }
  return values;

  function emptyItem(group: GroupField): RawValues {
    return Object.fromEntries(group.fields.map((f) => [f.name, empty(f)]));
  }
}

/** The no-JavaScript add/remove buttons: one more or one fewer group item, within the limits. */
export function applyAction(def: FormDefinition, values: RawValues, action: FormAction): RawValues {
  if (action.kind === "submit") return values;
  const group = findTopField(def, action.group);
  if (!group || group.type !== "group") return values;
  const items = Array.isArray(values[group.name]) ? [...values[group.name] as RawValues[]] : [];
  if (action.kind === "add" && items.length < Math.min(group.max, FORM_LIMITS.maxGroupItems)) {
    items.push(
      emptyValues({ slug: "", title: "", steps: [{ id: "", title: "", fields: group.fields }] }),
    );
  } else if (action.kind === "remove" && items.length > group.min && action.index < items.length) {
    items.splice(action.index, 1);
  }
  return { ...values, [group.name]: items };
}

// --- conditions --------------------------------------------------------------------------------

function hasValue(value: RawValue | undefined): boolean {
  if (typeof value === "boolean") return value;
  if (typeof value === "string") return value.trim() !== "";
  if (Array.isArray(value)) return value.length > 0;
  return value !== undefined && value !== null &&
    Object.values(value).some((v) => hasValue(v as RawValue));
}

/** Does the condition hold? `field` is looked up in the group item first, then at the top. */
export function conditionHolds(cond: Condition, root: RawValues, item?: RawValues): boolean {
  const value = item && Object.hasOwn(item, cond.field) ? item[cond.field] : root[cond.field];
  const asText = typeof value === "boolean"
    ? String(value)
    : typeof value === "string"
    ? value
    : "";
  if (cond.oneOf) return cond.oneOf.includes(asText);
  if (cond.notOneOf) return hasValue(value) && !cond.notOneOf.includes(asText);
  return hasValue(value);
}

/** Is the field required here (after its condition holds)? */
export function isRequired(field: FieldDef, ctx: Pick<FormContext, "signedIn">): boolean {
  return field.required === true || (field.required === "anonymous" && !ctx.signedIn);
}

// --- validation ----------------------------------------------------------------------------------

export interface ValidateOptions {
  /** Only these steps (indexes); all when omitted. Step navigation checks the step left. */
  steps?: readonly number[];
}

/**
 * Validated values, or every field error found, keyed by field path. Values may come from a
 * POST (`parseSubmission`), a draft or the JSON API: anything of the wrong type counts as empty.
 */
export function validateSubmission(
  def: FormDefinition,
  values: RawValues,
  ctx: FormContext,
  opts: ValidateOptions = {},
): Validated<FormValues> {
  const errors: FormFieldError[] = [];
  const out: FormValues = {};
  const root = isObject(values) ? values : {};
  def.steps.forEach((step, index) => {
    if (opts.steps && !opts.steps.includes(index)) return;
    validateFields(step.fields, "", root, undefined, ctx, errors, out);
  });
  return errors.length ? { ok: false, errors } : { ok: true, value: out };
}

function isObject(value: unknown): value is RawValues {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function str(value: unknown): string {
  if (typeof value === "number" && Number.isFinite(value)) return String(value); // JSON API
  return typeof value === "string" ? value.normalize("NFC").trim() : "";
}

function validateFields(
  fields: readonly FieldDef[],
  prefix: string,
  root: RawValues,
  item: RawValues | undefined,
  ctx: FormContext,
  errors: FormFieldError[],
  out: FormValues,
): void {
  const scope = item ?? root;
  for (const field of fields) {
    if (field.when && !conditionHolds(field.when, root, item)) continue;
    const path = prefix + field.name;
    const value = validateField(field, path, scope[field.name], root, item, ctx, errors);
    if (value !== undefined) out[field.name] = value;
  }
}

/** One field's validated value (undefined when empty or invalid); its errors pushed. */
function validateField(
  field: FieldDef,
  path: string,
  raw: unknown,
  root: RawValues,
  item: RawValues | undefined,
  ctx: FormContext,
  errors: FormFieldError[],
): FormValue | undefined {
  const required = isRequired(field, ctx);
  const before = errors.length;
  switch (field.type) {
    case "text":
    case "textarea": {
      const value = str(raw);
      const max = field.maxLength ?? (field.type === "text" ? 200 : 4000);
      checkText(errors, path, value, { required, max, min: field.minLength });
      if (errors.length > before || value === "") return undefined;
      if (field.type === "text" && field.format) {
        const checked = checkFormat(field.format, value, ctx.today);
        if (!checked.ok) {
          errors.push({ field: path, code: checked.code });
          return undefined;
        }
        return checked.value;
      }
      return value;
    }
    case "number": {
      const value = str(raw);
      if (value === "") return requiredError();
      const n = parseNumber(value, field.integer ? 0 : field.decimals ?? 6);
      if (n === null) {
        errors.push({
          field: path,
          code: field.integer && parseNumber(value) !== null ? "notWholeNumber" : "invalidNumber",
        });
        return undefined;
      }
      const problem = checkNumber(n, field);
      if (problem) errors.push({ field: path, ...problem });
      return problem ? undefined : n;
    }
    case "date": {
      const value = str(raw);
      if (value === "") return requiredError();
      const iso = parseDate(value);
      if (!iso) {
        errors.push({ field: path, code: "invalidDate" });
        return undefined;
      }
      const problem = checkDateRange(iso, {
        min: bound(field.min),
        max: bound(field.max),
        today: ctx.today,
      });
      if (problem) errors.push({ field: path, ...problem });
      return problem ? undefined : iso;
    }
    case "choice": {
      const value = str(raw);
      if (value === "") return requiredError();
      if (!field.options.some((o) => o.value === value)) {
        errors.push({ field: path, code: "invalidChoice" });
        return undefined;
      }
      return value;
    }
    case "checkbox": {
      const checked = raw === true || raw === "on" || raw === "true";
      if (!checked && required) errors.push({ field: path, code: "required" });
      return checked;
    }
    case "address":
      return validateAddress(path, isObject(raw) ? raw : {}, required, errors);
    case "attachment":
      return validateAttachments(field, path, raw, required, ctx, errors);
    case "group": {
      const items = Array.isArray(raw) ? raw.filter(isObject) : [];
      if (items.length < field.min) {
        errors.push({ field: path, code: "tooFewItems", params: { min: field.min } });
      } else if (items.length > field.max) {
        errors.push({ field: path, code: "tooManyItems", params: { max: field.max } });
        return undefined;
      }
      return items.map((it, i) => {
        const itemOut: FormValues = {};
        validateFields(field.fields, `${path}[${i}].`, root, it, ctx, errors, itemOut);
        return itemOut;
      });
    }
  }

  function requiredError(): undefined {
    if (required) errors.push({ field: path, code: "required" });
    return undefined;
  }

  function bound(b: DateBound | undefined): string | undefined {
    if (b === undefined) return undefined;
    if (b === "today") return ctx.today;
    if (typeof b === "string") return b;
    const other = item && Object.hasOwn(item, b.field) ? item[b.field] : root[b.field];
    return (typeof other === "string" && parseDate(other)) || undefined;
  }
}

function validateAddress(
  path: string,
  raw: RawValues,
  required: boolean,
  errors: FormFieldError[],
): Address | undefined {
  const parts = Object.fromEntries(
    ADDRESS_PARTS.map((p) => [p, str(raw[p])]),
  ) as unknown as Address;
  const anyFilled = ADDRESS_PARTS.some((p) => parts[p] !== "");
  if (!anyFilled && !required) return undefined;
  const before = errors.length;
  for (const part of ADDRESS_PARTS) {
    checkText(errors, `${path}.${part}`, parts[part], { required: true, max: ADDRESS_MAX[part] });
  }
  const pscOk = !errors.some((e) => e.field === `${path}.postalCode`);
  if (pscOk && parts.postalCode !== "") {
    const psc = checkFormat("postalCode", parts.postalCode, "");
    if (!psc.ok) errors.push({ field: `${path}.postalCode`, code: psc.code });
    else parts.postalCode = psc.value;
  }
  return errors.length === before ? parts : undefined;
}

function validateAttachments(
  field: AttachmentField,
  path: string,
  raw: unknown,
  required: boolean,
  ctx: FormContext,
  errors: FormFieldError[],
): AttachmentRef[] | undefined {
  const ids = Array.isArray(raw) ? raw.filter((id): id is string => typeof id === "string") : [];
  if (ids.length === 0) {
    if (required) errors.push({ field: path, code: "required" });
    return undefined;
  }
  if (ids.length > field.maxFiles) {
    errors.push({ field: path, code: "tooManyFiles", params: { max: field.maxFiles } });
    return undefined;
  }
  const refs: AttachmentRef[] = [];
  for (const id of ids) {
    const ref = ctx.attachments && Object.hasOwn(ctx.attachments, id)
      ? ctx.attachments[id]
      : undefined;
    if (!ref) errors.push({ field: path, code: "fileUnknown" });
    else if (!(field.mediaTypes as readonly string[]).includes(ref.mediaType)) {
      errors.push({ field: path, code: "fileTypeNotAccepted", params: acceptedTypes(field) });
    } else if (ref.size > field.maxBytes) {
      errors.push({
        field: path,
        code: "fileTooLarge",
        params: { max: megabytes(field.maxBytes) },
      });
    } else refs.push(ref);
  }
  return refs.length === ids.length ? refs : undefined;
}

function megabytes(bytes: number): number {
  return Math.round(bytes / (1024 * 1024));
}

const TYPE_NAMES: Record<string, string> = {
  "application/pdf": "PDF",
  "image/png": "PNG",
  "image/jpeg": "JPEG",
  "image/gif": "GIF",
  "image/webp": "WebP",
  "image/heic": "HEIC",
  "text/plain": "TXT",
};

function acceptedTypes(field: AttachmentField): { types: string } {
  return { types: field.mediaTypes.map((t) => TYPE_NAMES[t] ?? t).join(", ") };
}

// --- uploads -------------------------------------------------------------------------------------

/** An upload that passed its field's rules; the filing code stores the bytes and makes a ref. */
export interface AcceptedUpload {
  path: string;
  name: string;
  size: number;
  /** By content (`sniffMediaType`), never the browser's claim. */
  mediaType: string;
  sha256: string;
  bytes: Uint8Array;
}

/**
 * Checks new uploads against their fields' rules: count (with the files already kept), size,
 * type by content. A file is read only when its size is within the limit.
 */
export async function checkUploads(
  def: FormDefinition,
  values: RawValues,
  files: Record<string, File[]>,
): Promise<{ errors: FormFieldError[]; accepted: AcceptedUpload[] }> {
  const errors: FormFieldError[] = [];
  const accepted: AcceptedUpload[] = [];
  for (const [path, uploads] of Object.entries(files)) {
    const field = fieldAt(def, path);
    if (!field || field.type !== "attachment") continue;
    const kept = keptAt(values, path);
    if (kept + uploads.length > field.maxFiles) {
      errors.push({ field: path, code: "tooManyFiles", params: { max: field.maxFiles } });
      continue;
    }
    for (const file of uploads) {
      if (file.size === 0) {
        errors.push({ field: path, code: "fileEmpty" });
        continue;
      }
      if (file.size > field.maxBytes) {
        errors.push({
          field: path,
          code: "fileTooLarge",
          params: { max: megabytes(field.maxBytes) },
        });
        continue;
      }
      const bytes = new Uint8Array(await file.arrayBuffer());
      const mediaType = sniffMediaType(bytes);
      if (!mediaType || !(field.mediaTypes as readonly string[]).includes(mediaType)) {
        errors.push({ field: path, code: "fileTypeNotAccepted", params: acceptedTypes(field) });
        continue;
      }
      accepted.push({
        path,
        name: file.name.slice(0, 255) || "priloha",
        size: bytes.length,
        mediaType,
        sha256: await sha256Hex(bytes),
        bytes,
      });
    }
  }
  return { errors, accepted };
}

function keptAt(values: RawValues, path: string): number {
  const value = valueAt(values, path);
  return Array.isArray(value) ? value.length : 0;
}

// --- paths ---------------------------------------------------------------------------------------

/** `dogs[1].birthDate` → ["dogs", 1, "birthDate"]; null for anything else. */
export function splitPath(path: string): (string | number)[] | null {
  const m =
    /^([a-zA-Z][a-zA-Z0-9]*)(?:\[(\d{1,4})\]\.([a-zA-Z][a-zA-Z0-9]*))?(?:\.([a-zA-Z][a-zA-Z0-9]*))?$/
      .exec(path);
  if (!m) return null;
  const parts: (string | number)[] = [m[1]];
  if (m[2] !== undefined) parts.push(Number(m[2]), m[3]);
  if (m[4] !== undefined) parts.push(m[4]);
  return parts;
}

/** The definition of the field at a path (an address part answers its address field). */
export function fieldAt(def: FormDefinition, path: string): FieldDef | undefined {
  const parts = splitPath(path);
  if (!parts) return undefined;
  const top = findTopField(def, parts[0] as string);
  if (!top || typeof parts[1] !== "number") return top;
  return top.type === "group" ? top.fields.find((f) => f.name === parts[2]) : undefined;
}

/** The raw value at a path. */
export function valueAt(values: RawValues, path: string): RawValue | undefined {
  const parts = splitPath(path);
  let node: unknown = values;
  for (const part of parts ?? []) {
    if (node === null || typeof node !== "object") return undefined;
    if (typeof part === "number") node = Array.isArray(node) ? node[part] : undefined;
    else node = Object.hasOwn(node, part) ? (node as RawValues)[part] : undefined;
  }
  return node as RawValue | undefined;
}

/** The index of the step holding the field at `path` (0 if unknown). */
export function stepOf(def: FormDefinition, path: string): number {
  const top = splitPath(path)?.[0];
  const index = def.steps.findIndex((s) => s.fields.some((f) => f.name === top));
  return Math.max(0, index);
}

/** Errors of one path only (the island's blur check). */
export function errorsAt(errors: readonly FormFieldError[], path: string): FormFieldError[] {
  return errors.filter((e) => e.field === path);
}
