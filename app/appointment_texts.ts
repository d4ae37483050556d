/**
 * The texts of an appointment's messages and invitation, in the town's language (Czech: a
 * message outlives the request's language, and a calendar shows it as written).
 */
import type { Translate } from "../lib/state.ts";
import { formatPragueDate } from "../domain/time.ts";
import { formatCzechDate } from "../domain/forms/validators.ts";

const TIME = new Intl.DateTimeFormat("cs-CZ", {
  timeZone: "Europe/Prague",
  hour: "2-digit",
  minute: "2-digit",
});

/** "7. 12. 2026 9:30" in Prague time. */
export function formatSlot(d: Date): string {
  return `${formatCzechDate(formatPragueDate(d))} ${TIME.format(d)}`;
}

/** A booking made, moved, cancelled by its holder, or cancelled because the office closed. */
export type MailKind = "booked" | "moved" | "cancelled" | "closed";

export function appointmentTexts(
  t: Translate,
  service: { name: string; department: string; location: string },
  a: { starts_at: Date; subject: string },
  manageUrl: string | null,
) {
  const params = {
    service: service.name,
    department: service.department,
    when: formatSlot(a.starts_at),
    place: service.location,
    subject: a.subject,
  };
  const details = [
    t("appointments.mail.when", params),
    t("appointments.mail.where", params),
    t("appointments.mail.subjectLine", params),
  ];
  return {
    summary: t("appointments.ics.summary", params),
    description: [
      ...details,
      ...(manageUrl ? [t("appointments.mail.manage", { url: manageUrl })] : []),
    ].join("\n"),
    mailSubject: (kind: MailKind) => t(`appointments.mail.${kind}.subject`, params),
    /** `rebookUrl`: where to book another time (a booking the office cancelled). */
    mailBody: (kind: MailKind, rebookUrl?: string) =>
      [
        t(`appointments.mail.${kind}.lead`, params),
        "",
        ...details,
        ...(kind !== "cancelled" && kind !== "closed" && manageUrl
          ? ["", t("appointments.mail.manage", { url: manageUrl }), t("appointments.mail.cutoff")]
          : []),
        ...(rebookUrl ? ["", t("appointments.mail.rebook", { url: rebookUrl })] : []),
      ].join("\n"),
    confirmSubject: t("appointments.mail.confirm.subject", params),
    confirmBody: (url: string, until: Date) =>
      [
        t("appointments.mail.confirm.lead", params),
        "",
        ...details,
        "",
        t("appointments.mail.confirm.link", { url, until: formatSlot(until) }),
      ].join("\n"),
    reminderSubject: t("appointments.mail.reminder.subject", params),
    reminderBody: (url: string | null) =>
      [
        t("appointments.mail.reminder.lead", params),
        "",
        ...details,
        ...(url ? ["", t("appointments.mail.manage", { url })] : []),
      ].join("\n"),
    reminderSms: t("appointments.sms.reminder", params),
  };
}
