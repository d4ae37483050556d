/**
 * How long is left, in words, as the public grant pages say it: "zbývá 5 dní (do 31. 3. 2027
 * 12:00)" for an open call, "otevře se 1. 3. 2027" for an upcoming one, "příjem žádostí skončil
 * 31. 3. 2027" for a closed one. Calendar days in Europe/Prague.
 */
import { czechDate, czechPlural, daysUntil } from "../../domain/grants.ts";
import { formatPragueDate, formatPragueDateTime } from "../../domain/time.ts";
import type { Translate } from "../../lib/state.ts";

function dateOf(d: Date): string {
  return czechDate(formatPragueDate(d));
}

function timeOf(d: Date): string {
  return formatPragueDateTime(d).slice(11, 16);
}

export function callTiming(
  t: Translate,
  c: { state: string; opens_at: Date; closes_at: Date },
  now: Date,
): string {
  if (c.state === "scheduled" && now < c.opens_at) {
    return t("grants.public.opensOn", { date: dateOf(c.opens_at), time: timeOf(c.opens_at) });
  }
  if ((c.state === "open" || c.state === "scheduled") && now < c.closes_at) {
    const days = daysUntil(c.closes_at, now);
    const until = t("grants.public.until", {
      date: dateOf(c.closes_at),
      time: timeOf(c.closes_at),
    });
    if (days <= 0) return `${t("grants.public.lastDay")} (${until})`;
    return `${t(`grants.public.daysLeft.${czechPlural(days)}`, { n: days })} (${until})`;
  }
  return t("grants.public.closedOn", { date: dateOf(c.closes_at) });
}

export function CallTiming(
  props: { t: Translate; call: { state: string; opens_at: Date; closes_at: Date }; now: Date },
) {
  return <p class="grant-timing">{callTiming(props.t, props.call, props.now)}</p>;
}
