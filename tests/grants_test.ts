/**
 * Grants, first slice (issue 14): a clerk creates a programme and announces a call over HTTP
 * (Czech errors first), the public pages (how long is left, criteria with weights, § 10a(3)),
 * another town's call is a 404; the sum of granted amounts stays within the programme's total
 * under concurrent decisions; and a call opens and closes by its Temporal timers, follows an
 * edit of its dates, and closes at its end even when no worker ran at that moment.
 */
import { assert, assertEquals } from "./assert.ts";
import { client, demoTowns, hasServices, shared } from "./support/app.ts";
import type { TestClient } from "./support/client.ts";
import { waitFor } from "./support/wait.ts";
import { getDb } from "../lib/db.ts";
import { hashPassword } from "../lib/password.ts";
import { createCall, createProgramme, updateCall } from "../app/grants.ts";
import { reserveGrantedAmount } from "../db/repositories/grants.ts";
import { DEMO_CITIZEN, DEMO_CLERKS } from "../db/seeds/demo.ts";
import { startWorker } from "../scripts/services/mod.ts";
import { Client, Connection } from "@temporalio/client";
import { toPragueLocalInput } from "../domain/time.ts";
import type { CallDraft, ProgrammeDraft } from "../domain/grants.ts";

const opts = { ...shared, ignore: !hasServices };

function uniq(): string {
  return crypto.randomUUID().slice(0, 8);
}

async function postForm(
  c: TestClient,
  path: string,
  fields: Record<string, string | string[]>,
): Promise<Response> {
  const body = new URLSearchParams();
  for (const [k, v] of Object.entries(fields)) {
    for (const one of typeof v === "string" ? [v] : v) body.append(k, one);
  }
  body.set("_csrf", await c.csrfToken());
  return await c.request(path, { method: "POST", body, redirect: "manual" });
}

function programmeFields(title: string): Record<string, string | string[]> {
  return {
    title,
    purpose: "Podpora činnosti spolků v obci.",
    eligibleApplicants: "Spolky se sídlem v obci.",
    applicantKinds: ["organisation", "person"],
    total: "500 000",
    minGrant: "10 000",
    maxGrant: "100 000",
    cofinancing: "25",
    eligibleCosts: "Nájem, materiál.",
    ineligibleCosts: "Alkohol.",
    settlementRule: "fixed",
    settlementDays: "",
    maxInstalments: "1",
    legalBasis: "Zákon č. 250/2000 Sb.",
    cost0Name: "Nájem",
    cost0Eligible: "on",
    cost1Name: "Materiál",
    cost1Eligible: "on",
    cost2Name: "Občerstvení",
    criterion0Name: "Přínos pro obec",
    criterion0Weight: "70",
    criterion1Name: "Hospodárnost",
    criterion1Weight: "30",
  };
}

let clerkClient: Promise<TestClient> | undefined;
function clerk(): Promise<TestClient> {
  return clerkClient ??= (async () => {
    const c = await client();
    await c.loginClerk();
    return c;
  })();
}

