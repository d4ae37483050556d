/**
 * The appointment's reminder (issue 15), for workflows/appointments.ts: the day before, one
 * message by the person's chosen channel (`/ucet/nastaveni`, as payment reminders: e-mail, SMS,
 * both or none), or to the e-mail or phone given for a booking without an account. Once: the
 * row is locked, `reminder_sent_at` set in the same transaction as the messages are queued (and
 * their idempotency keys carry the SEQUENCE), so a retry or a restarted worker sends nothing
 * twice. A reminder for an older SEQUENCE than the row's is `stale` (the workflow waits for the
 * move's signal); a cancelled or past appointment is `ended`.
 */
import type { Kysely } from "kysely";
import type { Database } from "../db/schema.ts";
import { appendAudit } from "../db/repositories/audit.ts";
import { findService } from "../db/repositories/appointments.ts";
import type { Recipient } from "../domain/notifications.ts";
import { paymentReminderRecipients, personTranslator } from "../app/case_notifications.ts";
import { appointmentTexts } from "../app/appointment_texts.ts";
import { sendMessage } from "../lib/messaging.ts";
import { translator } from "../lib/i18n.ts";

export type ReminderOutcome =
  | { outcome: "sent"; channels: string[] }
  | { outcome: "already" }
  | { outcome: "stale"; version: number }
  | { outcome: "ended" };

export function createAppointmentActivities(deps: { db: Kysely<Database> }) {
  return {
    async remindAppointment(
      input: { tenantId: string; appointmentId: string; version: number; origin: string },
    ): Promise<ReminderOutcome> {
      return await deps.db.transaction().execute(async (trx): Promise<ReminderOutcome> => {
        const a = await trx.selectFrom("appointments").selectAll()
          .where("tenant_id", "=", input.tenantId).where("id", "=", input.appointmentId)
          .forUpdate().executeTakeFirst();
        if (!a || a.status !== "booked" || a.starts_at <= new Date()) return { outcome: "ended" };
        if (a.sequence > input.version) return { outcome: "stale", version: a.sequence };
        if (a.reminder_sent_at) return { outcome: "already" };
        const service = await findService(trx, input.tenantId, a.service_id);
        if (!service) return { outcome: "ended" };
        let recipients: Recipient[] = [];
        if (a.person_id) {
          const chosen = await paymentReminderRecipients(trx, input.tenantId, a.person_id);
          recipients = chosen === "none" ? [] : chosen;
        } else if (a.email) recipients = [{ channel: "email", recipient: a.email }];
        else if (a.phone) recipients = [{ channel: "sms", recipient: a.phone }];
        // A signed-in booker in the language they chose; one who booked without an account,
        // in Czech.
        const t = (a.person_id && await personTranslator(trx, input.tenantId, a.person_id)) ||
          translator("cs");
        const url = a.person_id ? `${input.origin}/ucet/rezervace/${a.id}` : null;
        const texts = appointmentTexts(t, service, a, url);
        for (const r of recipients) {
          await sendMessage(trx, input.tenantId, {
            idempotencyKey: `appointment:${a.id}:${a.sequence}:reminder:${r.channel}`,
            channel: r.channel,
            recipient: r.recipient,
            subject: r.channel === "email" ? texts.reminderSubject : null,
            body: r.channel === "email" ? texts.reminderBody(url) : texts.reminderSms,
            personId: a.person_id,
            kind: "reminder",
            secret: false,
          });
        }
        await trx.updateTable("appointments").set({ reminder_sent_at: new Date() })
          .where("id", "=", a.id).execute();
        const channels = recipients.map((r) => r.channel);
        await appendAudit(trx, {
          tenantId: input.tenantId,
          actorType: "system",
          actorId: null,
          action: "appointment.reminded",
          subjectType: "appointment",
          subjectId: a.id,
          details: { sequence: a.sequence, channels },
        });
        return { outcome: "sent", channels };
      });
    },
  };
}

export type AppointmentActivities = ReturnType<typeof createAppointmentActivities>;
