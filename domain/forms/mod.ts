/**
 * The forms engine: a form defined once as data (`types.ts`) drives the server-rendered form,
 * the island, validation, the filed document and the JSON Schema.
 */
export type * from "./types.ts";
export { findForm, FORMS } from "./registry.ts";
export { formJsonSchema, JSON_SCHEMA_CONTENT_TYPE } from "./json_schema.ts";
export {
  ADDRESS_PARTS,
  applyAction,
  checkUploads,
  conditionHolds,
  emptyValues,
  errorsAt,
  fieldAt,
  FORM_LIMITS,
  isRequired,
  parseAction,
  parseSubmission,
  splitPath,
  stepOf,
  validateSubmission,
  valueAt,
} from "./engine.ts";
export type {
  AcceptedUpload,
  FormAction,
  FormFieldError,
  ParsedSubmission,
  ValidateOptions,
} from "./engine.ts";
