/**
 * The grant committee (issue 14): members score on their own (a repeat writes nothing), a
 * declared conflict of interest blocks scoring (the use case and the database trigger), a
 * member of another call and a clerk of the town who does not sit on the call see nothing
 * (404 over HTTP); the ranking's proposal; the council's decision (a refusal needs a reason,
 * the applicant's timeline event and message, the workflow's signal, once) and concurrent
 * decisions that never overspend the programme's total; the ranking and the decisions export
 * as xlsx and docx that read back.
 */
import ExcelJS from "exceljs";
import JSZip from "jszip";
import { assert, assertEquals } from "./assert.ts";
import { client, demoTowns, hasServices, shared } from "./support/app.ts";
import type { TestClient } from "./support/client.ts";
import { insertGrantApplication } from "./support/grant_fixture.ts";
import { getDb } from "../lib/db.ts";
import { DEMO_ADMIN } from "../db/seeds/demo.ts";
import {
  type CommitteeActor,
  decideGrant,
  declareConflict,
  memberCall,
  memberCalls,
  openRanking,
  openScoring,
  proposeGrant,
  scoreApplication,
  seatCommitteeMember,
  unseatCommitteeMember,
} from "../app/grant_committee.ts";
import { eventKey } from "../domain/cases.ts";

const opts = { ...shared, ignore: !hasServices };

function uniq(): string {
  return crypto.randomUUID().slice(0, 8);
}

/** A programme (two criteria, 60/40 %, up to 10 points) and a closed call of it. */
async function callFixture(tenantId: string, totalKc = 500_000) {
  const db = getDb();
  const key = uniq();
  const programme = await db.insertInto("grant_programmes").values({
    tenant_id: tenantId,
    title: `Komise: program ${key}`,
    purpose: "Podpora spolků.",
    eligible_applicants: "Spolky.",
    applicant_kinds: ["organisation"],
    total_halere: totalKc * 100,
    min_grant_halere: 10_000_00,
    max_grant_halere: Math.min(totalKc, 100_000) * 100,
    cofinancing_bp: 3000,
    eligible_costs: "Nájem.",
    ineligible_costs: "Alkohol.",
    legal_basis: "Zákon č. 250/2000 Sb.",
  }).returning("id").executeTakeFirstOrThrow();
  await db.insertInto("grant_cost_categories").values([
    {
      tenant_id: tenantId,
      programme_id: programme.id,
      position: 1,
      code: "najem",
      name: "Nájem",
      eligible: true,
    },
    {
      tenant_id: tenantId,
      programme_id: programme.id,
      position: 2,
      code: "material",
      name: "Materiál",
      eligible: true,
    },
  ]).execute();
  const criteria = await db.insertInto("grant_criteria").values([
    {
      tenant_id: tenantId,
      programme_id: programme.id,
      position: 1,
      name: "Přínos pro obec",
      weight: 60,
      max_score: 10,
    },
    {
      tenant_id: tenantId,
      programme_id: programme.id,
      position: 2,
      name: "Hospodárnost",
      weight: 40,
      max_score: 10,
    },
  ]).returning("id").execute();
  const call = await db.insertInto("grant_calls").values({
    tenant_id: tenantId,
    programme_id: programme.id,
    idempotency_key: `komise-${key}`,
    title: `Výzva komise ${key}`,
    opens_at: new Date("2026-01-01T08:00:00Z"),
    closes_at: new Date("2026-02-01T08:00:00Z"),
    decision_deadline: "2026-03-01",
    settlement_deadline: "2027-01-31",
    project_from: "2026-01-01",
    project_to: "2026-12-31",
    state: "closed",
  }).returning("id").executeTakeFirstOrThrow();
  return { programmeId: programme.id, callId: call.id, criteria: criteria.map((c) => c.id) };
}

async function newClerk(tenantId: string, roles: string[] = []): Promise<string> {
  const key = uniq();
  const row = await getDb().insertInto("clerks").values({
    tenant_id: tenantId,
    username: `komise.test.${key}`,
    display_name: `Člen ${key}`,
    email: `komise.${key}@example.cz`,
    password_hash: "x",
    roles,
  }).returning("id").executeTakeFirstOrThrow();
  return row.id;
}

async function person(tenantId: string): Promise<string> {
  return (await getDb().selectFrom("persons").select("id").where("tenant_id", "=", tenantId)
    .where("username", "=", "tomas.horak.1001").executeTakeFirstOrThrow()).id;
}

