import { assert, assertEquals } from "../tests/assert.ts";
import {
  addYears,
  canDecide,
  canWithdraw,
  hasDocumentSignature,
  isActive,
  isExpired,
  isIsoDate,
  isMinor,
  isValidIco,
  majorityDate,
  normalizeIco,
  onBehalfOfRef,
  parentValidUntil,
  type RepresentationFieldError,
  validateRepresentationRequest,
} from "./representation.ts";

const TODAY = "2026-11-21";
const PDF = new TextEncoder().encode("%PDF-1.7\n%âãÏÓ\n1 0 obj\n<<>>\nendobj\n%%EOF\n");

function form(fields: Record<string, string | string[]>, file?: File | null): FormData {
  const f = new FormData();
  for (const [k, v] of Object.entries(fields)) {
    for (const item of Array.isArray(v) ? v : [v]) f.append(k, item);
  }
  if (file !== null) f.set("document", file ?? new File([PDF], "plna-moc.pdf"));
  return f;
}

const poa = {
  kind: "power_of_attorney",
  representedName: "Jiřina Horáková",
  birthDate: "1951-03-14",
  scope: ["poplatky"],
};

function codes(errors: RepresentationFieldError[]): Record<string, string> {
  return Object.fromEntries(errors.map((e) => [e.field, e.code]));
}

Deno.test("[representation] IČO: eight digits whose last is the mod-11 check digit", () => {
  for (const ico of ["00298760", "25596641", "45274649", "00064581", "27074358"]) {
    assert(isValidIco(ico), ico);
  }
  assert(isValidIco("252 91 581"), "spaces are ignored");
  for (const ico of ["00298761", "25596642", "1234567", "123456789", "abcdefgh", ""]) {
    assert(!isValidIco(ico), ico);
  }
  // Remainder 0 gives check digit 1, remainder 1 gives 0.
  assert(isValidIco("00000001"), "remainder 0 → check digit 1");
  assert(isValidIco("00000060"), "remainder 1 → check digit 0");
  assert(isValidIco("10000000") === false && isValidIco("10000003"), "8 mod 11 = 8 → 3");
  assertEquals(normalizeIco(" 00 298 760 "), "00298760");
  assertEquals(normalizeIco("2986"), null);
});

Deno.test("[representation] a minor is under 18 until the day of the 18th birthday", () => {
  assertEquals(majorityDate("2010-05-20"), "2028-05-20");
  assert(isMinor("2010-05-20", "2028-05-19"));
  assert(!isMinor("2010-05-20", "2028-05-20"), "of age on the birthday itself");
  assert(!isMinor("1980-01-01", TODAY));
  // Born on 29 February: of age on 1 March in a common year.
  assertEquals(addYears("2008-02-29", 18), "2026-03-01");
  assert(isMinor("2008-02-29", "2026-02-28"));
  assert(!isMinor("2008-02-29", "2026-03-01"));
  assertEquals(parentValidUntil("2010-05-20"), "2028-05-19");
});

Deno.test("[representation] expiry: valid through its last day, none means open-ended", () => {
  assert(!isExpired(null, TODAY));
  assert(!isExpired(TODAY, TODAY), "valid on its last day");
  assert(isExpired("2026-11-20", TODAY));
  assert(isActive({ status: "granted", valid_until: "2027-01-01" }, TODAY));
  assert(!isActive({ status: "granted", valid_until: "2026-11-20" }, TODAY));
  assert(!isActive({ status: "requested", valid_until: null }, TODAY));
  assert(!isActive({ status: "refused", valid_until: null }, TODAY));
});

Deno.test("[representation] only a waiting request is withdrawn or decided", () => {
  assert(canWithdraw("requested") && canDecide("requested"));
  for (const s of ["granted", "refused", "revoked"] as const) {
    assert(!canWithdraw(s) && !canDecide(s), s);
  }
});

Deno.test("[representation] the audit names a linked person by id, anyone else by the row", () => {
  assertEquals(onBehalfOfRef({ id: "r1", represented_person_id: "p1" }), "p1");
  assertEquals(onBehalfOfRef({ id: "r1", represented_person_id: null }), "representation:r1");
});

Deno.test("[representation] dates: real calendar dates only", () => {
  assert(isIsoDate("2024-02-29"));
  assert(!isIsoDate("2026-02-29"));
  assert(!isIsoDate("2026-13-01"));
  assert(!isIsoDate("21. 11. 2026"));
});

Deno.test("[representation] a power of attorney for a family member is a valid request", async () => {
  const result = await validateRepresentationRequest(
    form({ ...poa, scope: ["voda", "poplatky"], validUntil: "2027-12-31" }),
    TODAY,
  );
  assert(result.ok, JSON.stringify(!result.ok && result.errors));
  assertEquals(result.value.kind, "power_of_attorney");
  assertEquals(result.value.representedBirthDate, "1951-03-14");
  assertEquals(result.value.representedIco, null);
  assertEquals(result.value.scope, ["poplatky", "voda"]);
  assertEquals(result.value.validUntil, "2027-12-31");
  assertEquals(result.value.document.mediaType, "application/pdf");
  assertEquals(result.value.document.fileName, "plna-moc.pdf");
});

