/**
 * Payment reminders, run by the daily `payment-reminders` Schedule (workflows/payment_reminders.ts):
 * before the due date and after it passes (domain/reminders.ts decides which, and when), by
 * e-mail, SMS, both or not at all, as the person chose in /ucet/nastaveni (their payment
 * reminder choice; app/case_notifications.ts `paymentReminderRecipients`).
 *
 * Never twice, never for what is paid. Each obligation is handled in ONE transaction:
 *   1. its row is locked (`for update`): a payment's allocation (whose foreign key takes a
 *      `for key share` lock on it) waits for this transaction, or committed before it;
 *   2. `insert into payment_reminders … on conflict do nothing returning`: the primary key
 *      (obligation, kind) lets one reminder of a kind exist, so a second run, a retried
 *      activity or a second worker finds it there and sends nothing;
 *   3. only if inserted: the derived state is read again (`obligation_balances`) and the rule
 *      asked again; if it was paid meanwhile, the transaction is rolled back (no reminder row,
 *      no message);
 *   4. the message(s) are queued with `sendMessage` in the same transaction (outbox + delivery
 *      workflow), the channel is recorded on the reminder, and an audit entry is appended.
 *
 * Whom: the obligation's person by their chosen channel among their verified contacts. A person
 * with no verified contact (a child, a spouse without an account) is reminded through whoever
 * may pay for them: the granted, unexpired representations whose scope includes the
 * obligation's agenda (one payer for a household). When nobody can be reached, the reminder is
 * still recorded, with channel null: "due, and nobody to tell" is a decision, made once, not
 * retried every morning. The channel column says what was sent: `email`, `sms`, `email+sms` or
 * null.
 */
import type { Kysely, Transaction } from "kysely";
import { sql } from "kysely";
import type { Database, ObligationState } from "../db/schema.ts";
import { appendAudit } from "../db/repositories/audit.ts";
import { findTenantById } from "../db/repositories/tenants.ts";
import {
  isPayable,
  reminderDue,
  type ReminderKind,
  reminderMessageKey,
  reminderWindows,
} from "../domain/reminders.ts";
import { formatCzk } from "../domain/money.ts";
import { formatCzechDate } from "../domain/forms/validators.ts";
import { formatCzechAccount, formatIban, ibanToCzechAccount } from "../domain/bank_account.ts";
import { formatPragueDate } from "../domain/time.ts";
import type { Recipient } from "../domain/notifications.ts";
import { paymentReminderRecipients } from "../app/case_notifications.ts";
import { sendMessage } from "../lib/messaging.ts";
import { translator } from "../lib/i18n.ts";
import type { Translate } from "../lib/state.ts";
import { log } from "../lib/log.ts";

export interface ReminderBatchInput {
  /** The day the reminders are for (Europe/Prague, ISO date). */
  today: string;
  /** The last obligation id of the previous batch, or null for the first. */
  after: string | null;
  limit: number;
}

export interface ReminderBatchResult {
  /** Candidates looked at in this batch. */
  checked: number;
  /** Reminders recorded (with or without a message). */
  reminded: number;
  /** Messages queued (a person with e-mail and SMS gets two). */
  messages: number;
  /** The cursor for the next batch; null when this was the last. */
  next: string | null;
}

export type ReminderOutcome = "sent" | "no-recipient" | "already" | "not-due";

interface Candidate {
  id: string;
  tenant_id: string;
  kind: ReminderKind;
}

/** Thrown inside the transaction to roll it back when the obligation is no longer payable. */
class NotDue extends Error {
  override name = "NotDue";
}

type Db = Kysely<Database> | Transaction<Database>;

/**
 * Obligations that may need a reminder on `today`, across every town, in id order after the
 * cursor: due dates within the rule's windows, not written off, something still to pay, and
 * no reminder of that kind yet. The rule itself is asked again for each, under its lock.
 */
export async function reminderCandidates(
  db: Db,
  input: ReminderBatchInput,
): Promise<Candidate[]> {
  const w = reminderWindows(input.today);
  const after = input.after ? sql`and o.id > ${input.after}::uuid` : sql``;
  const rows = await sql<Candidate>`
    select o.id, o.tenant_id, k.kind
    from obligations o
    cross join lateral (
      select case when o.due_date >= ${w.before_due.from}::date then 'before_due'
        else 'overdue' end as kind
    ) k
    where ((o.due_date between ${w.before_due.from}::date and ${w.before_due.to}::date)
        or (o.due_date between ${w.overdue.from}::date and ${w.overdue.to}::date))
      and o.written_off_at is null
      ${after}
      and o.amount_halere > coalesce(
        (select sum(a.amount_halere) from payment_allocations a where a.obligation_id = o.id), 0)
      and not exists (
        select 1 from payment_reminders r where r.obligation_id = o.id and r.kind = k.kind)
    order by o.id
    limit ${input.limit}
  `.execute(db);
  return rows.rows;
}

