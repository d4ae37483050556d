/**
 * A defect report end to end through the outbox with the real worker: filed by a signed-in
 * citizen with a photo whose location they chose to share → triaged to a department → resolved
 * → reopened by the reporter → resolved again → closed when the (shortened) reopen window
 * passes. One e-mail per step; the photo is stored without its metadata, its position became the
 * report's coordinates; the public list shows the state and nothing personal.
 */
import { Client, Connection } from "@temporalio/client";
import { assert, assertEquals } from "./assert.ts";
import { demoTowns, hasServices, shared } from "./support/app.ts";
import { waitFor } from "./support/client.ts";
import { jpegWithGps } from "./support/exif.ts";
import { getDb } from "../lib/db.ts";
import { createOutcomeWaiter } from "../lib/outcomes.ts";
import { translator } from "../lib/i18n.ts";
import { fileCase } from "../app/cases.ts";
import { type CaseForm, defaultCaseForms } from "../app/case_forms.ts";
import {
  listDefectReports,
  publicDefectReport,
  reopenDefectReport,
  resolveDefectReport,
  triageDefectReport,
} from "../app/defect_reports.ts";
import { readGpsLocation } from "../domain/images.ts";
import type { DefectReportInput } from "../domain/workflows.ts";

const opts = { ...shared, ignore: !hasServices };
const SLUG = "hlaseni-zavady";
const REOPEN_WINDOW_MS = 6_000;

/** The registered defect form, with a reopen window a test can wait out. */
function shortWindowForm(): CaseForm {
  const form = defaultCaseForms(SLUG);
  assert(form, "the defect report form is registered");
  return {
    ...form,
    workflowInput: (input): DefectReportInput => ({ ...input, reopenWindowMs: REOPEN_WINDOW_MS }),
  };
}

export async function defectActors() {
  const { lipnice, dubova } = await demoTowns();
  const db = getDb();
  const person = await db.selectFrom("persons").select("id").where("tenant_id", "=", lipnice.id)
    .where("username", "=", "tomas.horak.1001").executeTakeFirstOrThrow();
  const clerk = await db.selectFrom("clerks").select("id").where("tenant_id", "=", lipnice.id)
    .where("username", "=", "urednik").executeTakeFirstOrThrow();
  const department = await db.selectFrom("departments").select(["id", "name"])
    .where("tenant_id", "=", lipnice.id).where("name", "=", "Technické služby")
    .executeTakeFirstOrThrow();
  return {
    lipnice,
    dubova,
    department,
    citizen: { tenantId: lipnice.id, personId: person.id, onBehalfOf: null, requestId: null },
    clerk: { tenantId: lipnice.id, clerkId: clerk.id, requestId: null, roles: ["agenda:zavady"] },
  };
}

const ctx = { t: translator("cs"), origin: "http://localhost:8000", townName: "Lipnice" };

function reportRow(id: string) {
  return getDb().selectFrom("defect_reports").selectAll().where("case_id", "=", id)
    .executeTakeFirst();
}

const statusIs = (id: string, status: string, round = 1) => async () => {
  const r = await reportRow(id);
  return r && r.status === status && r.round === round ? r : null;
};

async function messagesOf(caseId: string) {
  const rows = await getDb().selectFrom("outbox_messages")
    .select(["idempotency_key", "recipient", "subject"])
    .where("idempotency_key", "like", `case/${caseId}:%`).execute();
  return rows.sort((a, b) => a.idempotency_key.localeCompare(b.idempotency_key));
}

/** Files a defect report as the demo citizen; returns the case id. */
export async function fileDefectReport(
  citizen: { tenantId: string; personId: string; onBehalfOf: null; requestId: null },
  extra: { form?: CaseForm; street?: string } = {},
) {
  const db = getDb();
  const filed = await fileCase(
    { db, now: () => new Date(), forms: () => extra.form ?? defaultCaseForms(SLUG) },
    citizen,
    ctx,
    {
      slug: SLUG,
      values: {
        category: "komunikace",
        description: "Propadlý kanál uprostřed chodníku, hrozí úraz.",
        placeKind: "address",
        address: {
          street: extra.street ?? "Polní",
          houseNumber: "12",
          town: "Lipnice nad Hájem",
          postalCode: "39401",
        },
        shareLocation: true,
        email: "",
      },
      files: [{ path: "photos", name: "kanal.jpg", bytes: jpegWithGps(49.6123456, 15.4123456) }],
      idempotencyKey: crypto.randomUUID(),
    },
  );
  assert(filed.ok && filed.created, JSON.stringify(filed));
  return filed.caseId;
}