Deno.test({
  name: "[grants] a clerk creates a programme with criteria and announces a call; Czech errors",
  ...opts,
  async fn() {
    const c = await clerk();
    const title = `Program ${uniq()}`;
    // Errors first: weights not 100 %, no kind of applicant, min above max.
    const bad = await postForm(c, "/urad/dotace/programy/novy", {
      ...programmeFields(title),
      criterion1Weight: "20",
      applicantKinds: [],
      minGrant: "200 000",
    });
    assertEquals(bad.status, 422);
    const badHtml = await bad.text();
    assert(badHtml.includes("Váhy kritérií musí dát dohromady 100 %, nyní dávají 90 %."));
    assert(badHtml.includes("Vyberte alespoň jeden druh žadatele."));
    assert(badHtml.includes("Nejvyšší dotace nesmí být nižší než nejnižší dotace."));
    assert(badHtml.includes(`value="${title}"`), "the form keeps what was typed");

    const ok = await postForm(c, "/urad/dotace/programy/novy", programmeFields(title));
    assertEquals(ok.status, 303);
    const location = ok.headers.get("location")!;
    const programmeId = /\/urad\/dotace\/programy\/([0-9a-f-]{36})\?zalozeno=1$/.exec(location)![1];
    const db = getDb();
    const p = await db.selectFrom("grant_programmes").selectAll().where("id", "=", programmeId)
      .executeTakeFirstOrThrow();
    assertEquals(
      [p.total_halere, p.min_grant_halere, p.max_grant_halere, p.cofinancing_bp],
      ["50000000", "1000000", "10000000", 2500],
    );
    const criteria = await db.selectFrom("grant_criteria").select(["name", "weight"])
      .where("programme_id", "=", programmeId).orderBy("position").execute();
    assertEquals(criteria, [{ name: "Přínos pro obec", weight: 70 }, {
      name: "Hospodárnost",
      weight: 30,
    }]);
    const page = await c.page(location);
    assert(page.includes("Dotační program je založen."));
    assert(page.includes("Dotační program založen"), "the history names the creation");

    // The same title again: a Czech error, 409.
    const twice = await postForm(c, "/urad/dotace/programy/novy", programmeFields(title));
    assertEquals(twice.status, 409);
    assert((await twice.text()).includes("Program s tímto názvem už obec má."));

    // A call: errors, then announced (scheduled, its workflow's start queued).
    const callPath = `/urad/dotace/programy/${programmeId}/vyzva`;
    const form = await c.page(callPath);
    const idem = /name="_idem" value="([^"]+)"/.exec(form)![1];
    const opens = new Date(Date.now() + 30 * 86_400_000);
    const closes = new Date(Date.now() + 60 * 86_400_000);
    const callFields = {
      _idem: idem,
      title: `Výzva ${title}`,
      opensAt: toPragueLocalInput(opens),
      closesAt: toPragueLocalInput(closes),
      decisionDeadline: "2030-01-31",
      projectFrom: "2030-02-01",
      projectTo: "2030-12-31",
      settlementDeadline: "2031-01-31",
    };
    const badCall = await postForm(c, callPath, { ...callFields, closesAt: callFields.opensAt });
    assertEquals(badCall.status, 422);
    assert(
      (await badCall.text()).includes("Konec příjmu žádostí musí být později než jeho začátek."),
    );
    const created = await postForm(c, callPath, callFields);
    assertEquals(created.status, 303);
    const callId =
      /\/urad\/dotace\/vyzvy\/([0-9a-f-]{36})/.exec(created.headers.get("location")!)![1];
    // A double submit (same form token): the same call.
    const again = await postForm(c, callPath, callFields);
    assertEquals(again.headers.get("location"), created.headers.get("location"));
    const call = await db.selectFrom("grant_calls").selectAll().where("id", "=", callId)
      .executeTakeFirstOrThrow();
    assertEquals(call.state, "scheduled");
    assertEquals(call.workflow_id, `lipnice/grant-call/${callId}`);
    const commands = await db.selectFrom("workflow_commands").select(["kind", "workflow_type"])
      .where("workflow_id", "=", call.workflow_id).execute();
    assertEquals(commands, [{ kind: "start", workflow_type: "grantCall" }]);
    const callPage = await c.page(created.headers.get("location")!);
    assert(callPage.includes("Výzva je vyhlášena."));
    assert(callPage.includes("Výzva vyhlášena"), "history");

    // Editing the dates: saved, and a signal for the workflow queued with the new version.
    const later = new Date(closes.getTime() + 7 * 86_400_000);
    const edited = await postForm(c, `/urad/dotace/vyzvy/${callId}`, {
      ...callFields,
      closesAt: toPragueLocalInput(later),
    });
    assertEquals(edited.status, 303);
    const signals = await db.selectFrom("workflow_commands").select(["kind", "name"])
      .where("workflow_id", "=", call.workflow_id).where("kind", "=", "signal").execute();
    assertEquals(signals, [{ kind: "signal", name: "grantCallDatesChanged" }]);

    // The clerk's list finds it by the programme's title and filters by state; a bad page
    // number is a Czech 400.
    const found = await c.page(`/urad/dotace?q=${encodeURIComponent(title)}&stav=scheduled`);
    assert(found.includes(`Výzva ${title}`) && found.includes("Nalezeno"));
    const none = await c.page(`/urad/dotace?q=${encodeURIComponent(title)}&stav=open`);
    assert(!none.includes(`Výzva ${title}`));
    const badPage = await c.get("/urad/dotace?strana=nula");
    assertEquals(badPage.status, 400);
    assert((await badPage.text()).includes("Číslo stránky"));

    // The public list shows it among the upcoming calls, with when it opens.
    const anon = await client();
    const list = await anon.page("/dotace");
    assert(list.includes(`Výzva ${title}`));
    assert(list.includes("Otevře se"));
  },
});

