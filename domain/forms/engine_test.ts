import { Ajv2020 } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { assert, assertEquals } from "../../tests/assert.ts";
import { DOG_FEE_FORM } from "../situations/dog_fee_form.ts";
import { DEFECT_REPORT_FORM } from "../situations/defect_report_form.ts";
import {
  applyAction,
  checkUploads,
  emptyValues,
  fieldAt,
  parseSubmission,
  stepOf,
  validateSubmission,
} from "./engine.ts";
import { formJsonSchema } from "./json_schema.ts";
import { findForm, FORMS } from "./registry.ts";
import type { AttachmentRef, FormContext, RawValues } from "./types.ts";

const CTX: FormContext = { today: "2026-03-01", signedIn: true };

function dogFeeForm(overrides: Record<string, string> = {}): FormData {
  const form = new FormData();
  const fields: Record<string, string> = {
    givenName: "Jana",
    familyName: "Dvořáková",
    birthNumber: "855512/3456",
    "address.street": "Na Výsluní",
    "address.houseNumber": "12",
    "address.town": "Lipnice nad Hájem",
    "address.postalCode": "25082",
    email: "jana@example.cz",
    phone: "",
    "dogs[0].name": "Rex",
    "dogs[0].breed": "Jezevčík",
    "dogs[0].birthDate": "2022-04-01",
    "dogs[0].chipNumber": "203098100123456",
    "dogs[0].keptSince": "2022-06-01",
    "dogs[1].name": "Bety",
    "dogs[1].breed": "kříženec",
    "dogs[1].birthDate": "2027-01-01",
    "dogs[1].chipNumber": "123",
    "dogs[1].keptSince": "2027-02-01",
    action: "register",
    reduction: "none",
    ...overrides,
  };
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  return form;
}

function parse(form: FormData) {
  const parsed = parseSubmission(DOG_FEE_FORM, form);
  assert(parsed.ok);
  return parsed;
}

Deno.test("[forms] a repeatable group is read by index and errors are keyed by field path", () => {
  const { values } = parse(dogFeeForm());
  assertEquals((values.dogs as RawValues[]).length, 2);
  assertEquals((values.dogs as RawValues[])[1].name, "Bety");
  const result = validateSubmission(DOG_FEE_FORM, values, CTX);
  assert(!result.ok);
  assertEquals(result.errors.map((e) => [e.field, e.code]), [
    ["dogs[1].birthDate", "dateInFuture"],
    ["dogs[1].chipNumber", "invalidMicrochip"],
  ]);
});

Deno.test("[forms] valid values are normalised for filing", () => {
  const { values } = parse(dogFeeForm({
    "dogs[1].birthDate": "2020-01-01",
    "dogs[1].chipNumber": "203 098 100 654 321",
  }));
  const result = validateSubmission(DOG_FEE_FORM, values, CTX);
  assert(result.ok, JSON.stringify(result));
  assertEquals(result.value.birthNumber, "8555123456");
  assertEquals(result.value.address, {
    street: "Na Výsluní",
    houseNumber: "12",
    town: "Lipnice nad Hájem",
    postalCode: "250 82",
  });
  assertEquals((result.value.dogs as RawValues[])[1].chipNumber, "203098100654321");
  assertEquals("phone" in result.value, false);
  assertEquals("deregistrationDate" in result.value, false);
});

Deno.test("[forms] a date range across fields: kept since not before the dog's birth", () => {
  const { values } = parse(dogFeeForm({
    "dogs[1].birthDate": "2021-05-01",
    "dogs[1].chipNumber": "203098100654321",
    "dogs[1].keptSince": "2021-04-01",
  }));
  const result = validateSubmission(DOG_FEE_FORM, values, CTX);
  assert(!result.ok);
  assertEquals(result.errors, [{
    field: "dogs[1].keptSince",
    code: "dateTooEarly",
    params: { min: "1. 5. 2021" },
  }]);
});

Deno.test("[forms] conditional fields are required only when their condition holds", () => {
  const ok = { "dogs[1].birthDate": "2020-01-01", "dogs[1].chipNumber": "203098100654321" };
  const deregister = validateSubmission(
    DOG_FEE_FORM,
    parse(dogFeeForm({ ...ok, action: "deregister", reduction: "over65" })).values,
    CTX,
  );
  assert(!deregister.ok);
  assertEquals(deregister.errors.map((e) => [e.field, e.code]), [
    ["deregistrationDate", "required"],
    ["proof", "required"],
  ]);
  // Typed but hidden (the condition no longer holds): not validated, not filed.
  const hidden = validateSubmission(
    DOG_FEE_FORM,
    parse(dogFeeForm({ ...ok, deregistrationDate: "nonsense" })).values,
    CTX,
  );
  assert(hidden.ok);
  assertEquals("deregistrationDate" in hidden.value, false);
});