async function grantsClerk(tenantId: string): Promise<CommitteeActor> {
  const urednik = await getDb().selectFrom("clerks").select("id")
    .where("tenant_id", "=", tenantId).where("username", "=", "urednik")
    .executeTakeFirstOrThrow();
  return { tenantId, clerkId: urednik.id, roles: ["grants"] };
}

const deps = () => ({ db: getDb() });

function scores(criteria: string[], points: number[]) {
  return criteria.map((id, i) => ({
    criterionId: id,
    score: points[i],
    comment: `Body ${points[i]}`,
  }));
}

Deno.test({
  name:
    "[grants] committee: members score on their own, a conflict blocks scoring, another call's member sees nothing",
  ...opts,
  async fn() {
    const { lipnice } = await demoTowns();
    const t = lipnice.id;
    const db = getDb();
    const { callId, criteria } = await callFixture(t);
    const other = await callFixture(t);
    const app = await insertGrantApplication({
      tenantId: t,
      callId,
      personId: await person(t),
      state: "formally_ok",
      askedHalere: 50_000_00,
    });
    const boss = await grantsClerk(t);
    const [a, b, c, d] = await Promise.all([1, 2, 3, 4].map(() => newClerk(t)));
    for (const [clerkId, role] of [[a, "chair"], [b, "member"], [c, "member"]] as const) {
      const r = await seatCommitteeMember(deps(), boss, { callId, clerkId, role });
      assertEquals(r, { ok: true, changed: true });
    }
    // Seating again changes nothing; a second chair is refused.
    assertEquals(await seatCommitteeMember(deps(), boss, { callId, clerkId: b, role: "member" }), {
      ok: true,
      changed: false,
    });
    assertEquals(
      await seatCommitteeMember(deps(), boss, { callId, clerkId: c, role: "chair" }),
      { ok: false, code: "chairTaken" },
    );
    await seatCommitteeMember(deps(), boss, { callId: other.callId, clerkId: d, role: "member" });
    const actor = (clerkId: string): CommitteeActor => ({ tenantId: t, clerkId, roles: [] });

    // A member of another call sees nothing of this one.
    assertEquals((await memberCalls(db, t, d)).map((x) => x.id), [other.callId]);
    assertEquals(await memberCall(db, t, d, callId), undefined);
    assertEquals(await openScoring(db, t, d, app.applicationId), undefined);
    assertEquals(
      await scoreApplication(deps(), actor(d), {
        applicationId: app.applicationId,
        scores: scores(other.criteria, [5, 5]),
      }),
      { ok: false, code: "notFound" },
    );
    assertEquals((await memberCalls(db, t, a)).map((x) => [x.id, x.to_score, x.open_for_me]), [
      [callId, 1, 1],
    ]);

    // B does not see A's scores before scoring: A scores (the application becomes evaluated).
    assertEquals(
      await scoreApplication(deps(), actor(a), {
        applicationId: app.applicationId,
        scores: scores(criteria, [10, 5]),
      }),
      { ok: true, changed: true },
    );
    const beforeB = await openScoring(db, t, b, app.applicationId);
    assertEquals(beforeB?.others, null, "B sees no other score before scoring");
    // The same scores again: nothing written, no second event or signal.
    assertEquals(
      await scoreApplication(deps(), actor(a), {
        applicationId: app.applicationId,
        scores: scores(criteria, [10, 5]),
      }),
      { ok: true, changed: false },
    );
    await scoreApplication(deps(), actor(b), {
      applicationId: app.applicationId,
      scores: scores(criteria, [6, 10]),
    });
    const afterB = await openScoring(db, t, b, app.applicationId);
    assertEquals(afterB?.others?.length, 2, "after scoring, B sees A's two scores");
    // A: 60 + 20 = 80; B: 36 + 40 = 76 → 78.
    assertEquals(afterB?.committeeScore, { score: 78, members: 2 });

    // C declares a conflict: never scores it (the use case, and the trigger underneath).
    assertEquals(
      await declareConflict(deps(), actor(c), {
        applicationId: app.applicationId,
        statement: "Jsem členem výboru žadatele.",
      }),
      { ok: true, changed: true },
    );
    assertEquals(
      await declareConflict(deps(), actor(c), { applicationId: app.applicationId, statement: "x" }),
      { ok: true, changed: false },
    );
    assertEquals(
      await scoreApplication(deps(), actor(c), {
        applicationId: app.applicationId,
        scores: scores(criteria, [10, 10]),
      }),
      { ok: false, code: "conflict" },
    );
    const seatC = await db.selectFrom("grant_committee_members").select("id")
      .where("call_id", "=", callId).where("clerk_id", "=", c).executeTakeFirstOrThrow();
    const refused = await db.insertInto("grant_scores").values({
      tenant_id: t,
      application_id: app.applicationId,
      member_id: seatC.id,
      criterion_id: criteria[0],
      score: 10,
    }).execute().then(() => null, (e) => (e as { code?: string }).code);
    assertEquals(refused, "23514", "the database refuses a conflicted member's score");
    const seenByC = await openScoring(db, t, c, app.applicationId);
    assert(seenByC?.conflict, "C's page shows the declared conflict");

    // B unseated: sees nothing of the call any more, and B's scores no longer count.
    const seatB = await db.selectFrom("grant_committee_members").select("id")
      .where("call_id", "=", callId).where("clerk_id", "=", b).executeTakeFirstOrThrow();
    assertEquals(
      await unseatCommitteeMember(deps(), boss, { callId, memberId: seatB.id }),
      { ok: true, changed: true },
    );
    assertEquals(
      await unseatCommitteeMember(deps(), boss, { callId, memberId: seatB.id }),
      { ok: true, changed: false },
    );
    assertEquals(await memberCall(db, t, b, callId), undefined);
    assertEquals((await openScoring(db, t, a, app.applicationId))?.committeeScore, {
      score: 80,
      members: 1,
    });
    // Seated again: B's recorded scores count again.
    await seatCommitteeMember(deps(), boss, { callId, clerkId: b, role: "member" });
    assertEquals((await openScoring(db, t, a, app.applicationId))?.committeeScore, {
      score: 78,
      members: 2,
    });

    const row = await db.selectFrom("grant_applications").select("state")
      .where("id", "=", app.applicationId).executeTakeFirstOrThrow();
    assertEquals(row.state, "evaluated");
    const events = await db.selectFrom("case_events").select(["kind", "visible_to_citizen"])
      .where("case_id", "=", app.caseId).where("kind", "=", "grantEvaluated").execute();
    assertEquals(events, [{ kind: "grantEvaluated", visible_to_citizen: false }]);
    const signals = await db.selectFrom("workflow_commands").select("id")
      .where("command_key", "like", `signal:%${app.caseId}:grantApplicationChanged:evaluated`)
      .execute();
    assertEquals(signals.length, 1, "one signal for the evaluated step");
    const audits = await db.selectFrom("audit_log").select("action")
      .where("subject_id", "=", app.applicationId).where("action", "=", "grant_committee.scored")
      .execute();
    assertEquals(audits.length, 2, "A's and B's scores, not A's repeat");
  },
});

