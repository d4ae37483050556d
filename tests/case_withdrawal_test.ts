/**
 * The citizen takes a filing back (the case kit's `withdraw`, zpětvzetí) with the real worker:
 * over HTTP the first POST shows the confirmation page and changes nothing, a too long reason is
 * a Czech 422, the confirmed POST closes the case (a `withdrawn` event, one message, one audit
 * entry), a second one is 409 and the clerk can no longer decide it; a grant application
 * withdrawn during its formal check becomes `withdrawn` and its workflow ends.
 */
import { Client, Connection } from "@temporalio/client";
import { assert, assertEquals, assertStringIncludes } from "./assert.ts";
import { client, demoTowns, hasServices, shared } from "./support/app.ts";
import { waitFor } from "./support/wait.ts";
import { insertPerson } from "./support/people.ts";
import { getDb } from "../lib/db.ts";
import { createOutcomeWaiter } from "../lib/outcomes.ts";
import { translator } from "../lib/i18n.ts";
import { decideCase, fileCase } from "../app/cases.ts";
import { withdrawCase } from "../app/case_withdrawal.ts";
import type { CaseForm } from "../app/case_forms.ts";
import { CONFIRM_FIELD, CONFIRM_VALUE } from "../lib/http/confirm.ts";
import { WITHDRAW_REASON_MAX } from "../domain/cases.ts";
import { insertGrantApplication } from "./support/grant_fixture.ts";
import { caseWorkflowId, startCase, WORKFLOW_TYPES } from "../domain/workflows.ts";
import { enqueueCommand } from "../db/repositories/commands.ts";

const opts = { ...shared, ignore: !hasServices };

const form: CaseForm = {
  slug: "poplatek-ze-psa",
  title: "cases.forms.poplatek-ze-psa",
  agenda: "poplatky",
  validate(raw) {
    const name = typeof raw.name === "string" ? raw.name.trim() : "";
    return name ? { ok: true, value: { name } } : {
      ok: false,
      errors: [{ field: "name", code: "required" }],
    };
  },
};

const ctx = { t: translator("cs"), origin: "http://localhost:8000", townName: "Lipnice" };

function commandsDone(caseId: string) {
  return async () => {
    const rows = await getDb().selectFrom("workflow_commands").select("status")
      .where("subject_type", "=", "case").where("subject_id", "=", caseId).execute();
    return rows.length > 0 && rows.every((r) => r.status !== "pending");
  };
}

Deno.test({
  name: "[cases] the citizen withdraws a filing: confirmation first, Czech 422, closed with one " +
    "event, message and audit entry; 409 afterwards, and the clerk can no longer decide it",
  ...opts,
  async fn() {
    const { lipnice } = await demoTowns();
    const db = getDb();
    const person = await insertPerson(lipnice.id, {
      prefix: "zpetvzeti",
      givenName: "Karel",
      familyName: "Rozmyslný",
      email: true,
    });
    const c = await client();
    await c.loginCitizen(person.username, person.password);
    const citizen = {
      tenantId: lipnice.id,
      personId: person.id,
      onBehalfOf: null,
      requestId: null,
    };
    const filed = await fileCase(
      { db, now: () => new Date(), forms: () => form },
      citizen,
      ctx,
      {
        slug: "poplatek-ze-psa",
        values: { name: "Alík" },
        files: [],
        idempotencyKey: crypto.randomUUID(),
      },
    );
    assert(filed.ok);
    const id = filed.caseId;
    await waitFor(commandsDone(id), { what: "the case's workflow to start" });
    const path = `/ucet/podani/${id}/zpet-vzit`;

    // The case page offers it.
    const detail = await c.page(`/ucet/podani/${id}`);
    assertStringIncludes(detail, "Vzít podání zpět");

    // A too long reason: a Czech error, nothing changes.
    let res = await c.post(path, { reason: "x".repeat(WITHDRAW_REASON_MAX + 1) });
    assertEquals(res.status, 422);
    assertStringIncludes(await res.text(), "nejvýše 1000 znaků");

    // The first POST is the confirmation page; nothing changed, nothing audited.
    res = await c.post(path, { reason: "Podal jsem omylem dvakrát." });
    assertEquals(res.status, 200);
    const confirm = await res.text();
    assertStringIncludes(confirm, `Opravdu vzít podání ${filed.reference} zpět?`);
    assertStringIncludes(confirm, "Zpětvzetí nelze odvolat");
    const before = await db.selectFrom("cases").select("state").where("id", "=", id)
      .executeTakeFirstOrThrow();
    assertEquals(before.state, "filed");

    // Confirmed: the workflow closes the case.
    res = await c.post(path, {
      reason: "Podal jsem omylem dvakrát.",
      [CONFIRM_FIELD]: CONFIRM_VALUE,
    });
    assertEquals(res.status, 303);
    assert(/^\/ucet\/podani\/[0-9a-f-]{36}\?(vzato-zpet|zpracovava)=1$/.test(
      res.headers.get("location") ?? "",
    ));
    await waitFor(async () => {
      const row = await db.selectFrom("cases").select("state").where("id", "=", id)
        .executeTakeFirstOrThrow();
      return row.state === "closed";
    }, { what: "the case closed", timeoutMs: 60_000 });
    const events = await db.selectFrom("case_events").select(["kind", "text"])
      .where("case_id", "=", id).orderBy("id").execute();
    assertEquals(events, [
      { kind: "filed", text: null },
      { kind: "withdrawn", text: "Podal jsem omylem dvakrát." },
    ]);
    const messages = await db.selectFrom("outbox_messages").select(["idempotency_key", "subject"])
      .where("idempotency_key", "like", `case/${id}:withdrawn:%`).execute();
    assertEquals(messages.length, 1);
    assertStringIncludes(messages[0].subject ?? "", "jste vzali zpět");
    // The person's request and the workflow's step, once each.
    const audits = await db.selectFrom("audit_log").select("action")
      .where("subject_id", "=", id)
      .where("action", "in", ["case.withdrawal_requested", "case.withdrawn"])
      .orderBy("id").execute();
    assertEquals(audits.map((a) => a.action), ["case.withdrawal_requested", "case.withdrawn"]);
    const after = await c.page(`/ucet/podani/${id}?vzato-zpet=1`);
    assertStringIncludes(after, "Podání jste vzali zpět.");
    assertStringIncludes(after, "Podání vzal podatel zpět");
    assert(!after.includes(`action="${path}"`), "no withdrawal form on a closed case");

    // Again: 409; the clerk cannot decide a withdrawn case.
    res = await c.post(path, { reason: "", [CONFIRM_FIELD]: CONFIRM_VALUE });
    assertEquals(res.status, 409);
    assertStringIncludes(await res.text(), "Podání už nelze vzít zpět");
    const clerk = await db.selectFrom("clerks").select("id").where("tenant_id", "=", lipnice.id)
      .where("username", "=", "urednik").executeTakeFirstOrThrow();
    const outcomes = createOutcomeWaiter(db, Deno.env.get("DATABASE_URL")!);
    try {
      const decided = await decideCase({ db, outcomes, waitMs: 1000 }, {
        tenantId: lipnice.id,
        clerkId: clerk.id,
        requestId: null,
        roles: ["agenda:poplatky"],
      }, { caseId: id, decision: "approve", text: "" });
      assert(!decided.ok, JSON.stringify(decided));
    } finally {
      await outcomes.close();
    }

    const connection = await Connection.connect({ address: Deno.env.get("TEMPORAL_ADDRESS")! });
    try {
      const handle = new Client({ connection }).workflow.getHandle(`lipnice/case/${id}`);
      assertEquals(await handle.result(), { state: "closed", round: 1 });
      // `SAVE_HISTORY_DIR=… npm test -- tests/case_withdrawal_test.ts` refreshes the history.
      const saveTo = Deno.env.get("SAVE_HISTORY_DIR");
      if (saveTo) {
        const { historyToJSON } = await import("@temporalio/common/lib/proto-utils.js");
        await Deno.writeTextFile(
          `${saveTo}/case-review-withdrawn.json`,
          historyToJSON(await handle.fetchHistory()) + "\n",
        );
      }
    } finally {
      await connection.close();
    }
  },
});

