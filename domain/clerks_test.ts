import { assert, assertEquals } from "../tests/assert.ts";
import {
  checkClerkChange,
  CLERK_ROLES,
  foldText,
  highestLevel,
  maskDocument,
  type OfficeFieldError,
  parseIsoDate,
  parseRoles,
  validateGrant,
  validateIdDocument,
  validateNewClerk,
  validatePersonQuery,
} from "./clerks.ts";

const form = (fields: Record<string, string | string[]>) => {
  const f = new FormData();
  for (const [k, v] of Object.entries(fields)) {
    for (const item of Array.isArray(v) ? v : [v]) f.append(k, item);
  }
  return f;
};
const codes = (errors: OfficeFieldError[]) => errors.map((e) => `${e.field}:${e.code}`);

Deno.test("[clerks] evidence keeps the document's kind and only the last four characters", () => {
  assertEquals(maskDocument("id_card", "203 414 821"), "občanský průkaz …4821");
  assertEquals(maskDocument("passport", "45-100457"), "cestovní pas …0457");
  assertEquals(maskDocument("residence_permit", "ab 1234567"), "povolení k pobytu …4567");
});

Deno.test("[clerks] a grant needs an agenda, a real document number and the confirmation", () => {
  const today = "2026-11-21";
  const ok = validateGrant(
    form({
      agenda: "poplatky",
      documentType: "id_card",
      documentNumber: "203414821",
      birthDate: "1980-02-29",
      confirmed: "on",
    }),
    { needBirthDate: true, today },
  );
  assertEquals(ok, {
    ok: true,
    value: { agenda: "poplatky", evidence: "občanský průkaz …4821", birthDate: "1980-02-29" },
  });

  const bad = validateGrant(
    form({
      agenda: "danove-priznani",
      documentType: "ridicak",
      documentNumber: "<b>123456</b>",
      birthDate: "1981-02-29",
    }),
    { needBirthDate: true, today },
  );
  assert(!bad.ok);
  assertEquals(codes(bad.errors), [
    "agenda:invalidChoice",
    "documentType:invalidChoice",
    "documentNumber:htmlNotAllowed",
    "birthDate:invalidDate",
    "confirmed:identityNotConfirmed",
  ]);

  const future = validateGrant(
    form({
      agenda: "voda",
      documentType: "passport",
      documentNumber: "12",
      birthDate: today,
      confirmed: "on",
    }),
    { needBirthDate: true, today },
  );
  assert(!future.ok);
  assertEquals(codes(future.errors), [
    "documentNumber:invalidDocumentNumber",
    "birthDate:birthDateNotPast",
  ]);

  // A known birth date is not asked again: the field is ignored.
  const known = validateGrant(
    form({
      agenda: "knihovna",
      documentType: "passport",
      documentNumber: "x".repeat(31),
      confirmed: "on",
    }),
    { needBirthDate: false, today },
  );
  assert(!known.ok);
  assertEquals(codes(known.errors), ["documentNumber:tooLong"]);
  assertEquals(parseIsoDate("2026-02-30"), null);
  assertEquals(parseIsoDate("24.12.1990"), null);
});

Deno.test("[clerks] user names: lower-case ASCII, digits, dot, hyphen, underscore", () => {
  const clerk = (username: string, extra: Record<string, string | string[]> = {}) =>
    validateNewClerk(form({
      displayName: "Jana Nováková",
      username,
      email: "Jana.Novakova@Lipnice.example",
      phone: "777 123 456",
      password: "Zelena-louka-u-lesa",
      passwordAgain: "Zelena-louka-u-lesa",
      roles: ["identity", "agenda:voda"],
      ...extra,
    }));
  const ok = clerk("  Jana.Novakova_2 ");
  assert(ok.ok);
  assertEquals(ok.value.username, "jana.novakova_2");
  assertEquals(ok.value.email, "jana.novakova@lipnice.example");
  assertEquals(ok.value.phone, "+420777123456");
  assertEquals(ok.value.roles, ["identity", "agenda:voda"]);
  for (
    const [username, code] of [
      ["jana nováková", "invalidUsername"],
      ["jana@urad", "invalidUsername"],
      [".jana", "invalidUsername"],
      ["ja", "tooShort"],
      ["j".repeat(41), "tooLong"],
      ["", "required"],
    ]
  ) {
    const res = clerk(username);
    assert(!res.ok, username);
    assertEquals(codes(res.errors), [`username:${code}`], username);
  }
  const weak = clerk("jana", {
    password: "jana.novakova1",
    passwordAgain: "x",
    phone: "212345678",
  });
  assert(!weak.ok);
  assertEquals(codes(weak.errors), [
    "phone:invalidPhone",
    "password:passwordTooWeak",
    "passwordAgain:passwordMismatch",
  ]);
});