/** Whom to remind about a person's obligation: see the file's comment. */
async function reminderRecipients(
  trx: Transaction<Database>,
  tenantId: string,
  personId: string,
  agenda: string,
  today: string,
): Promise<{ recipients: (Recipient & { personId: string })[]; forName: string | null }> {
  // The person's reminder choice: "none" = no reminder (nor to those who pay for them).
  const own = await paymentReminderRecipients(trx, tenantId, personId);
  if (own === "none") return { recipients: [], forName: null };
  if (own.length) return { recipients: own.map((r) => ({ ...r, personId })), forName: null };
  const payers = await trx.selectFrom("representations as r")
    .innerJoin(
      "persons as p",
      (j) =>
        j.onRef("p.id", "=", "r.represented_person_id").onRef("p.tenant_id", "=", "r.tenant_id"),
    )
    .select(["r.representative_id", "p.given_name", "p.family_name"])
    .where("r.tenant_id", "=", tenantId).where("r.represented_person_id", "=", personId)
    .where("r.status", "=", "granted")
    .where((eb) => eb.or([eb("r.valid_until", "is", null), eb("r.valid_until", ">=", today)]))
    .where(sql<boolean>`${agenda} = any(r.scope)`)
    .orderBy("r.requested_at").orderBy("r.id").execute();
  const recipients: (Recipient & { personId: string })[] = [];
  const seen = new Set<string>();
  for (const p of payers) {
    const theirs = await paymentReminderRecipients(trx, tenantId, p.representative_id);
    if (theirs === "none") continue;
    for (const r of theirs) {
      const key = `${r.channel}:${r.recipient}`;
      if (seen.has(key)) continue;
      seen.add(key);
      recipients.push({ ...r, personId: p.representative_id });
    }
  }
  const forName = payers.length ? `${payers[0].given_name} ${payers[0].family_name}` : null;
  return { recipients, forName: recipients.length ? forName : null };
}

/** The account as a Czech reader writes it, with the IBAN beside it. */
function accountText(iban: string): string {
  const czech = ibanToCzechAccount(iban);
  return czech.ok
    ? `${formatCzechAccount(czech.value)} (IBAN ${formatIban(iban)})`
    : formatIban(iban);
}

/**
 * One obligation's reminder, in one transaction (see the file's comment). `today` is the day
 * of the run; a reminder the rule no longer asks for (paid meanwhile) is not recorded.
 */