Deno.test({
  name: "[grants] the public pages: an open call says how long is left; criteria, § 10a(3); " +
    "cacheable; another town's call is a 404",
  ...opts,
  async fn() {
    const { lipnice, dubova } = await demoTowns();
    const db = getDb();
    const seeded = await db.selectFrom("grant_calls").select(["id", "state"])
      .where("tenant_id", "=", lipnice.id).where(
        "title",
        "=",
        "Podpora spolkové činnosti 2027 – 1. výzva",
      )
      .executeTakeFirstOrThrow();
    const anon = await client();
    const res = await anon.get("/dotace");
    assertEquals(res.status, 200);
    assert(/public/.test(res.headers.get("cache-control") ?? ""));
    const list = await res.text();
    assert(list.includes("Otevřené výzvy"));
    assert(list.includes("Podpora spolkové činnosti 2027"));
    assert(/Zbývá \d+ (den|dny|dní)|Dnes je poslední den/.test(list), "how long is left");
    assert(list.includes("Připravované výzvy") && list.includes("Kulturní akce 2027"));
    assert(!list.includes("Drobné památky"), "only this town's calls");

    const detail = await anon.get(`/dotace/${seeded.id}`);
    assertEquals(detail.status, 200);
    assert(/public/.test(detail.headers.get("cache-control") ?? ""));
    const html = await detail.text();
    for (
      const text of [
        "Počet členů do 18 let",
        "40 %",
        "nejméně 30 % celkových nákladů projektu",
        "Co musí žádost obsahovat",
        "§ 10a odst. 3 zákona č. 250/2000 Sb.",
        "Odůvodnění žádosti.",
        "neuznatelný náklad",
      ]
    ) assert(html.includes(text), text);

    // Another town's host: 404, for the public page and for its clerk.
    const other = await client("dubova.localhost");
    assertEquals((await other.get(`/dotace/${seeded.id}`)).status, 404);
    const dubovaCall = await db.selectFrom("grant_calls").select("id")
      .where("tenant_id", "=", dubova.id).executeTakeFirstOrThrow();
    assertEquals((await anon.get(`/dotace/${dubovaCall.id}`)).status, 404);
    const c = await clerk();
    assertEquals((await c.get(`/urad/dotace/vyzvy/${dubovaCall.id}`)).status, 404);
    assertEquals((await anon.get("/dotace/nonsense")).status, 404);
  },
});

Deno.test({
  name: "[grants] a clerk without the grants role is refused (403); the demo clerk has it",
  ...opts,
  async fn() {
    const { lipnice } = await demoTowns();
    const username = `deska-${uniq()}`;
    const password = "Deska-Urad-2026-x";
    const phone = `+420779${String(Math.floor(Math.random() * 1e6)).padStart(6, "0")}`;
    await getDb().insertInto("clerks").values({
      tenant_id: lipnice.id,
      username,
      display_name: "Eva Desková",
      email: `${username}@lipnice.example`,
      phone,
      password_hash: await hashPassword(password),
      roles: ["notices"],
    }).execute();
    const c = await client();
    await c.loginClerk(username, password, phone);
    for (const path of ["/urad/dotace", "/urad/dotace/programy/novy"]) {
      const res = await c.get(path);
      await res.body?.cancel();
      assertEquals(res.status, 403, path);
    }
    assert(DEMO_CLERKS[0].roles.includes("grants"), "the demo clerk urednik runs grants");
  },
});