Deno.test({
  name:
    "[grants] the committee proposes, the council decides: a refusal with its reason, the applicant told once",
  ...opts,
  async fn() {
    const { lipnice } = await demoTowns();
    const t = lipnice.id;
    const db = getDb();
    const { callId, criteria } = await callFixture(t);
    const personId = await person(t);
    const [one, two] = [
      await insertGrantApplication({
        tenantId: t,
        callId,
        personId,
        state: "formally_ok",
        askedHalere: 60_000_00,
      }),
      await insertGrantApplication({
        tenantId: t,
        callId,
        personId,
        state: "formally_ok",
        askedHalere: 30_000_00,
      }),
    ];
    const boss = await grantsClerk(t);
    const member = await newClerk(t);
    await seatCommitteeMember(deps(), boss, { callId, clerkId: member, role: "chair" });
    const m: CommitteeActor = { tenantId: t, clerkId: member, roles: [] };
    await scoreApplication(deps(), m, {
      applicationId: one.applicationId,
      scores: scores(criteria, [9, 9]),
    });
    await scoreApplication(deps(), m, {
      applicationId: two.applicationId,
      scores: scores(criteria, [4, 5]),
    });

    // The chair ranks (without the grants role) and proposes less than asked for the first.
    const ranking = await openRanking(db, m, callId);
    assertEquals(ranking?.ranked.map((r) => [r.row.id, r.rank, r.row.score]), [
      [one.applicationId, 1, 90],
      [two.applicationId, 2, 44],
    ]);
    const stranger = await newClerk(t);
    assertEquals(
      await openRanking(db, { tenantId: t, clerkId: stranger, roles: [] }, callId),
      undefined,
    );
    assertEquals(
      await proposeGrant(deps(), m, {
        callId,
        applicationId: one.applicationId,
        draft: { outcome: "grant", amount: 45_000_00, reason: null },
      }),
      { ok: true, changed: true },
    );
    assertEquals(
      await proposeGrant(deps(), m, {
        callId,
        applicationId: one.applicationId,
        draft: { outcome: "grant", amount: 45_000_00, reason: null },
      }),
      { ok: true, changed: false },
    );
    await proposeGrant(deps(), m, {
      callId,
      applicationId: two.applicationId,
      draft: { outcome: "refuse", amount: 0, reason: "Projekt nepřináší obci dost." },
    });
    const proposed = await db.selectFrom("grant_applications")
      .select(["id", "state", "proposed_halere", "proposal_reason", "rank"])
      .where("call_id", "=", callId).orderBy("rank").execute();
    assertEquals(proposed.map((p) => [p.state, p.proposed_halere, p.proposal_reason, p.rank]), [
      ["proposed", "4500000", null, 1],
      ["proposed", "0", "Projekt nepřináší obci dost.", 2],
    ]);

    // Only the grants clerk records the decision.
    const draft = {
      outcome: "grant" as const,
      amount: 45_000_00,
      reason: null,
      resolution: "ZO 2/2026/7",
      decidedOn: "2026-02-20",
    };
    assertEquals(
      await decideGrant(deps(), m, {
        callId,
        applicationId: one.applicationId,
        draft,
        origin: "http://localhost",
      }),
      { ok: false, code: "notAllowed" },
    );
    const before = await db.selectFrom("grant_programmes as p")
      .innerJoin("grant_calls as c", "c.programme_id", "p.id").select("p.granted_halere")
      .where("c.id", "=", callId).executeTakeFirstOrThrow();
    for (let i = 0; i < 2; i++) {
      const r = await decideGrant(deps(), boss, {
        callId,
        applicationId: one.applicationId,
        draft,
        origin: "http://localhost",
      });
      assertEquals(r, { ok: true, changed: i === 0, outcome: "granted" });
    }
    const refusal = {
      ...draft,
      outcome: "refuse" as const,
      amount: 0,
      reason: "Projekt nepřináší obci dost.",
    };
    assertEquals(
      (await decideGrant(deps(), boss, {
        callId,
        applicationId: two.applicationId,
        draft: refusal,
        origin: "http://localhost",
      })).ok,
      true,
    );
    const after = await db.selectFrom("grant_programmes as p")
      .innerJoin("grant_calls as c", "c.programme_id", "p.id").select("p.granted_halere")
      .where("c.id", "=", callId).executeTakeFirstOrThrow();
    assertEquals(Number(after.granted_halere) - Number(before.granted_halere), 45_000_00);

    const decisions = await db.selectFrom("grant_decisions")
      .select(["application_id", "outcome", "granted_halere", "reason", "resolution"])
      .where("application_id", "in", [one.applicationId, two.applicationId])
      .orderBy("granted_halere", "desc").execute();
    assertEquals(decisions.map((d) => [d.outcome, d.granted_halere, d.reason, d.resolution]), [
      ["granted", "4500000", null, "ZO 2/2026/7"],
      ["refused", "0", "Projekt nepřináší obci dost.", "ZO 2/2026/7"],
    ]);
    const apps = await db.selectFrom("grant_applications").select(["id", "state", "granted_halere"])
      .where("call_id", "=", callId).orderBy("asked_halere", "desc").execute();
    assertEquals(apps.map((a) => [a.state, a.granted_halere]), [
      ["granted", "4500000"],
      ["refused", null],
    ]);
    // The applicant: a visible timeline event and one message each, the refusal with its reason.
    for (const [app, kind] of [[one, "grantGranted"], [two, "grantRefused"]] as const) {
      const ev = await db.selectFrom("case_events").select(["visible_to_citizen"])
        .where("case_id", "=", app.caseId).where("kind", "=", kind).execute();
      assertEquals(ev, [{ visible_to_citizen: true }]);
      const messages = await db.selectFrom("outbox_messages").select(["body", "subject"])
        .where("tenant_id", "=", t)
        .where("idempotency_key", "like", `${eventKey(app.caseId, kind, "decision")}%`).execute();
      assert(messages.length >= 1, `a message for ${kind}`);
      if (kind === "grantRefused") {
        assert(messages.some((x) => (x.body ?? "").includes("Projekt nepřináší obci dost.")));
      } else assert(messages.some((x) => (x.body ?? "").includes("45")));
      const signals = await db.selectFrom("workflow_commands").select("id")
        .where("command_key", "like", `signal:%${app.caseId}:grantApplicationChanged:decided`)
        .execute();
      assertEquals(signals.length, 1);
    }
  },
});

