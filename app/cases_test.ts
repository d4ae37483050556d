/**
 * The filing office and drafts on a database of their own (no relay picks the commands up):
 * a double submit files once, reference numbers stay gap-free and unique under concurrency,
 * another person's draft or case is never found, bad input stores nothing.
 * Needs `DATABASE_URL` (the test runner provides one). Skipped without it.
 */
import { assert, assertEquals } from "../tests/assert.ts";
import { scratchDatabase } from "../tests/support/scratch_db.ts";
import { insertPerson } from "../db/repositories/persons.ts";
import type { FieldError } from "../domain/validation.ts";
import { citizenCase, fileCase, type Upload } from "./cases.ts";
import { deleteDraft, listSubmissions, loadDraft, saveDraft } from "./drafts.ts";
import type { CaseForm } from "./case_forms.ts";
import { translator } from "../lib/i18n.ts";

const ignore = !Deno.env.get("DATABASE_URL");
const opts = { ignore, sanitizeOps: false, sanitizeResources: false };

/** A small form: a required name and optional attachments of PDF files. */
const testForm: CaseForm = {
  slug: "test-situace",
  title: "cases.forms.poplatek-ze-psa",
  agenda: "poplatky",
  validate(raw, ctx) {
    const errors: FieldError<string>[] = [];
    const name = typeof raw.name === "string" ? raw.name.trim() : "";
    if (!name) errors.push({ field: "name", code: "required" });
    const ids = Array.isArray(raw.proof) ? raw.proof as string[] : [];
    const refs = ids.map((id) => ctx.attachments[id]);
    if (refs.some((r) => !r)) errors.push({ field: "proof", code: "invalidChoice" });
    if (refs.some((r) => r && r.mediaType !== "application/pdf")) {
      errors.push({ field: "proof", code: "fileTypeNotAllowed" });
    }
    return errors.length ? { ok: false, errors } : {
      ok: true,
      value: { name, ...(refs.length ? { proof: refs } : {}) },
    };
  },
};

const ctx = { t: translator("cs"), origin: "https://scratch.invalid", townName: "Scratch" };

async function setup() {
  const s = await scratchDatabase();
  const person = async (n: string) =>
    await insertPerson(s.db, s.tenantId, {
      username: `osoba.${n}.${crypto.randomUUID().slice(0, 4)}`,
      givenName: "Jana",
      familyName: "Testová",
      passwordHash: null,
      status: "active",
    });
  const a = await person("a");
  const b = await person("b");
  const deps = { db: s.db, now: () => new Date(), forms: () => testForm };
  const actor = (personId: string) => ({
    tenantId: s.tenantId,
    personId,
    onBehalfOf: null,
    requestId: null,
  });
  return { s, a, b, deps, actor };
}

const pdf = (text: string): Upload => ({
  path: "proof",
  name: "Potvrzení.pdf",
  bytes: new TextEncoder().encode(`%PDF-1.4 ${text}`),
});

Deno.test({
  name: "[cases] a double submit (same key, at once) files one case with one reference",
  ...opts,
  async fn() {
    const { s, a, deps, actor } = await setup();
    try {
      const input = {
        slug: "test-situace",
        values: { name: "Alík" },
        files: [pdf("doklad")],
        idempotencyKey: crypto.randomUUID(),
      };
      const results = await Promise.all(
        Array.from({ length: 5 }, () => fileCase(deps, actor(a), ctx, input)),
      );
      assert(results.every((r) => r.ok));
      const ids = new Set(results.map((r) => r.ok ? r.caseId : ""));
      assertEquals(ids.size, 1);
      assertEquals(results.filter((r) => r.ok && r.created).length, 1);
      const counts = await Promise.all(
        ["cases", "attachments", "workflow_commands", "case_events"].map(async (table) =>
          Number(
            (await s.db.selectFrom(table as "cases").select((eb) => eb.fn.countAll().as("n"))
              .executeTakeFirstOrThrow()).n,
          )
        ),
      );
      // One case, its one file, one start command, one timeline event.
      assertEquals(counts, [1, 1, 1, 1]);
      const attachment = await s.db.selectFrom("attachments").selectAll().executeTakeFirstOrThrow();
      assertEquals(attachment.media_type, "application/pdf");
      assertEquals(attachment.sha256.length, 64);
      // A later replay of the same POST is the same case.
      const again = await fileCase(deps, actor(a), ctx, input);
      assert(again.ok && !again.created && ids.has(again.caseId));
    } finally {
      await s.drop();
    }
  },
});