Deno.test("[forms] the contact e-mail of a defect report is required only when not signed in", () => {
  const form = new FormData();
  form.append("category", "verejneOsvetleni");
  form.append("description", "Nesvítí lampa u zastávky.");
  form.append("placeKind", "coordinates");
  form.append("latitude", "50,0875");
  form.append("longitude", "14.4213");
  const parsed = parseSubmission(DEFECT_REPORT_FORM, form);
  assert(parsed.ok);
  const signedIn = validateSubmission(DEFECT_REPORT_FORM, parsed.values, CTX);
  assert(signedIn.ok);
  assertEquals(signedIn.value.latitude, 50.0875);
  assertEquals(signedIn.value.shareLocation, false);
  const anonymous = validateSubmission(DEFECT_REPORT_FORM, parsed.values, {
    ...CTX,
    signedIn: false,
  });
  assert(!anonymous.ok);
  assertEquals(anonymous.errors, [{ field: "email", code: "required" }]);
  const outside = validateSubmission(
    DEFECT_REPORT_FORM,
    { ...parsed.values, latitude: "10", longitude: "abc" },
    CTX,
  );
  assert(!outside.ok);
  assertEquals(outside.errors.map((e) => e.code), ["numberTooSmall", "invalidNumber"]);
});

Deno.test("[forms] HTML and SQL fragments are kept as typed, HTML refused", () => {
  const typed = {
    givenName: "<script>alert(1)</script>",
    "dogs[0].name": "Rex'; DROP TABLE cases;--",
    "dogs[0].breed": "<b>jezevčík</b>",
  };
  const { values } = parse(dogFeeForm(typed));
  assertEquals(values.givenName, typed.givenName);
  assertEquals((values.dogs as RawValues[])[0].name, typed["dogs[0].name"]);
  const result = validateSubmission(DOG_FEE_FORM, values, CTX);
  assert(!result.ok);
  const byField = Object.fromEntries(result.errors.map((e) => [e.field, e.code]));
  assertEquals(byField.givenName, "htmlNotAllowed");
  assertEquals(byField["dogs[0].breed"], "htmlNotAllowed");
  // SQL is just text: the dog may be called that (values go to the database as parameters).
  assertEquals(byField["dogs[0].name"], undefined);
});

Deno.test("[forms] 10,000 fields are refused whole, not read", () => {
  const form = dogFeeForm();
  for (let i = 0; i < 10_000; i++) form.append(`dogs[${i}].name`, "x");
  assertEquals(parseSubmission(DOG_FEE_FORM, form), { ok: false, code: "tooManyFields" });
  const huge = new FormData();
  huge.append("description", "x".repeat(600 * 1024));
  assertEquals(parseSubmission(DEFECT_REPORT_FORM, huge), { ok: false, code: "tooLarge" });
});

Deno.test("[forms] group items beyond the maximum are not read; unknown keys are ignored", () => {
  const form = dogFeeForm();
  form.append("dogs[999].name", "x");
  form.append("__proto__", "x");
  form.append("constructor.prototype", "x");
  const { values } = parse(form);
  assertEquals((values.dogs as RawValues[]).length, 10);
  assertEquals(Object.keys(values).includes("__proto__"), false);
});

Deno.test("[forms] add and remove buttons change the group within its limits", () => {
  const { values, action } = parse(dogFeeForm({ _action: "add:dogs" }));
  assertEquals(action, { kind: "add", group: "dogs" });
  const three = applyAction(DOG_FEE_FORM, values, action);
  assertEquals((three.dogs as RawValues[]).length, 3);
  assertEquals((three.dogs as RawValues[])[2].name, "");
  const one = applyAction(
    DOG_FEE_FORM,
    applyAction(DOG_FEE_FORM, values, { kind: "remove", group: "dogs", index: 0 }),
    { kind: "remove", group: "dogs", index: 0 },
  );
  assertEquals((one.dogs as RawValues[]).map((d) => d.name), ["Bety"]); // never below 1
  assertEquals(parse(dogFeeForm({ _action: "drop:table" })).action, { kind: "submit" });
  assertEquals(parse(dogFeeForm({ _step: "2" })).step, 2);
});

Deno.test("[forms] a step is validated alone when navigating", () => {
  const values = emptyValues(DOG_FEE_FORM, { givenName: "Jana" });
  const step0 = validateSubmission(DOG_FEE_FORM, values, CTX, { steps: [0] });
  assert(!step0.ok);
  assert(step0.errors.every((e) => stepOf(DOG_FEE_FORM, e.field) === 0));
  assertEquals(stepOf(DOG_FEE_FORM, "dogs[3].name"), 1);
  assertEquals(fieldAt(DOG_FEE_FORM, "dogs[3].chipNumber")?.type, "text");
  assertEquals(fieldAt(DOG_FEE_FORM, "address.town")?.type, "address");
});

const PDF = new TextEncoder().encode("%PDF-1.7\n%âãÏÓ\n1 0 obj\n<<>>\nendobj\n");
const EXE = new Uint8Array([0x4d, 0x5a, 0x90, 0x00, 0x03, 0x00, 0x00, 0x00, 0x04, 0x00]);

