/**
 * Payment reminders end to end, on the test runner's database, worker and MailDev: the
 * `paymentReminders` workflow (through Temporal, in small batches) and then its activity with
 * fixed days remind once per obligation and kind — before the due date and after it — by the
 * person's chosen channel (e-mail, SMS), a household's child through the parent who pays for
 * them, never for what is paid (also when the payment is booked between two runs), never
 * twice (a second run the same day, a run days later), and each town's reminder with its own
 * name and link. The days are in 2031, where no other test or demo row is due.
 */
import { Client, Connection } from "@temporalio/client";
import { assert, assertEquals, assertStringIncludes } from "./assert.ts";
import { demoTowns, hasServices, shared } from "./support/app.ts";
import { type Mail, maildevUrl } from "./support/maildev.ts";
import { waitFor } from "./support/wait.ts";
import { getDb } from "../lib/db.ts";
import { smsInboxAddress } from "../lib/worker/sms.ts";
import { bookPayment, insertLedgerObligation } from "../db/repositories/ledger.ts";
import { createPaymentReminderActivities } from "../activities/payment_reminders.ts";
import { addDays } from "../domain/reminders.ts";
import { formatCzk } from "../domain/money.ts";
import { WORKFLOW_TYPES } from "../domain/workflows.ts";
import type { CaseNotificationChoice } from "../db/schema.ts";

const opts = { ...shared, ignore: !hasServices || !maildevUrl };

const DAY1 = "2031-03-10";
const DAY2 = addDays(DAY1, 4);

async function inbox(address: string): Promise<Mail[]> {
  const res = await fetch(`${maildevUrl}/email`);
  if (!res.ok) throw new Error(`MailDev answered ${res.status}`);
  const all = (await res.json()) as Mail[];
  return all.filter((m) => m.to.some((t) => t.address.toLowerCase() === address.toLowerCase()));
}

/** A person of the town, with the verified contacts given and their notification choice. */
async function person(
  tenantId: string,
  name: [string, string],
  contacts: { email?: string; phone?: string },
  choice: CaseNotificationChoice = "email",
): Promise<string> {
  const db = getDb();
  const row = await db.insertInto("persons").values({
    tenant_id: tenantId,
    username: `pripominky.${crypto.randomUUID().slice(0, 8)}`,
    given_name: name[0],
    family_name: name[1],
    status: "active",
    case_notifications: choice,
    updated_at: new Date(),
  }).returning("id").executeTakeFirstOrThrow();
  for (const [kind, value] of [["email", contacts.email], ["phone", contacts.phone]] as const) {
    if (!value) continue;
    await db.insertInto("person_contacts").values({
      tenant_id: tenantId,
      person_id: row.id,
      kind,
      value,
      verified_at: new Date(),
    }).execute();
  }
  return row.id;
}

let symbol = 0;
/** A fresh variable symbol of this run (8…, never a payment order's 9…). */
function vs(): string {
  symbol++;
  return `8${String(Date.now() % 1e7).padStart(7, "0")}${String(symbol).padStart(2, "0")}`;
}

async function obligation(
  tenantId: string,
  personId: string,
  due: string,
  amountHalere: number,
  title: string,
): Promise<{ id: string; vs: string }> {
  const tenant = await getDb().selectFrom("tenants").select("iban").where("id", "=", tenantId)
    .executeTakeFirstOrThrow();
  const symbolValue = vs();
  const id = await insertLedgerObligation(getDb(), tenantId, {
    personId,
    sourceKey: `reminder-test:${crypto.randomUUID()}`,
    kind: "waste_fee",
    agenda: "poplatky",
    year: 2031,
    title,
    amountHalere,
    dueDate: due,
    variableSymbol: symbolValue,
    specificSymbol: "1345",
    constantSymbol: "1148",
    account: tenant.iban,
  });
  assert(id, "the obligation was issued");
  return { id, vs: symbolValue };
}

async function pay(tenantId: string, obligationId: string, amountHalere: number, on: string) {
  await getDb().transaction().execute((trx) =>
    bookPayment(trx, tenantId, {
      kind: "bank",
      amountHalere,
      receivedOn: on,
      obligationId,
      sourceKey: `reminder-test-payment:${crypto.randomUUID()}`,
    })
  );
}

async function remindersOf(obligationIds: string[]) {
  return await getDb().selectFrom("payment_reminders").select(["obligation_id", "kind", "channel"])
    .where("obligation_id", "in", obligationIds).orderBy("obligation_id").orderBy("kind")
    .execute();
}

/** Waits until every message queued to these addresses has been handed to the SMTP relay. */
async function drained(recipients: string[]): Promise<void> {
  await waitFor(async () => {
    const open = await getDb().selectFrom("outbox_messages").select("id")
      .where("recipient", "in", recipients).where("sent_at", "is", null).execute();
    return open.length === 0;
  }, { what: "the reminders to be delivered", timeoutMs: 30_000 });
}