Deno.test({
  name: "[grants] concurrent decisions never overspend the programme's total",
  ...opts,
  async fn() {
    const { lipnice } = await demoTowns();
    const t = lipnice.id;
    const db = getDb();
    // 100 000 Kč in the programme, four applications of 40 000 Kč each decided at once.
    const { callId } = await callFixture(t, 100_000);
    const personId = await person(t);
    const apps = [];
    for (let i = 0; i < 4; i++) {
      apps.push(
        await insertGrantApplication({
          tenantId: t,
          callId,
          personId,
          state: "proposed",
          askedHalere: 40_000_00,
        }),
      );
    }
    const boss = await grantsClerk(t);
    const results = await Promise.all(apps.map((a, i) =>
      decideGrant(deps(), boss, {
        callId,
        applicationId: a.applicationId,
        draft: {
          outcome: "grant",
          amount: 40_000_00,
          reason: null,
          resolution: `ZO 3/2026/${i}`,
          decidedOn: "2026-02-20",
        },
        origin: "http://localhost",
      })
    ));
    assertEquals(results.filter((r) => r.ok).length, 2);
    assertEquals(
      results.filter((r) => !r.ok).map((r) => !r.ok && [r.code, r.left]),
      [["exceedsTotal", 20_000_00], ["exceedsTotal", 20_000_00]],
    );
    const p = await db.selectFrom("grant_programmes as p")
      .innerJoin("grant_calls as c", "c.programme_id", "p.id").select("p.granted_halere")
      .where("c.id", "=", callId).executeTakeFirstOrThrow();
    assertEquals(p.granted_halere, "8000000");
    const granted = await db.selectFrom("grant_applications").select("id")
      .where("call_id", "=", callId).where("state", "=", "granted").execute();
    assertEquals(granted.length, 2);
    assertEquals(
      (await db.selectFrom("grant_decisions").select("id")
        .where("application_id", "in", apps.map((a) => a.applicationId)).execute()).length,
      2,
      "a refused reservation leaves no decision row",
    );
  },
});

