/**
 * A case end to end through the outbox with the real worker: filed → returned by the clerk →
 * corrected by the citizen (back to the same clerk) → approved; the timeline, the case's state
 * and one message per step. And the same with the worker killed by SIGKILL between the steps:
 * exactly one filing, one reference, one message per step.
 */
import { Client, Connection } from "@temporalio/client";
import { assert, assertEquals } from "./assert.ts";
import { demoTowns, hasServices, shared } from "./support/app.ts";
import { waitFor } from "./support/client.ts";
import { getDb } from "../lib/db.ts";
import { createOutcomeWaiter } from "../lib/outcomes.ts";
import { translator } from "../lib/i18n.ts";
import { decideCase, fileCase, resubmitCase } from "../app/cases.ts";
import { enqueueCommand } from "../db/repositories/commands.ts";
import { type CaseReviewInput, startCase } from "../domain/workflows.ts";
import type { CaseForm } from "../app/case_forms.ts";
import type { FieldError } from "../domain/validation.ts";
import { startWorker } from "../scripts/services/mod.ts";

const opts = { ...shared, ignore: !hasServices };

const form: CaseForm = {
  slug: "poplatek-ze-psa",
  title: "cases.forms.poplatek-ze-psa",
  agenda: "poplatky",
  validate(raw) {
    const name = typeof raw.name === "string" ? raw.name.trim() : "";
    const errors: FieldError<string>[] = name ? [] : [{ field: "name", code: "required" }];
    return errors.length ? { ok: false, errors } : { ok: true, value: { name } };
  },
};

async function actors() {
  const { lipnice } = await demoTowns();
  const db = getDb();
  const person = await db.selectFrom("persons").select("id").where("tenant_id", "=", lipnice.id)
    .where("username", "=", "tomas.horak.1001").executeTakeFirstOrThrow();
  const clerk = await db.selectFrom("clerks").select("id").where("tenant_id", "=", lipnice.id)
    .where("username", "=", "urednik").executeTakeFirstOrThrow();
  return {
    tenantId: lipnice.id,
    citizen: { tenantId: lipnice.id, personId: person.id, onBehalfOf: null, requestId: null },
    clerk: { tenantId: lipnice.id, clerkId: clerk.id, requestId: null, roles: ["agenda:poplatky"] },
  };
}

const ctx = { t: translator("cs"), origin: "http://localhost:8000", townName: "Lipnice" };

function caseRow(id: string) {
  return getDb().selectFrom("cases").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
}

const stateIs = (id: string, state: string, round = 1) => async () => {
  const c = await caseRow(id);
  return c.state === state && c.round === round ? c : null;
};

async function commandsDone(caseId: string) {
  const rows = await getDb().selectFrom("workflow_commands").select(["status", "name"])
    .where("subject_type", "=", "case").where("subject_id", "=", caseId).execute();
  return rows.length > 0 && rows.every((r) => r.status !== "pending");
}

async function messagesOf(caseId: string) {
  const rows = await getDb().selectFrom("outbox_messages").select("idempotency_key")
    .where("idempotency_key", "like", `case/${caseId}:%`).execute();
  return rows.map((r) => r.idempotency_key).sort();
}

async function eventsOf(caseId: string) {
  const rows = await getDb().selectFrom("case_events").select(["kind", "visible_to_citizen"])
    .where("case_id", "=", caseId).orderBy("id").execute();
  return rows.map((r) => r.kind);
}

/** The whole story; `between` runs after each step has been queued (e.g. kills the worker). */
async function story(taskQueue: string | undefined, between: (step: string) => Promise<void>) {
  const a = await actors();
  const db = getDb();
  const outcomes = createOutcomeWaiter(db, Deno.env.get("DATABASE_URL")!);
  try {
    const key = crypto.randomUUID();
    const filed = await fileCase(
      { db, now: () => new Date(), forms: () => form, taskQueue },
      {
        ...a.citizen,
      },
      ctx,
      { slug: "poplatek-ze-psa", values: { name: "Alík" }, files: [], idempotencyKey: key },
    );
    assert(filed.ok && filed.created);
    const id = filed.caseId;
    await waitFor(() => commandsDone(id), { what: "the case's workflow to start" });
    await between("filed");

    const returned = await decideCase({ db, outcomes, waitMs: 1000 }, a.clerk, {
      caseId: id,
      decision: "return",
      text: "Doplňte prosím číslo čipu.",
    });
    assert(returned.ok, JSON.stringify(returned));
    await between("returned");
    const r1 = await waitFor(stateIs(id, "returned"), { what: "the return", timeoutMs: 60_000 });
    assertEquals(r1.last_clerk_id, a.clerk.clerkId);
    assertEquals(r1.decision_text, "Doplňte prosím číslo čipu.");

    const corrected = await resubmitCase(
      { db, now: () => new Date(), forms: () => form, outcomes, waitMs: 1000 },
      a.citizen,
      { caseId: id, values: { name: "Alík (čip 203164000123456)" }, files: [] },
    );
    assert(corrected.ok, JSON.stringify(corrected));
    await between("resubmitted");
    const r2 = await waitFor(stateIs(id, "filed", 2), {
      what: "the correction",
      timeoutMs: 60_000,
    });
    assertEquals(r2.assigned_clerk_id, a.clerk.clerkId, "back to the same clerk");

    const approved = await decideCase({ db, outcomes, waitMs: 1000 }, a.clerk, {
      caseId: id,
      decision: "approve",
      text: "",
    });
    assert(approved.ok, JSON.stringify(approved));
    await between("approved");
    await waitFor(stateIs(id, "approved", 2), { what: "the approval", timeoutMs: 60_000 });

    // Exactly one filing with one reference, and one message per step the citizen is told of.
    const filings = await db.selectFrom("cases").select(["id", "reference"])
      .where("tenant_id", "=", a.tenantId).where("idempotency_key", "=", key).execute();
    assertEquals(filings.length, 1);
    const sameRef = await db.selectFrom("cases").select("id")
      .where("tenant_id", "=", a.tenantId).where("reference", "=", filings[0].reference).execute();
    assertEquals(sameRef.length, 1);
    assertEquals(await messagesOf(id), [
      `case/${id}:approved:2`,
      `case/${id}:filed:1`,
      `case/${id}:returned:1`,
    ]);
    assertEquals(await eventsOf(id), ["filed", "returned", "resubmitted", "approved"]);
    return id;
  } finally {
    await outcomes.close();
  }
}