Deno.test("[forms] attachments are checked by content, count and size", async () => {
  const form = dogFeeForm({ reduction: "over65" });
  form.append("proof", new File([PDF], "prukaz.pdf", { type: "application/pdf" }));
  form.append("proof", new File([EXE], "prukaz2.pdf", { type: "application/pdf" }));
  form.append("proof", new File([new Uint8Array(11 * 1024 * 1024)], "velky.pdf"));
  form.append("proof", new File([], ""));
  const parsed = parse(form);
  assertEquals(parsed.files.proof.length, 3);
  const { errors, accepted } = await checkUploads(DOG_FEE_FORM, parsed.values, parsed.files);
  assertEquals(errors.map((e) => [e.field, e.code, e.params]), [
    ["proof", "fileTypeNotAccepted", { types: "PDF, JPEG, PNG" }],
    ["proof", "fileTooLarge", { max: 10 }],
  ]);
  assertEquals(accepted.map((a) => [a.name, a.mediaType, a.size]), [
    ["prukaz.pdf", "application/pdf", PDF.length],
  ]);
  assertEquals(accepted[0].sha256.length, 64);

  const four = dogFeeForm({ reduction: "over65" });
  for (let i = 0; i < 4; i++) four.append("proof", new File([PDF], `${i}.pdf`));
  const tooMany = await checkUploads(DOG_FEE_FORM, parse(four).values, parse(four).files);
  assertEquals(tooMany.errors, [{ field: "proof", code: "tooManyFiles", params: { max: 3 } }]);
});

Deno.test("[forms] attachment refs must be the caller's own stored files", () => {
  const ref: AttachmentRef = {
    id: "att1",
    name: "prukaz.pdf",
    size: 1000,
    mediaType: "application/pdf",
    sha256: "a".repeat(64),
  };
  const ok = { "dogs[1].birthDate": "2020-01-01", "dogs[1].chipNumber": "203098100654321" };
  const form = dogFeeForm({ ...ok, reduction: "over65" });
  form.append("proof", "att1");
  form.append("proof", "someone-elses");
  const { values } = parse(form);
  assertEquals(values.proof, ["att1", "someone-elses"]);
  const refused = validateSubmission(DOG_FEE_FORM, values, { ...CTX, attachments: { att1: ref } });
  assert(!refused.ok);
  assertEquals(refused.errors, [{ field: "proof", code: "fileUnknown" }]);
  const filed = validateSubmission(DOG_FEE_FORM, { ...values, proof: ["att1"] }, {
    ...CTX,
    attachments: { att1: ref },
  });
  assert(filed.ok);
  assertEquals(filed.value.proof, [ref]);
});

Deno.test("[forms] values of the wrong type (a forged draft or API call) count as empty", () => {
  const result = validateSubmission(
    DOG_FEE_FORM,
    { givenName: { toString: "x" }, dogs: "many", proof: [1, 2] } as unknown as RawValues,
    CTX,
  );
  assert(!result.ok);
  assertEquals(result.errors.find((e) => e.field === "givenName")?.code, "required");
  assertEquals(result.errors.find((e) => e.field === "dogs")?.code, "tooFewItems");
});

Deno.test("[forms] the registry finds each form by slug", () => {
  assertEquals(findForm("poplatek-ze-psa"), DOG_FEE_FORM);
  assertEquals(findForm("hlaseni-zavady"), DEFECT_REPORT_FORM);
  assertEquals(findForm("constructor"), undefined);
  assertEquals(new Set(FORMS.map((f) => f.slug)).size, FORMS.length);
});

Deno.test("[forms] the JSON Schema (2020-12) accepts a valid filing and refuses a bad one", () => {
  const ajv = new Ajv2020({ allErrors: true, strict: true, strictRequired: false });
  addFormats.default(ajv);
  for (const def of FORMS) ajv.compile(formJsonSchema(def, { id: `https://x.test/${def.slug}` }));
  const validate = ajv.getSchema("https://x.test/poplatek-ze-psa")!;
  const { values } = parse(dogFeeForm({
    "dogs[1].birthDate": "2020-01-01",
    "dogs[1].chipNumber": "203098100654321",
  }));
  const result = validateSubmission(DOG_FEE_FORM, values, CTX);
  assert(result.ok);
  assert(validate(result.value), JSON.stringify(validate.errors));
  // The same document filed through the API validates on the server too.
  assert(validateSubmission(DOG_FEE_FORM, result.value as unknown as RawValues, CTX).ok);

  const deregisterNoDate = { ...result.value, action: "deregister" };
  assertEquals(validate(deregisterNoDate), false);
  assertEquals(validate({ ...result.value, dogs: [] }), false);
  assertEquals(validate({ ...result.value, extra: 1 }), false);
  assertEquals(validate({ ...result.value, reduction: "over65" }), false); // proof required

  const defect = ajv.getSchema("https://x.test/hlaseni-zavady")!;
  assert(
    defect({
      category: "zelen",
      description: "Spadlý strom",
      placeKind: "coordinates",
      latitude: 50.1,
      longitude: 14.4,
      shareLocation: false,
    }),
    JSON.stringify(defect.errors),
  );
  assertEquals(defect({ category: "zelen", description: "x", placeKind: "address" }), false);
});