Deno.test({
  name:
    "[reminders] once per obligation and kind, by the chosen channel, never for what is paid or another town's",
  ...opts,
  async fn() {
    const { lipnice, dubova } = await demoTowns();
    const db = getDb();
    const suffix = crypto.randomUUID().slice(0, 8);
    const email = `pripominky.${suffix}@example.cz`;
    const phone = `+42073${String(Math.floor(Math.random() * 1e7)).padStart(7, "0")}`;
    const dubovaEmail = `pripominky.dubova.${suffix}@example.cz`;

    const parent = await person(lipnice.id, ["Alena", "Připomínková"], { email });
    const child = await person(lipnice.id, ["Ondřej", "Připomínkový"], {});
    const nobody = await person(lipnice.id, ["Bez", "Kontaktu"], {});
    const texter = await person(lipnice.id, ["Silvie", "Esemesová"], { phone }, "sms");
    const neighbour = await person(dubova.id, ["Dušan", "Dubový"], { email: dubovaEmail });
    await db.insertInto("representations").values({
      tenant_id: lipnice.id,
      idempotency_key: `reminder-test-${suffix}`,
      representative_id: parent,
      kind: "parent",
      represented_person_id: child,
      represented_name: "Ondřej Připomínkový",
      scope: ["poplatky"],
      status: "granted",
      document_name: null,
      document_type: null,
      document: null,
      decided_by: null,
      decided_at: new Date(),
      decision_note: null,
    }).execute();

    const soon = await obligation(lipnice.id, parent, addDays(DAY1, 5), 90_000, "Odpad – brzy");
    const late = await obligation(lipnice.id, parent, addDays(DAY1, -10), 90_000, "Odpad – pozdě");
    await pay(lipnice.id, late.id, 40_000, addDays(DAY1, -8));
    const paid = await obligation(lipnice.id, parent, addDays(DAY1, 3), 90_000, "Odpad – placeno");
    await pay(lipnice.id, paid.id, 90_000, addDays(DAY1, -1));
    const payLater = await obligation(
      lipnice.id,
      parent,
      addDays(DAY1, 1),
      75_000,
      "Odpad – zítra",
    );
    const childs = await obligation(lipnice.id, child, addDays(DAY1, 6), 90_000, "Odpad – dítě");
    const nobodys = await obligation(lipnice.id, nobody, addDays(DAY1, 2), 90_000, "Odpad – nikdo");
    const texts = await obligation(lipnice.id, texter, addDays(DAY1, 4), 90_000, "Odpad – SMS");
    const theirs = await obligation(
      dubova.id,
      neighbour,
      addDays(DAY1, 2),
      78_000,
      "Odpad – Dubová",
    );
    const mine = [soon, late, paid, payLater, childs, nobodys, texts].map((o) => o.id);

    // Day 1, through Temporal: the workflow pages in batches of two.
    const connection = await Connection.connect({ address: Deno.env.get("TEMPORAL_ADDRESS")! });
    try {
      const handle = await new Client({ connection }).workflow.start(
        WORKFLOW_TYPES.paymentReminders,
        {
          taskQueue: Deno.env.get("TEMPORAL_TASK_QUEUE") ?? "portal",
          workflowId: `payment-reminders-test/${suffix}`,
          args: [{ today: DAY1, batchSize: 2 }],
          workflowExecutionTimeout: "2 minutes",
        },
      );
      const result = await handle.result() as { reminded: number; batches: number; today: string };
      // `SAVE_HISTORY_DIR=… npm test -- tests/payment_reminders_test.ts` saves its history.
      const saveTo = Deno.env.get("SAVE_HISTORY_DIR");
      if (saveTo) {
        const { historyToJSON } = await import("@temporalio/common/lib/proto-utils.js");
        await Deno.writeTextFile(
          `${saveTo}/payment-reminders-paged.json`,
          historyToJSON(await handle.fetchHistory()),
        );
      }
      assertEquals(result.today, DAY1);
      assert(result.batches >= 4, `paged in batches of two (${result.batches} batches)`);
      assert(result.reminded >= 7, `reminded ${result.reminded}`);
    } finally {
      await connection.close();
    }
    assertEquals(
      (await remindersOf(mine)).map((r) => [r.obligation_id, r.kind, r.channel]),
      [
        [soon.id, "before_due", "email"],
        [late.id, "overdue", "email"],
        [payLater.id, "before_due", "email"],
        [childs.id, "before_due", "email"],
        [nobodys.id, "before_due", null],
        [texts.id, "before_due", "sms"],
      ].sort((a, b) => String(a[0]) < String(b[0]) ? -1 : 1),
    );
    assertEquals((await remindersOf([theirs.id])).map((r) => r.kind), ["before_due"]);

    // What arrived: four e-mails to the parent (hers and the child's), one SMS, one to Dubová.
    const mails = await waitFor(async () => {
      const got = await inbox(email);
      return got.length >= 4 && got;
    }, { what: "four reminders to the parent", timeoutMs: 30_000 });
    const bySubject = (s: string) => mails.find((m) => m.subject.includes(s));
    const soonMail = bySubject("Odpad – brzy")!;
    assertEquals(soonMail.subject, "Blíží se splatnost: Odpad – brzy – Lipnice nad Hájem");
    assertStringIncludes(soonMail.text, `Zbývá uhradit: ${formatCzk(90_000)}`);
    assertStringIncludes(soonMail.text, `Variabilní symbol: ${soon.vs}`);
    assertStringIncludes(soonMail.text, "Specifický symbol: 1345");
    assertStringIncludes(soonMail.text, "Konstantní symbol: 1148");
    assertStringIncludes(soonMail.text, "19-2000145399/0100 (IBAN CZ08 0100 0000 1920 0014 5399)");
    assertStringIncludes(soonMail.text, "15. 3. 2031");
    assertStringIncludes(soonMail.text, `/ucet/predpisy/${soon.id}`);
    const lateMail = bySubject("Odpad – pozdě")!;
    assertEquals(lateMail.subject, "Platba po splatnosti: Odpad – pozdě – Lipnice nad Hájem");
    assertStringIncludes(lateMail.text, `Zbývá uhradit: ${formatCzk(50_000)}`); // 900 − 400 paid
    assertStringIncludes(lateMail.text, "byla splatná 28. 2. 2031");
    const childMail = bySubject("Odpad – dítě")!;
    assertStringIncludes(childMail.text, "za osobu Ondřej Připomínkový");
    assert(bySubject("Odpad – zítra"), "the one due tomorrow");
    assert(!bySubject("Odpad – placeno"), "a paid obligation was reminded");
    assert(!mails.some((m) => m.text.includes("Dubová")), "another town's reminder reached her");
    const sms = await waitFor(async () => (await inbox(smsInboxAddress(phone)))[0], {
      what: "the SMS reminder",
      timeoutMs: 30_000,
    });
    assertStringIncludes(
      sms.text,
      `Lipnice nad Hájem: Odpad – SMS – ${formatCzk(90_000)} splatné 14. 3. 2031`,
    );
    assertStringIncludes(sms.text, `VS ${texts.vs}`);
    const dubovaMail = await waitFor(async () => (await inbox(dubovaEmail))[0], {
      what: "Dubová's reminder",
      timeoutMs: 30_000,
    });
    assertEquals(dubovaMail.subject, "Blíží se splatnost: Odpad – Dubová – Dubová Lhota");
    assertStringIncludes(dubovaMail.text, "dubova.localhost");
    assertStringIncludes(dubovaMail.text, `/ucet/predpisy/${theirs.id}`);
    assert(!dubovaMail.text.includes("Lipnice"), "Lipnice's name in Dubová's reminder");

    // Day 1 again (a second run, a retried activity): nothing new.
    const activities = createPaymentReminderActivities({ db });
    const again = await activities.sendPaymentReminders({ today: DAY1, after: null, limit: 100 });
    assertEquals([again.reminded, again.messages], [0, 0]);

    // Tomorrow's obligation is paid before day 2, when it would be overdue: no reminder.
    await pay(lipnice.id, payLater.id, 75_000, addDays(DAY1, 2));
    const day2 = await activities.sendPaymentReminders({ today: DAY2, after: null, limit: 100 });
    assertEquals(day2.messages, 0, "day 2 sent something");
    assertEquals((await remindersOf([payLater.id])).map((r) => r.kind), ["before_due"]);
    // The one due on day 1 + 2 was reminded before its due date; on day 2 + 3 it is late.
    const day5 = await activities.sendPaymentReminders({
      today: addDays(DAY1, 5),
      after: null,
      limit: 100,
    });
    assertEquals(day5.reminded, 2, "the one nobody is told about, and Dubová's, become overdue");
    assertEquals(
      (await remindersOf([nobodys.id, theirs.id])).map((r) => [r.kind, r.channel]).sort(),
      [["before_due", null], ["before_due", "email"], ["overdue", null], ["overdue", "email"]],
    );

    await drained([email, smsInboxAddress(phone), phone, dubovaEmail]);
    assertEquals((await inbox(email)).length, 4, "the parent got a reminder twice");
    assertEquals((await inbox(smsInboxAddress(phone))).length, 1);
    assertEquals((await inbox(dubovaEmail)).length, 2, "Dubová's: before and after its due date");

    // Every reminder is in the audit log, as the system's action.
    const audit = await db.selectFrom("audit_log").select(["actor_type", "details"])
      .where("action", "=", "obligation.reminded").where("subject_id", "=", soon.id).execute();
    assertEquals(audit.length, 1);
    assertEquals(audit[0].actor_type, "system");
  },
});