Deno.test({
  name:
    "[defects] filed, triaged, resolved, reopened, resolved, closed by the timer: one e-mail per step, nothing personal in public",
  ...opts,
  async fn() {
    const a = await defectActors();
    const db = getDb();
    const outcomes = createOutcomeWaiter(db, Deno.env.get("DATABASE_URL")!);
    try {
      const id = await fileDefectReport(a.citizen, { form: shortWindowForm() });
      await waitFor(statusIs(id, "new"), { what: "the report's projection", timeoutMs: 60_000 });

      // The photo lost its metadata; its position became the report's coordinates.
      const photo = await db.selectFrom("attachments").select("content")
        .where("case_id", "=", id).executeTakeFirstOrThrow();
      assertEquals(readGpsLocation(photo.content), null);
      const c = await db.selectFrom("cases").select("values").where("id", "=", id)
        .executeTakeFirstOrThrow();
      assertEquals(c.values.latitude, 49.6123456);
      assertEquals(c.values.locationFromPhoto, true);
      const projected = await reportRow(id);
      assertEquals([projected?.latitude, projected?.place], [49.612, "Polní, Lipnice nad Hájem"]);

      const deps = { db, outcomes, waitMs: 1000 };
      const triaged = await triageDefectReport(deps, a.clerk, {
        caseId: id,
        outcome: "accept",
        departmentId: a.department.id,
        reason: "",
      });
      assert(triaged.ok, JSON.stringify(triaged));
      const assigned = await waitFor(statusIs(id, "assigned"), { what: "the triage" });
      assertEquals(assigned.department_id, a.department.id);

      const resolved = await resolveDefectReport(deps, a.clerk, {
        caseId: id,
        note: "Kanál byl opraven a zajištěn.",
      });
      assert(resolved.ok, JSON.stringify(resolved));
      const r1 = await waitFor(statusIs(id, "resolved"), { what: "the resolution" });
      assert(r1.reopen_until && r1.reopen_until.getTime() > Date.now());

      const reopened = await reopenDefectReport({ ...deps, now: () => new Date() }, a.citizen, {
        caseId: id,
        reason: "Poklop se znovu propadl.",
      });
      assert(reopened.ok, JSON.stringify(reopened));
      await waitFor(statusIs(id, "assigned", 2), { what: "the reopening" });

      const again = await resolveDefectReport(deps, a.clerk, {
        caseId: id,
        note: "Poklop vyměněn za nový.",
      });
      assert(again.ok, JSON.stringify(again));
      await waitFor(statusIs(id, "resolved", 2), { what: "the second resolution" });
      const closed = await waitFor(statusIs(id, "closed", 2), {
        what: "the closing timer",
        timeoutMs: 60_000,
      });
      assert(closed.closed_at);
      const caseRow = await db.selectFrom("cases").select("state").where("id", "=", id)
        .executeTakeFirstOrThrow();
      assertEquals(caseRow.state, "closed");

      // One e-mail per step, to the reporter.
      const mails = await waitFor(async () => {
        const m = await messagesOf(id);
        return m.length >= 6 ? m : null;
      }, { what: "the e-mails" });
      assertEquals(mails.map((m) => m.idempotency_key), [
        `case/${id}:closed:2`,
        `case/${id}:filed:1`,
        `case/${id}:reopened:2`,
        `case/${id}:resolved:1`,
        `case/${id}:resolved:2`,
        `case/${id}:triaged:1`,
      ]);
      assertEquals(new Set(mails.map((m) => m.recipient)).size, 1);
      const events = await db.selectFrom("case_events").select("kind").where("case_id", "=", id)
        .orderBy("id").execute();
      assertEquals(events.map((e) => e.kind), [
        "filed",
        "triaged",
        "resolved",
        "reopened",
        "resolved",
        "closed",
      ]);

      // The public list and page: the state, the street, the rounded place; nothing personal.
      const list = await listDefectReports({ db }, a.lipnice.id, {
        search: "polni",
        status: "",
        page: 1,
        t: translator("cs"),
      });
      const shown = list.reports.find((r) => r.id === id);
      assert(shown, "found by its street without diacritics");
      assertEquals(shown.status, "closed");
      const json = JSON.stringify(await publicDefectReport({ db }, a.lipnice.id, id));
      for (const secret of ["Polní 12", "39401", "Propadlý", "Horák", "tomas", "@", "49.6123"]) {
        assert(!json.includes(secret), `public report leaks ${secret}: ${json}`);
      }
      assertEquals(await publicDefectReport({ db }, a.dubova.id, id), null, "another town");

      const connection = await Connection.connect({ address: Deno.env.get("TEMPORAL_ADDRESS")! });
      try {
        const handle = new Client({ connection }).workflow.getHandle(`case/${id}`);
        assertEquals(await handle.result(), { status: "closed", round: 2 });
        // `SAVE_HISTORY_DIR=… npm test -- tests/defect_report_test.ts` refreshes the history.
        const saveTo = Deno.env.get("SAVE_HISTORY_DIR");
        if (saveTo) {
          const { historyToJSON } = await import("@temporalio/common/lib/proto-utils.js");
          await Deno.writeTextFile(
            `${saveTo}/defect-report-reopened-closed.json`,
            historyToJSON(await handle.fetchHistory()),
          );
        }
      } finally {
        await connection.close();
      }
    } finally {
      await outcomes.close();
    }
  },
});