Deno.test("[representation] a parent's request runs until the day before the 18th birthday", async () => {
  const ok = await validateRepresentationRequest(
    form({
      kind: "parent",
      representedName: "Eliška Horáková",
      birthDate: "2015-06-01",
      scope: "knihovna",
    }),
    TODAY,
  );
  assert(ok.ok);
  assertEquals(ok.value.validUntil, "2033-05-31");

  const adult = await validateRepresentationRequest(
    form({
      kind: "parent",
      representedName: "Eliška Horáková",
      birthDate: "2008-11-21",
      scope: "knihovna",
    }),
    TODAY,
  );
  assert(!adult.ok);
  assertEquals(codes(adult.errors), { birthDate: "notMinor" });

  const tooLong = await validateRepresentationRequest(
    form({
      kind: "parent",
      representedName: "Eliška Horáková",
      birthDate: "2015-06-01",
      scope: "knihovna",
      validUntil: "2034-01-01",
    }),
    TODAY,
  );
  assert(!tooLong.ok);
  assertEquals(tooLong.errors, [
    { field: "validUntil", code: "validUntilAfterMajority", params: { date: "2033-05-31" } },
  ]);
});

Deno.test("[representation] a company needs a valid IČO and no birth date", async () => {
  const ok = await validateRepresentationRequest(
    form({
      kind: "company",
      representedName: "Truhlářství Horák s.r.o.",
      ico: "255 96 641",
      scope: "voda",
    }),
    TODAY,
  );
  assert(ok.ok);
  assertEquals(ok.value.representedIco, "25596641");
  assertEquals(ok.value.representedBirthDate, null);

  const bad = await validateRepresentationRequest(
    form({
      kind: "company",
      representedName: "Truhlářství Horák s.r.o.",
      ico: "25596642",
      scope: "voda",
    }),
    TODAY,
  );
  assert(!bad.ok);
  assertEquals(codes(bad.errors), { ico: "invalidIco" });
});

Deno.test("[representation] bad input is reported at each field", async () => {
  const result = await validateRepresentationRequest(
    form({
      kind: "power_of_attorney",
      representedName: "<b>Jiřina</b>",
      birthDate: "2030-01-01",
      validUntil: TODAY,
    }, null),
    TODAY,
  );
  assert(!result.ok);
  assertEquals(codes(result.errors), {
    representedName: "htmlNotAllowed",
    birthDate: "birthDateInFuture",
    scope: "scopeRequired",
    validUntil: "validUntilNotFuture",
    document: "documentRequired",
  });

  const noKind = await validateRepresentationRequest(form({ ...poa, kind: "boss" }), TODAY);
  assert(!noKind.ok);
  assertEquals(codes(noKind.errors), { kind: "invalidChoice" });

  const strangeScope = await validateRepresentationRequest(
    form({ ...poa, scope: ["poplatky", "dane"] }),
    TODAY,
  );
  assert(!strangeScope.ok);
  assertEquals(codes(strangeScope.errors), { scope: "invalidChoice" });

  const badDate = await validateRepresentationRequest(
    form({ ...poa, birthDate: "1951-02-30" }),
    TODAY,
  );
  assert(!badDate.ok);
  assertEquals(codes(badDate.errors), { birthDate: "invalidDate" });
});

Deno.test("[representation] the document must be a PDF, JPEG or PNG, and really be one", async () => {
  const exe = await validateRepresentationRequest(
    form(poa, new File([new Uint8Array([0x4d, 0x5a, 0x90, 0])], "plna-moc.exe")),
    TODAY,
  );
  assert(!exe.ok);
  assertEquals(exe.errors, [{
    field: "document",
    code: "documentType",
    params: { name: "plna-moc.exe" },
  }]);

  const disguised = await validateRepresentationRequest(
    form(poa, new File([new Uint8Array([0x4d, 0x5a, 0x90, 0])], "plna-moc.pdf")),
    TODAY,
  );
  assert(!disguised.ok, "a program renamed to .pdf is refused");

  const docx = await validateRepresentationRequest(
    form(poa, new File([PDF], "plna-moc.docx")),
    TODAY,
  );
  assert(!docx.ok, "notice attachments allow DOCX, a representation does not");

  const big = new Uint8Array(10 * 1024 * 1024 + 1);
  big.set(PDF);
  const tooBig = await validateRepresentationRequest(form(poa, new File([big], "sken.pdf")), TODAY);
  assert(!tooBig.ok);
  assertEquals(codes(tooBig.errors), { document: "fileTooLarge" });

  const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0]);
  const scan = await validateRepresentationRequest(
    form(poa, new File([png], "../../sken.PNG")),
    TODAY,
  );
  assert(scan.ok);
  assertEquals(scan.value.document.fileName, "sken.PNG");
  assertEquals(scan.value.document.mediaType, "image/png");
  assert(hasDocumentSignature("image/jpeg", new Uint8Array([0xff, 0xd8, 0xff, 0xe0])));
});