Deno.test({
  name: "[grants] the terms are locked once someone applied, a closed call cannot be edited: " +
    "Czech 409s",
  ...opts,
  async fn() {
    const { lipnice } = await demoTowns();
    const db = getDb();
    const c = await clerk();
    const title = `Zamčený ${uniq()}`;
    const made = await postForm(c, "/urad/dotace/programy/novy", programmeFields(title));
    assertEquals(made.status, 303);
    const programmeId = /programy\/([0-9a-f-]{36})/.exec(made.headers.get("location")!)![1];
    const call = await db.insertInto("grant_calls").values({
      tenant_id: lipnice.id,
      programme_id: programmeId,
      idempotency_key: `test-${uniq()}`,
      title: `Výzva ${title}`,
      opens_at: new Date("2026-01-01T08:00:00Z"),
      closes_at: new Date("2026-02-01T08:00:00Z"),
      decision_deadline: "2026-03-01",
      settlement_deadline: "2027-01-31",
      project_from: "2026-01-01",
      project_to: "2026-12-31",
      state: "closed",
    }).returning("id").executeTakeFirstOrThrow();
    const person = await db.selectFrom("persons").select("id").where("tenant_id", "=", lipnice.id)
      .where("username", "=", DEMO_CITIZEN.username).executeTakeFirstOrThrow();
    await db.insertInto("grant_applications").values({
      tenant_id: lipnice.id,
      call_id: call.id,
      programme_id: programmeId,
      person_id: person.id,
      idempotency_key: `test-${uniq()}`,
      applicant_kind: "organisation",
      applicant_name: "TJ Sokol Lipnice",
      applicant_ico: "12345678",
      purpose: "Činnost oddílu.",
      project_from: "2026-03-01",
      project_to: "2026-12-31",
      state: "submitted",
      total_budget_halere: 10_000_000,
      asked_halere: 5_000_000,
    }).execute();

    // The terms applicants applied under stay; the rest may change.
    const changed = await postForm(c, `/urad/dotace/programy/${programmeId}`, {
      ...programmeFields(title),
      minGrant: "20 000",
    });
    assertEquals(changed.status, 409);
    assert((await changed.text()).includes("Do programu už někdo podal žádost"));
    const renamed = await postForm(c, `/urad/dotace/programy/${programmeId}`, {
      ...programmeFields(title),
      purpose: "Nový popis účelu.",
    });
    assertEquals(renamed.status, 303);
    const p = await db.selectFrom("grant_programmes").select(["purpose", "min_grant_halere"])
      .where("id", "=", programmeId).executeTakeFirstOrThrow();
    assertEquals(p, { purpose: "Nový popis účelu.", min_grant_halere: "1000000" });

    // A closed call: no edit form, and a POST is refused in Czech.
    const page = await c.page(`/urad/dotace/vyzvy/${call.id}`);
    assert(!page.includes("Upravit výzvu"));
    const locked = await postForm(c, `/urad/dotace/vyzvy/${call.id}`, {
      title: "Jinak",
      opensAt: "2030-01-01T08:00",
      closesAt: "2030-02-01T08:00",
      decisionDeadline: "2030-03-01",
      projectFrom: "2030-03-01",
      projectTo: "2030-12-31",
      settlementDeadline: "2031-01-31",
    });
    assertEquals(locked.status, 409);
    assert((await locked.text()).includes("Výzvu po uzávěrce příjmu žádostí už nelze upravit."));
  },
});

