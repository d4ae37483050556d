/**
 * The clerk's settings of appointments (issue 15, review): a service's facts (names in Czech and
 * English, duration, desks, serving clerks, active) and its weekly opening hours, validated as
 * pure functions with Czech error codes: a time as hh:mm, the end after the start, ranges of one
 * weekday that do not overlap, and a range long enough for at least one appointment.
 */
import type { FieldError } from "./validation.ts";
import { checkText } from "./validation.ts";
import { parseMinutes, type Weekday, type WeeklyHours } from "./appointments.ts";

export interface ServiceInput {
  slug: string;
  department: string;
  name: string;
  nameEn: string;
  location: string;
  description: string;
  duration: string;
  desks: string;
  active: boolean;
  clerkIds: string[];
}

export interface ServiceDraft {
  slug: string;
  department: string;
  name: string;
  nameEn: string;
  location: string;
  description: string;
  durationMinutes: number;
  desks: number;
  active: boolean;
  clerkIds: string[];
}

const SLUG = /^[a-z0-9-]{1,60}$/;

function wholeNumber(
  errors: FieldError<string>[],
  field: string,
  text: string,
  min: number,
  max: number,
): number {
  if (text === "") {
    errors.push({ field, code: "required" });
    return 0;
  }
  if (!/^-?\d+$/.test(text)) {
    errors.push({ field, code: /^-?\d+[.,]\d+$/.test(text) ? "notWholeNumber" : "invalidNumber" });
    return 0;
  }
  const n = Number(text);
  if (n < min) errors.push({ field, code: "numberTooSmall", params: { min } });
  else if (n > max) errors.push({ field, code: "numberTooLarge", params: { max } });
  return n;
}

/** A service as the clerk's form gives it; the slug only for a new one (its address stays). */
export function validateService(
  v: ServiceInput,
): { ok: true; value: ServiceDraft } | { ok: false; errors: FieldError<string>[] } {
  const errors: FieldError<string>[] = [];
  if (v.slug === "") errors.push({ field: "slug", code: "required" });
  else if (!SLUG.test(v.slug)) errors.push({ field: "slug", code: "appointmentSlugInvalid" });
  checkText(errors, "name", v.name, { required: true, max: 200 });
  checkText(errors, "nameEn", v.nameEn, { required: true, max: 200 });
  checkText(errors, "department", v.department, { required: true, max: 200 });
  checkText(errors, "location", v.location, { max: 200 });
  checkText(errors, "description", v.description, { max: 2000 });
  const durationMinutes = wholeNumber(errors, "duration", v.duration, 5, 240);
  const desks = wholeNumber(errors, "desks", v.desks, 1, 20);
  if (errors.length) return { ok: false, errors };
  return {
    ok: true,
    value: {
      slug: v.slug,
      department: v.department,
      name: v.name,
      nameEn: v.nameEn,
      location: v.location,
      description: v.description,
      durationMinutes,
      desks,
      active: v.active,
      clerkIds: [...new Set(v.clerkIds)],
    },
  };
}

/**
 * A weekly range to add to a service: weekday 1–7, hh:mm times, the end after the start, room
 * for at least one appointment of `durationMinutes`, and no overlap with the weekday's others.
 */
export function validateHours(
  v: { weekday: string; opens: string; closes: string },
  existing: readonly WeeklyHours[],
  durationMinutes: number,
): { ok: true; value: WeeklyHours } | { ok: false; errors: FieldError<string>[] } {
  const errors: FieldError<string>[] = [];
  const weekday = Number(v.weekday);
  const dayOk = /^[1-7]$/.test(v.weekday);
  if (!dayOk) errors.push({ field: "weekday", code: "invalidChoice" });
  const opens = parseMinutes(v.opens);
  const closes = parseMinutes(v.closes);
  if (opens === null || opens >= 1440) {
    errors.push({ field: "opens", code: "appointmentTimeInvalid" });
  }
  if (closes === null || closes === 0) {
    errors.push({ field: "closes", code: "appointmentTimeInvalid" });
  }
  if (errors.length === 0 && opens !== null && closes !== null) {
    if (closes <= opens) errors.push({ field: "closes", code: "appointmentTimeOrder" });
    else if (closes - opens < durationMinutes) {
      errors.push({
        field: "closes",
        code: "appointmentHoursShort",
        params: { minutes: durationMinutes },
      });
    } else if (
      existing.some((h) => h.weekday === weekday && h.opens < closes && opens < h.closes)
    ) {
      errors.push({ field: "opens", code: "appointmentHoursOverlap" });
    }
  }
  if (errors.length) return { ok: false, errors };
  return { ok: true, value: { weekday: weekday as Weekday, opens: opens!, closes: closes! } };
}