Deno.test({
  name: "[cases] filed, returned, corrected back to the same clerk, approved: one message per step",
  ...opts,
  async fn() {
    const id = await story(undefined, () => Promise.resolve());
    const connection = await Connection.connect({ address: Deno.env.get("TEMPORAL_ADDRESS")! });
    try {
      // A new case's workflow id carries the town; it is stored with the case.
      const c = await caseRow(id);
      assertEquals(c.workflow_id, `lipnice/case/${id}`);
      const handle = new Client({ connection }).workflow.getHandle(`lipnice/case/${id}`);
      assertEquals(await handle.result(), { state: "approved", round: 2 });
      // The Temporal UI tells town and case apart: TenantSlug, and a summary with the reference.
      const described = await handle.describe();
      assertEquals(described.searchAttributes.TenantSlug, ["lipnice"]);
      assertEquals(
        await described.staticSummary(),
        `lipnice · poplatek-ze-psa · ${c.reference}: Přihlášení psa k poplatku`,
      );
      // `SAVE_HISTORY_DIR=… npm test -- tests/cases_test.ts` refreshes the committed history.
      const saveTo = Deno.env.get("SAVE_HISTORY_DIR");
      if (saveTo) {
        const { historyToJSON } = await import("@temporalio/common/lib/proto-utils.js");
        await Deno.writeTextFile(
          `${saveTo}/case-review-returned-approved.json`,
          historyToJSON(await handle.fetchHistory()),
        );
      }
    } finally {
      await connection.close();
    }
  },
});

Deno.test({
  name: "[cases] a case whose workflow was started before ids carried the town still gets decided",
  ...opts,
  async fn() {
    const a = await actors();
    const db = getDb();
    const outcomes = createOutcomeWaiter(db, Deno.env.get("DATABASE_URL")!);
    try {
      // A case as filed before the change: no stored id (or the old one), its workflow `case/<id>`.
      const id = crypto.randomUUID();
      const reference = `OLD-${id.slice(0, 8)}`;
      const dueAt = new Date(Date.now() + 7 * 86_400_000);
      await db.insertInto("cases").values({
        id,
        tenant_id: a.tenantId,
        reference,
        form_slug: "poplatek-ze-psa",
        agenda: "poplatky",
        person_id: a.citizen.personId,
        acting_for: null,
        on_behalf_of: null,
        idempotency_key: `old-${id}`,
        values: JSON.stringify({ name: "Alík" }),
        assigned_clerk_id: null,
        last_clerk_id: null,
        due_at: dueAt,
        updated_at: new Date(),
        escalated_at: null,
        decision_text: null,
      }).execute();
      const input: CaseReviewInput = {
        tenantId: a.tenantId,
        caseId: id,
        reference,
        slug: "poplatek-ze-psa",
        agenda: "poplatky",
        reviewDays: 7,
        dueAt: dueAt.toISOString(),
        origin: ctx.origin,
      };
      await enqueueCommand(
        db,
        startCase(input, { workflowId: `case/${id}`, tenantSlug: "lipnice" }),
      );
      await waitFor(() => commandsDone(id), { what: "the old-style workflow to start" });

      const returned = await decideCase({ db, outcomes, waitMs: 1000 }, a.clerk, {
        caseId: id,
        decision: "return",
        text: "Doplňte prosím číslo čipu.",
      });
      assert(returned.ok, JSON.stringify(returned));
      await waitFor(stateIs(id, "returned"), { what: "the return", timeoutMs: 60_000 });
      const update = await db.selectFrom("workflow_commands").select(["workflow_id", "status"])
        .where("subject_id", "=", id).where("kind", "=", "update").executeTakeFirstOrThrow();
      assertEquals(update, { workflow_id: `case/${id}`, status: "done" });
    } finally {
      await outcomes.close();
    }
  },
});

Deno.test({
  name:
    "[durability] a worker killed with SIGKILL at each step of a case: one filing, one message per step",
  ...opts,
  async fn() {
    const taskQueue = `cases-${crypto.randomUUID()}`;
    const worker = await startWorker({ ...Deno.env.toObject(), TEMPORAL_TASK_QUEUE: taskQueue });
    try {
      await story(taskQueue, async () => {
        const killed = await worker.kill("SIGKILL");
        assertEquals(killed.signal, "SIGKILL");
        await worker.restart();
      });
    } finally {
      await worker.stop();
    }
  },
});