function draft(title: string, total: number): ProgrammeDraft {
  return {
    title,
    purpose: "Souběh.",
    eligibleApplicants: "Kdokoli.",
    applicantKinds: ["person"],
    total,
    minGrant: 1000,
    maxGrant: total,
    cofinancingBp: 0,
    eligibleCosts: "Vše.",
    ineligibleCosts: "Nic.",
    settlementRule: "fixed",
    settlementDays: null,
    legalBasis: "Zákon č. 250/2000 Sb.",
    maxInstalments: 1,
    oneApplicationPerApplicant: false,
    costs: [{ code: "vse", name: "Vše", eligible: true }],
    criteria: [{ name: "Přínos", description: "", weight: 100, maxScore: 10 }],
  };
}

Deno.test({
  name: "[grants] concurrent decisions: the sum of granted amounts stays within the programme's " +
    "total, the one that does not fit is refused",
  ...opts,
  async fn() {
    const { lipnice } = await demoTowns();
    const db = getDb();
    const clerkRow = await db.selectFrom("clerks").select("id").where("tenant_id", "=", lipnice.id)
      .where("username", "=", "urednik").executeTakeFirstOrThrow();
    const r = await createProgramme({ db }, { tenantId: lipnice.id, clerkId: clerkRow.id }, {
      ...draft(`Souběh ${uniq()}`, 100_000_00),
    });
    assert(r.ok);
    // Five decisions of 30 000 Kč at once into 100 000 Kč: each holds the row a moment before
    // committing, so the others wait on its lock and then see its sum.
    const outcomes = await Promise.all(
      Array.from({ length: 5 }, () =>
        db.transaction().execute(async (trx) => {
          const out = await reserveGrantedAmount(trx, lipnice.id, r.id, 30_000_00);
          await new Promise((res) => setTimeout(res, 150));
          return out;
        })),
    );
    assertEquals(outcomes.filter((o) => o.ok).length, 3);
    const refused = outcomes.filter((o) => !o.ok);
    assertEquals(refused.length, 2);
    for (const o of refused) assertEquals(o, { ok: false, left: 10_000_00 });
    const p = await db.selectFrom("grant_programmes").select("granted_halere")
      .where("id", "=", r.id).executeTakeFirstOrThrow();
    assertEquals(p.granted_halere, "9000000");
    // The table's check refuses any write around the rule.
    let refusedByCheck = false;
    try {
      await db.updateTable("grant_programmes").set({ granted_halere: 100_000_01 })
        .where("id", "=", r.id).execute();
    } catch (e) {
      refusedByCheck = (e as { code?: string }).code === "23514";
    }
    assert(refusedByCheck, "granted_halere > total_halere is refused by a check constraint");
  },
});

function callDraft(title: string, opensAt: Date, closesAt: Date): CallDraft {
  return {
    title,
    opensAt,
    closesAt,
    decisionDeadline: "2030-01-31",
    settlementDeadline: "2031-01-31",
    projectFrom: "2030-02-01",
    projectTo: "2030-12-31",
  };
}

async function callState(id: string) {
  return await getDb().selectFrom("grant_calls").select(["state", "opened_at", "closed_at"])
    .where("id", "=", id).executeTakeFirstOrThrow();
}

