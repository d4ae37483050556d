/**
 * Appointments' building blocks (issue 15): the day picker, a day's slots as buttons of one
 * form each (no JavaScript), the next free slots after a full one, and a booking's facts.
 */
import type { Translate } from "../../lib/state.ts";
import { CsrfField, SubmitButton } from "../form/mod.ts";
import { formatSlot } from "../../app/appointment_texts.ts";
import { formatCzechDate } from "../../domain/forms/validators.ts";

const TIME = new Intl.DateTimeFormat("cs-CZ", {
  timeZone: "Europe/Prague",
  hour: "2-digit",
  minute: "2-digit",
});
const WEEKDAY = new Intl.DateTimeFormat("cs-CZ", { weekday: "long", timeZone: "UTC" });
const WEEKDAY_EN = new Intl.DateTimeFormat("en-GB", { weekday: "long", timeZone: "UTC" });

export function slotTime(iso: string): string {
  return TIME.format(new Date(iso));
}

export function dayLabel(date: string, locale: string): string {
  const d = new Date(`${date}T12:00:00Z`);
  return `${(locale === "en" ? WEEKDAY_EN : WEEKDAY).format(d)} ${formatCzechDate(date)}`;
}

/** The days with opening hours, as links (`?den=`), the chosen one marked current. */
export function DayPicker(
  { days, date, base, t, locale }: {
    days: readonly string[];
    date: string;
    base: string;
    t: Translate;
    locale: string;
  },
) {
  return (
    <nav aria-label={t("appointments.days")}>
      <ul class="appointment-days">
        {days.slice(0, 14).map((d) => (
          <li key={d}>
            <a href={`${base}?den=${d}`} aria-current={d === date ? "date" : undefined}>
              {dayLabel(d, locale)}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}

/** A day's slots: a free one is a button posting `slot` (with `action` when given). */
export function SlotButtons(
  { slots, action, csrfToken, t, extra = {}, label }: {
    slots: readonly { startsAt: string; free: number }[];
    action: string;
    csrfToken: string;
    t: Translate;
    extra?: Record<string, string>;
    /** The button's text for a slot; default "9:30 (2 volná místa)". */
    label?: (time: string) => string;
  },
) {
  if (slots.length === 0) return <p>{t("appointments.noSlots")}</p>;
  return (
    <ul class="appointment-slots">
      {slots.map((s) => {
        const time = slotTime(s.startsAt);
        return (
          <li key={s.startsAt}>
            {s.free > 0
              ? (
                <form method="post" action={action}>
                  <CsrfField token={csrfToken} />
                  {Object.entries(extra).map(([k, v]) => (
                    <input type="hidden" name={k} value={v} />
                  ))}
                  <input type="hidden" name="slot" value={s.startsAt} />
                  <SubmitButton variant="secondary">
                    {label ? label(time) : t("appointments.slotFree", { time, free: s.free })}
                  </SubmitButton>
                </form>
              )
              : <span>{t("appointments.slotTaken", { time })}</span>}
          </li>
        );
      })}
    </ul>
  );
}

/** The next free slots, as links to their day (after a full slot or an expired hold). */
export function NextSlots(
  { next, base, t }: { next: readonly { startsAt: string }[]; base: string; t: Translate },
) {
  if (next.length === 0) return <p>{t("appointments.noNext")}</p>;
  return (
    <>
      <p>{t("appointments.nextLead")}</p>
      <ul>
        {next.map((s) => {
          const date = new Date(s.startsAt);
          const day = new Intl.DateTimeFormat("sv-SE", { timeZone: "Europe/Prague" }).format(date);
          return (
            <li key={s.startsAt}>
              <a href={`${base}?den=${day}`}>{formatSlot(date)}</a>
            </li>
          );
        })}
      </ul>
    </>
  );
}

/** A booking's facts (service, when, where, subject, state). */
export function BookingFacts(
  { t, service, a }: {
    t: Translate;
    service: { name: string; department: string; location: string };
    a: { starts_at: Date | string; subject: string; status: string };
  },
) {
  return (
    <dl class="facts">
      <div>
        <dt>{t("appointments.fact.service")}</dt>
        <dd>{service.name} ({service.department})</dd>
      </div>
      <div>
        <dt>{t("appointments.fact.when")}</dt>
        <dd>{formatSlot(new Date(a.starts_at))}</dd>
      </div>
      <div>
        <dt>{t("appointments.fact.where")}</dt>
        <dd>{service.location}</dd>
      </div>
      {a.subject && (
        <div>
          <dt>{t("appointments.fact.subject")}</dt>
          <dd>{a.subject}</dd>
        </div>
      )}
      <div>
        <dt>{t("appointments.fact.status")}</dt>
        <dd>{t(`appointments.status.${a.status}`)}</dd>
      </div>
    </dl>
  );
}
