import { assert, assertEquals } from "../tests/assert.ts";
import {
  canMove,
  NOTICE_LIMITS,
  safeFileName,
  statusesLeadingTo,
  validateNoticeForm,
} from "./notice.ts";
import { parsePragueLocalDateTime, toPragueLocalInput } from "./time.ts";

const NOW = new Date("2026-11-21T10:00:00Z"); // 11:00 in Prague

function form(fields: Record<string, string>, files: File[] = []): FormData {
  const f = new FormData();
  for (const [k, v] of Object.entries(fields)) f.set(k, v);
  for (const file of files) f.append("documents", file);
  return f;
}

const valid = {
  title: "Návrh rozpočtu obce na rok 2027",
  postedFrom: "2026-11-21T11:00",
  relevantUntil: "2026-12-06T23:59",
};

Deno.test("[notice] a complete form becomes a draft with Prague times as instants", async () => {
  const result = await validateNoticeForm(form(valid), NOW);
  assert(result.ok);
  assertEquals(result.value.title, valid.title);
  assertEquals(result.value.postedFrom.toISOString(), "2026-11-21T10:00:00.000Z");
  assertEquals(result.value.relevantUntil?.toISOString(), "2026-12-06T22:59:00.000Z");
  assertEquals(result.value.description, null);
});

Deno.test("[notice] a missing title is reported at the title field", async () => {
  const result = await validateNoticeForm(form({ ...valid, title: "   " }), NOW);
  assert(!result.ok);
  assertEquals(result.errors, [{ field: "title", code: "required" }]);
});

Deno.test("[notice] a take-down before the posting is refused at the take-down field", async () => {
  const result = await validateNoticeForm(
    form({ ...valid, relevantUntil: "2026-11-20T09:00", postedFrom: "2026-11-21T11:00" }),
    NOW,
  );
  assert(!result.ok);
  assertEquals(result.errors.map((e) => [e.field, e.code]), [["relevantUntil", "dateBeforeStart"]]);
});

Deno.test("[notice] a 10 MB title is too long, not a crash", async () => {
  const result = await validateNoticeForm(
    form({ ...valid, title: "a".repeat(10 * 1024 * 1024) }),
    NOW,
  );
  assert(!result.ok);
  assertEquals(result.errors[0], {
    field: "title",
    code: "tooLong",
    params: { max: NOTICE_LIMITS.title },
  });
});

Deno.test("[notice] HTML in text fields is refused, per field", async () => {
  const result = await validateNoticeForm(
    form({
      ...valid,
      title: "<script>alert(1)</script>",
      description: "Viz <a href=x>odkaz</a>",
      referenceNumber: "&lt;b&gt;",
    }),
    NOW,
  );
  assert(!result.ok);
  assertEquals(result.errors.map((e) => [e.field, e.code]), [
    ["title", "htmlNotAllowed"],
    ["description", "htmlNotAllowed"],
    ["referenceNumber", "htmlNotAllowed"],
  ]);
});

Deno.test("[notice] an empty take-down means until further notice; an empty posting means now", async () => {
  const result = await validateNoticeForm(
    form({ title: "Vyhláška", postedFrom: "", relevantUntil: "" }),
    NOW,
  );
  assert(result.ok);
  assertEquals(result.value.relevantUntil, null);
  assertEquals(result.value.postedFrom, NOW);
});

Deno.test("[notice] malformed dates and a take-down already past are refused", async () => {
  const bad = await validateNoticeForm(form({ ...valid, postedFrom: "21. 11. 2026" }), NOW);
  assert(!bad.ok);
  assertEquals(bad.errors[0], { field: "postedFrom", code: "invalidDateTime" });
  const past = await validateNoticeForm(
    form({ ...valid, postedFrom: "2026-11-01T08:00", relevantUntil: "2026-11-10T08:00" }),
    NOW,
  );
  assert(!past.ok);
  assertEquals(past.errors[0], { field: "relevantUntil", code: "dateInPast" });
});

Deno.test("[notice] documents: allowed types kept, executables and oversize files refused", async () => {
  const pdf = new File([new Uint8Array([37, 80, 68, 70])], "rozpočet 2027.pdf", {
    type: "application/pdf",
  });
  const ok = await validateNoticeForm(form(valid, [pdf]), NOW);
  assert(ok.ok);
  assertEquals(ok.value.documents[0].fileName, "rozpočet 2027.pdf");
  assertEquals(ok.value.documents[0].mediaType, "application/pdf");

  const exe = new File([new Uint8Array([77, 90])], "faktura.exe");
  const big = new File([new Uint8Array(NOTICE_LIMITS.maxDocumentBytes + 1)], "velky.pdf");
  const bad = await validateNoticeForm(form(valid, [exe, big]), NOW);
  assert(!bad.ok);
  assertEquals(bad.errors.map((e) => e.code), ["fileTypeNotAllowed", "fileTooLarge"]);
});

Deno.test("[notice] file names lose paths and control characters but keep Czech letters", () => {
  assertEquals(safeFileName("C:\\Users\\x\\Usnesení č. 8.pdf"), "Usnesení č. 8.pdf");
  assertEquals(safeFileName("../../etc/passwd"), "passwd");
  assertEquals(safeFileName('a"b<c>.txt'), "a_b_c_.txt");
});

Deno.test("[notice] status moves only forward; a taken-down notice stays down", () => {
  assert(canMove("scheduled", "published"));
  assert(canMove("published", "withdrawn"));
  assert(!canMove("expired", "published"));
  assert(!canMove("withdrawn", "published"));
  // The activities move a notice only along these edges.
  assertEquals(statusesLeadingTo("published"), ["scheduled"]);
  assertEquals(statusesLeadingTo("withdrawn"), ["scheduled", "published"]);
  assertEquals(statusesLeadingTo("expired"), ["published"]);
});

Deno.test("[time] datetime-local in Prague: winter, summer, DST gap and repeated hour", () => {
  assertEquals(
    parsePragueLocalDateTime("2026-01-15T08:00")?.toISOString(),
    "2026-01-15T07:00:00.000Z",
  );
  assertEquals(
    parsePragueLocalDateTime("2026-07-15T08:00")?.toISOString(),
    "2026-07-15T06:00:00.000Z",
  );
  assertEquals(parsePragueLocalDateTime("2026-03-29T02:30"), null);
  assertEquals(
    parsePragueLocalDateTime("2026-10-25T02:30")?.toISOString(),
    "2026-10-25T00:30:00.000Z",
  );
  assertEquals(parsePragueLocalDateTime("2026-02-30T10:00"), null);
  assertEquals(toPragueLocalInput(new Date("2026-07-15T06:00:00Z")), "2026-07-15T08:00");
});
