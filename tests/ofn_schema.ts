/**
 * Validator for the open formal norm (OFN) "Úřední desky" 2021-07-20.
 *
 * Loads the official schema set copied byte-for-byte into `tests/fixtures/ofn/` (the root schema,
 * every schema it references, and a permissive stand-in for the GeoJSON schema that cannot be
 * fetched offline) and compiles it with ajv's JSON Schema 2019-09 validator.
 *
 * Two quirks of the official files, handled here in memory (the fixtures stay untouched):
 *
 * - The `$id`s and `$ref`s contain Czech letters (`…/úřední-desky/…/úřední-deska.json`). ajv
 *   resolves a `$ref` through a URI library that percent-encodes those letters, so a schema
 *   registered under its raw `$id` is never found. Every schema is therefore registered under
 *   `encodeURI($id)` and every `$id`/`$ref` is rewritten to that same encoded form, so the two sides
 *   always meet, whichever way ajv normalises.
 * - A pattern uses the escape `\:` which is invalid under the `u` flag: `unicodeRegExp: false`.
 *
 * The schemas use `format: "iri"`, which ajv-formats does not define; it is registered here as an
 * absolute IRI (RFC 3987: a scheme, then no whitespace or characters excluded from IRIs), so it is
 * checked rather than silently ignored.
 *
 * Usage (Deno, with read permission): `validateUredniDeska(doc)` → `{ valid, errors }`.
 */
import { Ajv2019 } from "ajv/dist/2019.js";
import type { ErrorObject, ValidateFunction } from "ajv";
import ajvFormats from "ajv-formats";

// ajv-formats is CommonJS: its default import is `module.exports`, the plugin itself, which also
// carries itself as `.default` — the only spelling both the type checker and the runtime accept.
const addFormats = ajvFormats.default;

/** `$id` of the root schema, exactly as the official file writes it. */
export const UREDNI_DESKA_SCHEMA_ID =
  "https://ofn.gov.cz/úřední-desky/2021-07-20/schémata/úřední-deska.json";

/** Where the copied official schema set lives. */
export const OFN_FIXTURES_DIR = new URL("./fixtures/ofn/", import.meta.url);

/** The four official examples, relative to {@link OFN_FIXTURES_DIR}. */
export const OFN_OFFICIAL_EXAMPLES: readonly string[] = [1, 2, 3, 4].map(
  (n) => `úřední-desky/2021-07-20/příklady/${n}.jsonld`,
);

export interface OfnValidationResult {
  valid: boolean;
  /** One line per ajv error: `<instance path> <message> (<schema path>)`. Empty when valid. */
  errors: string[];
}

/** Percent-encodes an IRI idempotently (an already encoded URI is left as it is). */
export function normalizeSchemaUri(uri: string): string {
  let decoded = uri;
  try {
    decoded = decodeURI(uri);
  } catch {
    // not a valid percent-encoding: encode the raw string
  }
  return encodeURI(decoded);
}

/** Deep copy of a schema with every `$id` and `$ref` rewritten by {@link normalizeSchemaUri}. */
function normalizeSchema(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(normalizeSchema);
  if (node === null || typeof node !== "object") return node;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    out[key] = (key === "$id" || key === "$ref") && typeof value === "string"
      ? normalizeSchemaUri(value)
      : normalizeSchema(value);
  }
  return out;
}

// Absolute IRI: scheme ":" then IRI characters (no controls, spaces or <>"{}|\^`).
// deno-lint-ignore no-control-regex
const IRI = /^[A-Za-z][A-Za-z0-9+.-]*:[^\u0000-\u0020<>"{}|\\^`\u007f-\u009f]+$/;

async function listJsonFiles(dir: URL): Promise<URL[]> {
  const files: URL[] = [];
  for await (const entry of Deno.readDir(dir)) {
    if (entry.isDirectory) {
      files.push(...await listJsonFiles(new URL(`${encodeURIComponent(entry.name)}/`, dir)));
    } else if (entry.isFile && entry.name.endsWith(".json")) {
      files.push(new URL(encodeURIComponent(entry.name), dir));
    }
  }
  return files.sort((a, b) => a.href.localeCompare(b.href));
}

async function compileUredniDeska(): Promise<ValidateFunction> {
  const ajv = new Ajv2019({ allErrors: true, strict: false, unicodeRegExp: false });
  addFormats(ajv);
  ajv.addFormat("iri", IRI);

  const files = await listJsonFiles(OFN_FIXTURES_DIR);
  for (const file of files) {
    const schema = JSON.parse(await Deno.readTextFile(file)) as { $id?: unknown };
    if (typeof schema.$id !== "string") continue;
    const normalized = normalizeSchema(schema) as { $id: string };
    ajv.addSchema(normalized, normalized.$id);
  }
  const validate = ajv.getSchema(normalizeSchemaUri(UREDNI_DESKA_SCHEMA_ID));
  if (!validate) {
    throw new Error(
      `OFN schema ${UREDNI_DESKA_SCHEMA_ID} not found under ${OFN_FIXTURES_DIR.href}`,
    );
  }
  return validate;
}

// Compiled once; getSchema compiles every referenced schema, so a missing one fails here.
const validateRoot = await compileUredniDeska();

function describe(error: ErrorObject): string {
  const where = error.instancePath === "" ? "/" : decodeURIComponentSafe(error.instancePath);
  const params = Object.keys(error.params).length > 0 ? ` ${JSON.stringify(error.params)}` : "";
  return `${where} ${error.message ?? error.keyword}${params} (${
    decodeURIComponentSafe(error.schemaPath)
  })`;
}

function decodeURIComponentSafe(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** Reads a JSON(-LD) file from the copied schema set, e.g. an official example. */
export async function readOfnFixture(relativePath: string): Promise<unknown> {
  return JSON.parse(await Deno.readTextFile(new URL(relativePath, OFN_FIXTURES_DIR)));
}

/** Validates a document against the official OFN "Úřední desky" 2021-07-20 schema. */
export function validateUredniDeska(doc: unknown): OfnValidationResult {
  const valid = validateRoot(doc) as boolean;
  return { valid, errors: valid ? [] : (validateRoot.errors ?? []).map(describe) };
}