let clerkClient: Promise<TestClient> | undefined;
function grantsClerkClient(): Promise<TestClient> {
  return clerkClient ??= (async () => {
    const c = await client();
    await c.loginClerk();
    return c;
  })();
}

Deno.test({
  name:
    "[grants] HTTP: the committee page, a non-member clerk of the town gets 404, Czech errors, exports read back",
  ...opts,
  async fn() {
    const { lipnice } = await demoTowns();
    const t = lipnice.id;
    const db = getDb();
    const { callId, criteria } = await callFixture(t);
    const app = await insertGrantApplication({
      tenantId: t,
      callId,
      personId: await person(t),
      state: "formally_ok",
      askedHalere: 50_000_00,
      applicantName: "Spolek Exportní, z. s.",
    });
    const c = await grantsClerkClient();
    const urednik = await grantsClerk(t);

    // The grants clerk seats themselves as the chair over HTTP; a bad clerk id is a Czech 422.
    const bad = await c.post(`/urad/dotace/vyzvy/${callId}/komise`, {
      action: "add",
      clerk: crypto.randomUUID(),
      role: "member",
    });
    assertEquals(bad.status, 422);
    assert((await bad.text()).includes("Vybraný úředník v obci není nebo je neaktivní."));
    const seat = await c.post(`/urad/dotace/vyzvy/${callId}/komise`, {
      action: "add",
      clerk: urednik.clerkId,
      role: "chair",
    });
    assertEquals(seat.status, 303);
    await seat.body?.cancel();
    assert(
      (await c.page(`/urad/dotace/vyzvy/${callId}/komise?pridano=1`)).includes("Předseda komise"),
    );

    // The scoring page: errors in Czech, then saved.
    const path = `/urad/dotace/hodnoceni/zadost/${app.applicationId}`;
    const page = await c.page(path);
    assert(page.includes("Spolek Exportní, z. s."));
    assert(page.includes("Hodnocení ostatních členů uvidíte"));
    const badScore = await c.post(path, { action: "score", score0: "11", score1: "" });
    assertEquals(badScore.status, 422);
    const badHtml = await badScore.text();
    assert(badHtml.includes("Nejvýše 10 bodů."));
    assert(badHtml.includes("Vyplňte prosím toto pole."));
    const ok = await c.post(path, { action: "score", score0: "8", score1: "7", comment0: "Dobré" });
    assertEquals(ok.status, 303);
    await ok.body?.cancel();
    assertEquals(criteria.length, 2);

    // A clerk of the same town who does not sit on the call (the town's admin): 404 everywhere.
    const admin = await client();
    await admin.loginClerk(DEMO_ADMIN.username, DEMO_ADMIN.password, DEMO_ADMIN.phone);
    for (
      const p of [
        `/urad/dotace/hodnoceni/${callId}`,
        path,
      ]
    ) {
      const res = await admin.get(p);
      await res.body?.cancel();
      assertEquals(res.status, 404, p);
    }
    const post = await admin.post(path, { action: "score", score0: "10", score1: "10" });
    await post.body?.cancel();
    assertEquals(post.status, 404);
    const list = await admin.page("/urad/dotace/hodnoceni");
    assert(!list.includes(callId), "the admin's list does not show the call");

    // Propose over HTTP: a refusal without a reason is a Czech 422; then an amount.
    const noReason = await c.post(`/urad/dotace/vyzvy/${callId}/poradi`, {
      application: app.applicationId,
      outcome: "refuse",
      amount: "",
      reason: "",
    });
    assertEquals(noReason.status, 422);
    assert((await noReason.text()).includes("Zamítnutí musí mít odůvodnění."));
    const proposed = await c.post(`/urad/dotace/vyzvy/${callId}/poradi`, {
      application: app.applicationId,
      outcome: "grant",
      amount: "40 000",
    });
    assertEquals(proposed.status, 303);
    await proposed.body?.cancel();

    // The decision: a confirmation page first, then recorded.
    const fields = {
      application: app.applicationId,
      outcome: "grant",
      amount: "40 000",
      reason: "",
      resolution: "ZO 1/2026/3",
      decidedOn: "2026-02-15",
    };
    const confirm = await c.post(`/urad/dotace/vyzvy/${callId}/rozhodnuti`, fields);
    assertEquals(confirm.status, 200);
    assert((await confirm.text()).includes("Ano, zaznamenat rozhodnutí"));
    const stillProposed = await db.selectFrom("grant_applications").select("state")
      .where("id", "=", app.applicationId).executeTakeFirstOrThrow();
    assertEquals(stillProposed.state, "proposed", "nothing recorded before the confirmation");
    const done = await c.post(`/urad/dotace/vyzvy/${callId}/rozhodnuti`, {
      ...fields,
      _confirm: "ano",
    });
    assertEquals(done.status, 303);
    await done.body?.cancel();

    // Exports: the ranking as xlsx, the decisions as docx; both read back.
    const xlsx = await c.get(`/urad/dotace/vyzvy/${callId}/export?dokument=poradi&format=xlsx`);
    assertEquals(xlsx.status, 200);
    assert(/^attachment; filename="dotace-poradi-\d{4}-\d{2}-\d{2}\.xlsx"$/.test(
      xlsx.headers.get("content-disposition") ?? "",
    ));
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(await xlsx.arrayBuffer());
    const sheet = wb.worksheets[0];
    assertEquals(sheet.name, "Pořadí žádostí");
    const header = (sheet.getRow(1).values as unknown[]).slice(1);
    assert(header.includes("Požadováno (Kč)"), String(header));
    // Decided applications leave the ranking; the decisions document has them.
    const docx = await c.get(`/urad/dotace/vyzvy/${callId}/export?dokument=rozhodnuti&format=docx`);
    assertEquals(docx.status, 200);
    const zip = await JSZip.loadAsync(await docx.arrayBuffer());
    const xml = await zip.file("word/document.xml")!.async("string");
    assert(xml.includes("Rozhodnutí o dotacích"), "the Czech heading");
    assert(xml.includes("Spolek Exportní, z. s."));
    assert(xml.includes("ZO 1/2026/3"));
    assert(xml.includes("40 000,00") || xml.includes("40\u00a0000,00"), "the amount in Kč");
    const badFormat = await c.get(`/urad/dotace/vyzvy/${callId}/export?dokument=x&format=exe`);
    await badFormat.body?.cancel();
    assertEquals(badFormat.status, 400);
  },
});