export async function remindObligation(
  db: Kysely<Database>,
  c: { tenantId: string; obligationId: string; kind: ReminderKind; today: string },
): Promise<{ outcome: ReminderOutcome; messages: number }> {
  try {
    return await db.transaction().execute(async (trx) => {
      const o = await trx.selectFrom("obligations").selectAll()
        .where("tenant_id", "=", c.tenantId).where("id", "=", c.obligationId)
        .forUpdate().executeTakeFirst();
      if (!o) return { outcome: "not-due" as const, messages: 0 };
      const inserted = await trx.insertInto("payment_reminders").values({
        tenant_id: c.tenantId,
        obligation_id: o.id,
        kind: c.kind,
        channel: null,
      }).onConflict((oc) => oc.columns(["obligation_id", "kind"]).doNothing())
        .returning("obligation_id").executeTakeFirst();
      if (!inserted) return { outcome: "already" as const, messages: 0 };

      const balance = await trx.selectFrom("obligation_balances")
        .select(["state", "paid_halere"])
        .where("obligation_id", "=", o.id).executeTakeFirstOrThrow();
      const state = balance.state as ObligationState;
      if (!isPayable(state) || reminderDue({ dueDate: o.due_date, state }, c.today) !== c.kind) {
        throw new NotDue();
      }

      const tenant = await findTenantById(trx, c.tenantId);
      if (!tenant) throw new NotDue();
      const { recipients, forName } = await reminderRecipients(
        trx,
        c.tenantId,
        o.person_id,
        o.agenda,
        c.today,
      );
      const origin = tenant.publicOrigin || `https://${tenant.hosts[0] ?? "localhost"}`;
      const outstanding = Number(o.amount_halere) - Number(balance.paid_halere);
      // Each recipient (the payer, or whoever pays for them) in the language they chose.
      const languages = new Map(
        recipients.length
          ? (await trx.selectFrom("persons").select(["id", "language"])
            .where("tenant_id", "=", c.tenantId)
            .where("id", "in", [...new Set(recipients.map((r) => r.personId))]).execute())
            .map((p) => [p.id, p.language] as const)
          : [],
      );
      const paramsIn = (t: Translate) => ({
        town: tenant.name,
        title: o.title ?? t(`reminders.kind.${o.kind}`, { year: o.year }),
        forWhom: forName ? t("reminders.forWhom", { name: forName }) : "",
        forShort: forName ? t("reminders.forShort", { name: forName }) : "",
        amount: formatCzk(outstanding),
        total: formatCzk(Number(o.amount_halere)),
        due: formatCzechDate(o.due_date),
        account: accountText(o.account),
        vs: o.variable_symbol,
        symbols: [
          o.specific_symbol ? t("reminders.ss", { ss: o.specific_symbol }) : null,
          o.constant_symbol ? t("reminders.ks", { ks: o.constant_symbol }) : null,
        ].filter(Boolean).map((line) => `\n${line}`).join(""),
        link: `${origin}/ucet/predpisy/${o.id}`,
      });
      const base = reminderMessageKey(o.id, c.kind);
      for (const [i, r] of recipients.entries()) {
        const t = translator(languages.get(r.personId) ?? "cs");
        const params = paramsIn(t);
        await sendMessage(trx, c.tenantId, {
          idempotencyKey: i === 0 ? base : `${base}:${r.channel}:${i}`,
          channel: r.channel,
          recipient: r.recipient,
          subject: r.channel === "email" ? t(`reminders.mail.${c.kind}.subject`, params) : null,
          body: t(
            r.channel === "email" ? `reminders.mail.${c.kind}.body` : `reminders.sms.${c.kind}`,
            params,
          ),
          personId: r.personId, // the payer, or the representative who is reminded for them
          kind: "reminder",
          secret: false,
        });
      }
      const channels = [...new Set(recipients.map((r) => r.channel))].sort();
      const channel = channels.length ? channels.join("+") : null;
      await trx.updateTable("payment_reminders").set({ channel })
        .where("obligation_id", "=", o.id).where("kind", "=", c.kind).execute();
      await appendAudit(trx, {
        tenantId: c.tenantId,
        actorType: "system",
        actorId: "payment-reminders",
        action: "obligation.reminded",
        subjectType: "obligation",
        subjectId: o.id,
        details: { kind: c.kind, channel, today: c.today, outstandingHalere: outstanding },
      });
      return {
        outcome: recipients.length ? "sent" as const : "no-recipient" as const,
        messages: recipients.length,
      };
    });
  } catch (err) {
    if (err instanceof NotDue) return { outcome: "not-due", messages: 0 };
    throw err;
  }
}

export function createPaymentReminderActivities(deps: { db: Kysely<Database> }) {
  const { db } = deps;

  /** Today in Prague: the day a scheduled run reminds for. */
  // deno-lint-ignore require-await
  async function paymentReminderDay(): Promise<string> {
    return formatPragueDate(new Date());
  }

  /**
   * One batch: up to `limit` candidates after the cursor, each reminded in its own
   * transaction. Safe to retry: whatever a failed attempt committed is found and skipped.
   */
  async function sendPaymentReminders(input: ReminderBatchInput): Promise<ReminderBatchResult> {
    const candidates = await reminderCandidates(db, input);
    let reminded = 0;
    let messages = 0;
    for (const c of candidates) {
      const r = await remindObligation(db, {
        tenantId: c.tenant_id,
        obligationId: c.id,
        kind: c.kind,
        today: input.today,
      });
      if (r.outcome === "sent" || r.outcome === "no-recipient") reminded++;
      messages += r.messages;
    }
    if (reminded) {
      log.info("payment reminders", { today: input.today, checked: candidates.length, reminded });
    }
    return {
      checked: candidates.length,
      reminded,
      messages,
      next: candidates.length === input.limit ? candidates[candidates.length - 1].id : null,
    };
  }

  return { paymentReminderDay, sendPaymentReminders };
}

export type PaymentReminderActivities = ReturnType<typeof createPaymentReminderActivities>;