Deno.test("[clerks] roles are known ones, each once, in order; at least one", () => {
  const errors: OfficeFieldError[] = [];
  assertEquals(parseRoles(errors, "roles", ["admin", "notices", "admin"]), ["notices", "admin"]);
  assertEquals(errors, []);
  parseRoles(errors, "roles", ["superuser"]);
  parseRoles(errors, "roles", []);
  assertEquals(codes(errors), ["roles:invalidChoice", "roles:noRole"]);
  assertEquals(CLERK_ROLES, [
    "notices",
    "identity",
    "finance",
    "messages",
    "grants",
    "appointments",
    "registry",
    "agenda:poplatky",
    "agenda:voda",
    "agenda:knihovna",
    "agenda:zavady",
    "admin",
  ]);
});

Deno.test("[clerks] nobody locks themselves out, and the town keeps an administrator", () => {
  const admins = ["a", "b"];
  const base = { actorId: "a", activeAdminIds: admins, before: ["admin"] };
  assertEquals(checkClerkChange({ ...base, targetId: "a", after: ["notices"] }), "ownAdminRole");
  assertEquals(checkClerkChange({ ...base, targetId: "a", after: null }), "selfDeactivation");
  assertEquals(checkClerkChange({ ...base, targetId: "a", after: ["admin", "notices"] }), null);
  assertEquals(checkClerkChange({ ...base, targetId: "b", after: ["notices"] }), null);
  assertEquals(checkClerkChange({ ...base, targetId: "b", after: null }), null);
  assertEquals(
    checkClerkChange({ ...base, targetId: "b", after: null, activeAdminIds: ["b"] }),
    "lastAdmin",
  );
  assertEquals(
    checkClerkChange({ ...base, before: ["notices"], targetId: "c", after: null }),
    null,
  );
});

Deno.test("[clerks] the person search: at least 3 characters, diacritics ignored, phones", () => {
  const short = validatePersonQuery(" ho ");
  assert(!short.ok);
  assertEquals(codes(short.errors), ["q:tooShort"]);
  assert(!validatePersonQuery("<script>x</script>").ok);
  assertEquals(validatePersonQuery("Tomáš Horák"), {
    ok: true,
    value: { text: "tomas horak", phone: null, digits: null },
  });
  assertEquals(validatePersonQuery("777 111 222"), {
    ok: true,
    value: { text: "777 111 222", phone: "+420777111222", digits: "777111222" },
  });
  assertEquals(foldText("ŠŤASTNÝ Žluťoučký"), "stastny zlutoucky");
  assertEquals(highestLevel(["low", "substantial"]), "substantial");
  assertEquals(highestLevel([]), null);
});

Deno.test("[clerks] the identity document checked at a representation grant: masked, or field errors", () => {
  const errors: OfficeFieldError[] = [];
  assertEquals(
    validateIdDocument(errors, { documentType: "passport", documentNumber: "40 01 23 45" }),
    "cestovní pas …2345",
  );
  assertEquals(errors, []);
  assertEquals(validateIdDocument(errors, { documentType: "", documentNumber: "" }), null);
  assertEquals(errors.map((e) => `${e.field}:${e.code}`), [
    "documentType:required",
    "documentNumber:required",
  ]);
  const more: OfficeFieldError[] = [];
  assertEquals(validateIdDocument(more, { documentType: "driving", documentNumber: "12" }), null);
  assertEquals(more.map((e) => `${e.field}:${e.code}`), [
    "documentType:invalidChoice",
    "documentNumber:invalidDocumentNumber",
  ]);
});
