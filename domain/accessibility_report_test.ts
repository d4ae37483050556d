import assert from "node:assert/strict";
import {
  DESCRIPTION_MAX,
  isIdempotencyKey,
  normalisePageUrl,
  parseReportReference,
  prefillPage,
  reportReference,
  validateAccessibilityReport,
} from "./accessibility_report.ts";

Deno.test("[accessibility report] a description alone is a valid report", () => {
  const result = validateAccessibilityReport({
    description: "  Tlačítko Odeslat nejde ovládat klávesnicí. ",
  });
  assert.deepEqual(result, {
    ok: true,
    value: {
      pageUrl: null,
      description: "Tlačítko Odeslat nejde ovládat klávesnicí.",
      contactEmail: null,
    },
  });
});

Deno.test("[accessibility report] an empty description is required", () => {
  const result = validateAccessibilityReport({ description: "   ", page: "", email: "" });
  assert.deepEqual(result, { ok: false, errors: [{ field: "description", code: "required" }] });
});

Deno.test("[accessibility report] a description over 4000 characters is too long", () => {
  const ok = validateAccessibilityReport({ description: "a".repeat(DESCRIPTION_MAX) });
  assert.equal(ok.ok, true);
  const result = validateAccessibilityReport({ description: "a".repeat(DESCRIPTION_MAX + 1) });
  assert.deepEqual(result, {
    ok: false,
    errors: [{ field: "description", code: "tooLong", params: { max: 4000 } }],
  });
});

Deno.test("[accessibility report] the description may quote markup the citizen is describing", () => {
  const result = validateAccessibilityReport({
    description: 'Obrázek <img src="erb.png"> nemá alternativní text.',
  });
  assert.equal(result.ok, true);
});

Deno.test("[accessibility report] a malformed contact e-mail is refused, an empty one is fine", () => {
  const bad = validateAccessibilityReport({ description: "Popis", email: "jan.novak@" });
  assert.deepEqual(bad, { ok: false, errors: [{ field: "email", code: "invalidEmail" }] });
  const good = validateAccessibilityReport({
    description: "Popis",
    email: " jan.novak@example.cz ",
  });
  assert.equal(good.ok && good.value.contactEmail, "jan.novak@example.cz");
});

Deno.test("[accessibility report] the page address must be a site path or an http(s) URL", () => {
  assert.equal(normalisePageUrl("/uredni-deska?strana=2"), "/uredni-deska?strana=2");
  assert.equal(
    normalisePageUrl("https://obec.example.cz/rozpocet"),
    "https://obec.example.cz/rozpocet",
  );
  assert.equal(normalisePageUrl("javascript:alert(1)"), null);
  assert.equal(normalisePageUrl("//evil.example/x"), null);
  assert.equal(normalisePageUrl("uredni deska"), null);
  const result = validateAccessibilityReport({ description: "Popis", page: "javascript:alert(1)" });
  assert.deepEqual(result, { ok: false, errors: [{ field: "page", code: "invalidUrl" }] });
});

Deno.test("[accessibility report] every invalid field is reported at once, in form order", () => {
  const result = validateAccessibilityReport({ page: "ftp://x", description: "", email: "x" });
  assert.equal(result.ok, false);
  assert.deepEqual(!result.ok && result.errors.map((e) => e.field), [
    "page",
    "description",
    "email",
  ]);
});

const IGNORE = ["/pristupnost", "/pristupnost/nahlasit"];

Deno.test("[accessibility report] the page is prefilled from ?stranka=, else a same-site Referer", () => {
  const origin = "https://obec.example.cz";
  assert.equal(
    prefillPage("/uredni-deska", null, origin, IGNORE),
    "/uredni-deska",
  );
  assert.equal(prefillPage("javascript:x", null, origin, IGNORE), "");
  assert.equal(
    prefillPage(null, "https://obec.example.cz/rozpocet?rok=2026", origin, IGNORE),
    "/rozpocet?rok=2026",
  );
  assert.equal(prefillPage(null, "https://jinde.example/x", origin, IGNORE), "");
  assert.equal(
    prefillPage(null, "https://obec.example.cz/pristupnost/nahlasit", origin, IGNORE),
    "",
  );
  assert.equal(prefillPage(null, "https://obec.example.cz/pristupnost", origin, IGNORE), "");
});

Deno.test("[accessibility report] the reference is 8 hex digits and only such references are shown", () => {
  assert.equal(reportReference("3f2a1c9b-0000-4000-8000-000000000000"), "3F2A1C9B");
  assert.equal(parseReportReference("3f2a1c9b"), "3F2A1C9B");
  assert.equal(parseReportReference("<script>"), null);
  assert.equal(parseReportReference(null), null);
  assert.equal(isIdempotencyKey(crypto.randomUUID()), true);
  assert.equal(isIdempotencyKey("1"), false);
});
