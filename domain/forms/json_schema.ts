/**
 * A form definition as JSON Schema (draft 2020-12), served at `/api/v1/forms/<slug>` so other
 * systems can submit the same form. It describes the values `validateSubmission` accepts in
 * their filed shape (numbers as numbers, dates as ISO strings, a checkbox as a boolean,
 * attachments as refs); the Czech checksums (rodné číslo, IČO) are the server's to check, the
 * schema gives their shape.
 */
import { ADDRESS_PARTS } from "./engine.ts";
import type { Condition, FieldDef, FormDefinition, TextFormat } from "./types.ts";

export const JSON_SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema";
export const JSON_SCHEMA_CONTENT_TYPE = "application/schema+json";

type Schema = Record<string, unknown>;

const FORMAT_SCHEMAS: Record<TextFormat, Schema> = {
  birthNumber: { pattern: "^[0-9]{6}/?[0-9]{3,4}$" },
  ico: { pattern: "^[0-9]{8}$" },
  postalCode: { pattern: "^[1-7][0-9]{2} ?[0-9]{2}$" },
  phone: { pattern: "^\\+?[0-9][0-9 ]{8,15}$" },
  email: { format: "email" },
  microchip: { pattern: "^[0-9]{15}$" },
  bankAccount: {
    pattern:
      "^(?:[0-9]{1,6} ?- ?)?[0-9]{2,10} ?/ ?[0-9]{4}$|^[A-Za-z]{2}[0-9]{2}[A-Za-z0-9 ]{10,40}$",
  },
  personName: {},
};

const ISO_DATE = { type: "string", format: "date", pattern: "^[0-9]{4}-[0-9]{2}-[0-9]{2}$" };

const ATTACHMENT_REF: Schema = {
  type: "object",
  required: ["id", "name", "size", "mediaType", "sha256"],
  additionalProperties: false,
  properties: {
    id: { type: "string", pattern: "^[A-Za-z0-9_-]{1,64}$" },
    name: { type: "string", maxLength: 255 },
    size: { type: "integer", minimum: 1 },
    mediaType: { type: "string" },
    sha256: { type: "string", pattern: "^[0-9a-f]{64}$" },
  },
};

/** `t` turns message keys into titles (the API serves Czech). */
export function formJsonSchema(
  def: FormDefinition,
  opts: { id?: string; t?: (key: string) => string } = {},
): Schema {
  const t = opts.t ?? ((key: string) => key);
  const fields = def.steps.flatMap((s) => [...s.fields]);
  return {
    $schema: JSON_SCHEMA_DIALECT,
    ...(opts.id ? { $id: opts.id } : {}),
    title: t(def.title),
    ...objectSchema(fields, t),
  };
}

function objectSchema(fields: readonly FieldDef[], t: (key: string) => string): Schema {
  const properties: Record<string, Schema> = {};
  const required: string[] = [];
  const conditional: Schema[] = [];
  for (const field of fields) {
    properties[field.name] = { title: t(field.label), ...fieldSchema(field, t) };
    if (field.required !== true) continue;
    if (field.when) {
      conditional.push({
        if: conditionSchema(field.when, fields),
        then: { required: [field.name] },
      });
    } else required.push(field.name);
  }
  return {
    type: "object",
    properties,
    ...(required.length ? { required } : {}),
    additionalProperties: false,
    ...(conditional.length ? { allOf: conditional } : {}),
  };
}

function conditionSchema(cond: Condition, fields: readonly FieldDef[]): Schema {
  const target = fields.find((f) => f.name === cond.field);
  // A condition on a field outside this object cannot be expressed here: never required.
  if (!target) return { not: true };
  const value: Schema = cond.oneOf
    ? { enum: [...cond.oneOf] }
    : cond.notOneOf
    ? { not: { enum: [...cond.notOneOf] } }
    : target.type === "checkbox"
    ? { const: true }
    : {};
  return { required: [cond.field], properties: { [cond.field]: value } };
}

function fieldSchema(field: FieldDef, t: (key: string) => string): Schema {
  switch (field.type) {
    case "text":
      return {
        type: "string",
        maxLength: field.maxLength ?? 200,
        ...(field.minLength ? { minLength: field.minLength } : {}),
        ...(field.format ? FORMAT_SCHEMAS[field.format] : {}),
      };
    case "textarea":
      return {
        type: "string",
        maxLength: field.maxLength ?? 4000,
        ...(field.minLength ? { minLength: field.minLength } : {}),
      };
    case "number":
      return {
        type: field.integer ? "integer" : "number",
        ...(field.min !== undefined ? { minimum: field.min } : {}),
        ...(field.max !== undefined ? { maximum: field.max } : {}),
      };
    case "date":
      return { ...ISO_DATE };
    case "choice":
      return {
        type: "string",
        oneOf: field.options.map((o) => ({ const: o.value, title: t(o.label) })),
      };
    case "checkbox":
      return { type: "boolean" };
    case "address":
      return {
        type: "object",
        required: [...ADDRESS_PARTS],
        additionalProperties: false,
        properties: {
          street: { type: "string", minLength: 1, maxLength: 150 },
          houseNumber: { type: "string", minLength: 1, maxLength: 20 },
          town: { type: "string", minLength: 1, maxLength: 100 },
          postalCode: { type: "string", ...FORMAT_SCHEMAS.postalCode },
        },
      };
    case "attachment":
      return {
        type: "array",
        maxItems: field.maxFiles,
        items: {
          ...ATTACHMENT_REF,
          properties: {
            ...(ATTACHMENT_REF.properties as Schema),
            size: { type: "integer", minimum: 1, maximum: field.maxBytes },
            mediaType: { enum: [...field.mediaTypes] },
          },
        },
        ...(field.required === true ? { minItems: 1 } : {}),
      };
    case "group":
      return {
        type: "array",
        minItems: field.min,
        maxItems: field.max,
        items: objectSchema(field.fields, t),
      };
  }
}