Deno.test({
  name: "[grant applications] withdrawn during the formal check: the application is withdrawn " +
    "and its workflow ends",
  ...opts,
  async fn() {
    const { lipnice } = await demoTowns();
    const db = getDb();
    const person = await db.selectFrom("persons").select("id").where("tenant_id", "=", lipnice.id)
      .where("username", "=", "tomas.horak.1001").executeTakeFirstOrThrow();
    const call = await db.selectFrom("grant_calls").select("id").where("tenant_id", "=", lipnice.id)
      .where("idempotency_key", "=", "seed-spolky-2027").executeTakeFirstOrThrow();
    const a = await insertGrantApplication({
      tenantId: lipnice.id,
      callId: call.id,
      personId: person.id,
      state: "submitted",
    });
    const row = await db.selectFrom("cases").selectAll().where("id", "=", a.caseId)
      .executeTakeFirstOrThrow();
    await enqueueCommand(
      db,
      startCase({
        tenantId: lipnice.id,
        caseId: a.caseId,
        reference: a.reference,
        slug: row.form_slug,
        agenda: row.agenda,
        reviewDays: 30,
        dueAt: new Date(Date.now() + 30 * 86_400_000).toISOString(),
        origin: ctx.origin,
      }, {
        workflowId: row.workflow_id ?? caseWorkflowId("lipnice", a.caseId),
        tenantSlug: "lipnice",
        workflowType: WORKFLOW_TYPES.grantApplication,
      }),
    );
    await waitFor(commandsDone(a.caseId), { what: "the application's workflow to start" });
    const outcomes = createOutcomeWaiter(db, Deno.env.get("DATABASE_URL")!);
    try {
      const r = await withdrawCase(
        { db, outcomes, waitMs: 10_000 },
        { tenantId: lipnice.id, personId: person.id, onBehalfOf: null, requestId: null },
        { caseId: a.caseId, reason: "" },
      );
      assert(r.ok, JSON.stringify(r));
    } finally {
      await outcomes.close();
    }
    await waitFor(async () => {
      const g = await db.selectFrom("grant_applications").select("state")
        .where("id", "=", a.applicationId).executeTakeFirstOrThrow();
      return g.state === "withdrawn";
    }, { what: "the application withdrawn", timeoutMs: 60_000 });
    const connection = await Connection.connect({ address: Deno.env.get("TEMPORAL_ADDRESS")! });
    try {
      const handle = new Client({ connection }).workflow.getHandle(
        row.workflow_id ?? caseWorkflowId("lipnice", a.caseId),
      );
      assertEquals((await handle.result()).state, "closed");
    } finally {
      await connection.close();
    }
  },
});