Deno.test({
  name: "[grants] a call opens and closes by its timers, follows an edit of its dates, and " +
    "closes at its end even when no worker ran at that moment",
  ...opts,
  async fn() {
    const { lipnice } = await demoTowns();
    const db = getDb();
    const clerkRow = await db.selectFrom("clerks").select("id").where("tenant_id", "=", lipnice.id)
      .where("username", "=", "urednik").executeTakeFirstOrThrow();
    const actor = { tenantId: lipnice.id, clerkId: clerkRow.id };
    const taskQueue = `grant-call-${crypto.randomUUID()}`;
    const worker = await startWorker({ ...Deno.env.toObject(), TEMPORAL_TASK_QUEUE: taskQueue });
    try {
      const p = await createProgramme({ db }, actor, draft(`Časovače ${uniq()}`, 1_000_000));
      assert(p.ok);
      const deps = { db, taskQueue };

      // 1. Opens on time; an edit moves its end an hour earlier to a few seconds away; it
      //    closes then (the signal reached the sleeping workflow).
      const t0 = Date.now();
      const a = await createCall(deps, actor, {
        programmeId: p.id,
        draft: callDraft("Výzva A", new Date(t0 + 4_000), new Date(t0 + 3_600_000)),
        idempotencyKey: crypto.randomUUID(),
        now: new Date(t0),
      });
      assert(a.ok);
      assertEquals((await callState(a.id)).state, "scheduled");
      await waitFor(async () => (await callState(a.id)).state === "open", {
        what: "call A opened by its timer",
        timeoutMs: 60_000,
      });
      const newEnd = new Date(Date.now() + 5_000);
      const edited = await updateCall(deps, actor, {
        callId: a.id,
        draft: callDraft("Výzva A", new Date(t0 + 4_000), newEnd),
        now: new Date(),
      });
      assertEquals(edited, { ok: true });
      const closedA = await waitFor(async () => {
        const s = await callState(a.id);
        return s.state === "closed" ? s : null;
      }, { what: "call A closed at its edited end", timeoutMs: 60_000 });
      assert(closedA.closed_at! >= newEnd, "not before its end");

      // 2. Worker killed while the call is open; its end passes with no worker; after the
      //    restart the call is closed (the durable timer fired meanwhile).
      const t1 = Date.now();
      const b = await createCall(deps, actor, {
        programmeId: p.id,
        draft: callDraft("Výzva B", new Date(t1 + 3_000), new Date(t1 + 15_000)),
        idempotencyKey: crypto.randomUUID(),
        now: new Date(t1),
      });
      assert(b.ok);
      await waitFor(async () => (await callState(b.id)).state === "open", {
        what: "call B opened",
        timeoutMs: 60_000,
      });
      const killed = await worker.kill("SIGKILL");
      assertEquals(killed.signal, "SIGKILL");
      const end = t1 + 15_000;
      await new Promise((res) => setTimeout(res, Math.max(0, end - Date.now()) + 3_000));
      assertEquals((await callState(b.id)).state, "open", "nobody closed it without a worker");
      await worker.restart();
      const closedB = await waitFor(async () => {
        const s = await callState(b.id);
        return s.state === "closed" ? s : null;
      }, { what: "call B closed after the restart", timeoutMs: 120_000, intervalMs: 500 });
      assert(closedB.closed_at!.getTime() >= end);
      const audit = await db.selectFrom("audit_log").select(["action", "actor_type"])
        .where("subject_id", "=", b.id).orderBy("id").execute();
      assertEquals(audit.map((x) => `${x.action}/${x.actor_type}`), [
        "grant_call.created/clerk",
        "grant_call.opened/system",
        "grant_call.closed/system",
      ]);

      // Both workflows ended with the call closed; `SAVE_HISTORY_DIR=… npm test --
      // tests/grants_test.ts` refreshes their committed histories (tests/histories/).
      const connection = await Connection.connect({ address: Deno.env.get("TEMPORAL_ADDRESS")! });
      try {
        const temporal = new Client({ connection });
        const runs = [
          ["edited-closed", temporal.workflow.getHandle(`lipnice/grant-call/${a.id}`)],
          ["closed-after-restart", temporal.workflow.getHandle(`lipnice/grant-call/${b.id}`)],
        ] as const;
        for (const [, handle] of runs) assertEquals(await handle.result(), { state: "closed" });
        const saveTo = Deno.env.get("SAVE_HISTORY_DIR");
        if (saveTo) {
          const { historyToJSON } = await import("@temporalio/common/lib/proto-utils.js");
          for (const [name, handle] of runs) {
            await Deno.writeTextFile(
              `${saveTo}/grant-call-${name}.json`,
              historyToJSON(await handle.fetchHistory()),
            );
          }
        }
      } finally {
        await connection.close();
      }
    } finally {
      await worker.stop();
    }
  },
});