Deno.test({
  name: "[cases] 20 concurrent filings get 20 unique, gap-free reference numbers",
  ...opts,
  async fn() {
    const { s, a, b, deps, actor } = await setup();
    try {
      const results = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          fileCase(deps, actor(i % 2 ? a : b), ctx, {
            slug: "test-situace",
            values: { name: `Pes ${i}` },
            files: [],
            idempotencyKey: crypto.randomUUID(),
          })),
      );
      const refs = results.map((r) => r.ok ? r.reference : "").sort();
      const year = new Date().getUTCFullYear();
      const expected = Array.from(
        { length: 20 },
        (_, i) => `SCR-${year}/${String(i + 1).padStart(6, "0")}`,
      );
      // The year in Prague may differ from UTC's for a few hours on New Year's Eve.
      if (refs[0].includes(String(year))) assertEquals(refs, expected);
      else assertEquals(new Set(refs).size, 20);
      // A filing that fails validation takes no number.
      const bad = await fileCase(deps, actor(a), ctx, {
        slug: "test-situace",
        values: { name: "" },
        files: [],
        idempotencyKey: crypto.randomUUID(),
      });
      assert(!bad.ok && bad.code === "invalid");
      const next = await fileCase(deps, actor(a), ctx, {
        slug: "test-situace",
        values: { name: "Další" },
        files: [],
        idempotencyKey: crypto.randomUUID(),
      });
      assert(next.ok && next.reference.endsWith("/000021"), JSON.stringify(next));
    } finally {
      await s.drop();
    }
  },
});

Deno.test({
  name:
    "[cases] a wrong-type attachment (an .exe named .pdf) gets a field error and stores nothing",
  ...opts,
  async fn() {
    const { s, a, deps, actor } = await setup();
    try {
      const exe: Upload = {
        path: "proof",
        name: "doklad.pdf",
        bytes: new Uint8Array([0x4d, 0x5a, 0x90, 0x00, 0x03, 0x00]),
      };
      const r = await fileCase(deps, actor(a), ctx, {
        slug: "test-situace",
        values: { name: "Alík" },
        files: [exe],
        idempotencyKey: crypto.randomUUID(),
      });
      assert(!r.ok && r.code === "invalid");
      assertEquals(r.errors.map((e) => e.field), ["proof"]);
      for (const table of ["cases", "attachments", "workflow_commands"] as const) {
        const n = await s.db.selectFrom(table).select((eb) => eb.fn.countAll().as("n"))
          .executeTakeFirstOrThrow();
        assertEquals(Number(n.n), 0, table);
      }
    } finally {
      await s.drop();
    }
  },
});

Deno.test({
  name:
    "[cases] a draft is resumed by its owner only; filing removes it; another person finds nothing",
  ...opts,
  async fn() {
    const { s, a, b, deps, actor } = await setup();
    try {
      const saved = await saveDraft(deps, actor(a), {
        slug: "test-situace",
        values: { name: "Rozepsaný" },
        step: 1,
      });
      assert(saved.ok && saved.created);
      const again = await saveDraft(deps, actor(a), {
        slug: "test-situace",
        values: { name: "Rozepsaný pes" },
        step: 2,
      });
      assert(again.ok && !again.created);
      const mine = await loadDraft(deps, actor(a), "test-situace");
      assertEquals(mine?.values, { name: "Rozepsaný pes" });
      assertEquals(mine?.step, 2);
      assertEquals(await loadDraft(deps, actor(b), "test-situace"), null);
      assertEquals(await deleteDraft(deps, actor(b), "test-situace"), false);
      assertEquals((await listSubmissions(deps, actor(b))).drafts.length, 0);

      const filed = await fileCase(deps, actor(a), ctx, {
        slug: "test-situace",
        values: { name: "Rozepsaný pes" },
        files: [],
        idempotencyKey: crypto.randomUUID(),
      });
      assert(filed.ok);
      assertEquals(await loadDraft(deps, actor(a), "test-situace"), null);
      const list = await listSubmissions(deps, actor(a));
      assertEquals(list.cases.map((c) => c.id), [filed.caseId]);
      assertEquals(await citizenCase(deps, actor(b), filed.caseId), null);
      assertEquals((await citizenCase(deps, actor(a), filed.caseId))?.events.length, 1);

      const big = await saveDraft(deps, actor(a), {
        slug: "test-situace",
        values: { name: "x".repeat(300_000) },
        step: 0,
      });
      assert(!big.ok && big.code === "tooLarge");
    } finally {
      await s.drop();
    }
  },
});
