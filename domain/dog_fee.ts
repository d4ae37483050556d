/**
 * The dog fee (místní poplatek ze psů, § 2 of Act 565/1990 Sb. on local fees, as amended by Act
 * 277/2019 Sb.) as pure functions: a town's ordinance (obecně závazná vyhláška) as data, its check
 * against the statutory caps, and the fee of one holder for one calendar year.
 *
 * The rules, as the statute and this code apply them:
 * - A rate is per dog and calendar year: one for the first dog, a higher one for the second and
 *   each further dog of the same holder; reduced rates (first/further) where the holder is over
 *   65 or receives a disability pension (§ 2(3)(c), (d)). Caps: 1 500 Kč, 2 250 Kč, 200 Kč and
 *   300 Kč (§ 2(3)). An ordinance with a rate above its cap is refused.
 * - The fee is paid for dogs older than three months (§ 2(1)): a dog's duty starts on the later
 *   of the day it is kept from and the day it turns three months.
 * - A duty that arises or ends within the year is paid pro rata, for each started calendar month
 *   (§ 2(4)): the month it starts in and the month it ends in both count. Dates are calendar
 *   dates in Europe/Prague (ISO `YYYY-MM-DD`).
 * - Which dog is "further" is decided month by month among the holder's dogs that owe the fee in
 *   that month, ordered by the date each was kept from (then by the order given): the earliest
 *   is the first dog. An exempt dog is not counted, so the next one is the first.
 * - A reduction applies from the calendar month in which the holder turns 65, or for the months
 *   the disability pension is received.
 * - Exempt (§ 2(2)) is the holder who is blind, dependent on another person's help under the
 *   social services act, holds a ZTP/P card, trains dogs to accompany such persons, runs an
 *   animal shelter, or must keep a dog by law; the ordinance may exempt further dogs (an
 *   assistance dog, a rescue dog, a dog taken from a shelter…) — only those it lists.
 * - Money is integer haléře. A line is its twelfths of the annual rates, rounded to the haléř;
 *   the total is rounded up to whole crowns (§ 146 of the tax code, Act 280/2009 Sb.), the
 *   difference shown as `rounding`.
 */

/** Amounts in haléře per dog and calendar year. */
export interface DogFeeRates {
  first: number;
  further: number;
  /** Holder over 65 or on a disability pension: the first dog. */
  reducedFirst: number;
  /** Holder over 65 or on a disability pension: the second and each further dog. */
  reducedFurther: number;
}

/** Statutory maxima (§ 2(3) of Act 565/1990 Sb. as amended by Act 277/2019 Sb.), in haléře. */
export const STATUTORY_CAPS: DogFeeRates = {
  first: 150_000,
  further: 225_000,
  reducedFirst: 20_000,
  reducedFurther: 30_000,
};

/** Exemptions of the holder that the statute grants (§ 2(2)); every town applies them. */
export const STATUTORY_EXEMPTIONS = [
  "blind",
  "dependent",
  "ztpp",
  "trainer",
  "shelterOperator",
  "requiredByLaw",
] as const;
export type StatutoryExemption = typeof STATUTORY_EXEMPTIONS[number];

/** Exemptions of a dog that a town may grant in its ordinance (§ 14 of the act). */
export const TOWN_EXEMPTIONS = ["assistanceDog", "rescueDog", "shelterDog"] as const;
export type TownExemption = typeof TOWN_EXEMPTIONS[number];

export type DogFeeExemption = StatutoryExemption | TownExemption;

/** A town's dog-fee ordinance, as data. */
export interface DogFeeOrdinance {
  /** e.g. "Obecně závazná vyhláška č. 2/2026 o místním poplatku ze psů". */
  title: string;
  /** First day it applies, ISO date. */
  validFrom: string;
  rates: DogFeeRates;
  /** The dog exemptions this town grants, beyond the statutory ones of the holder. */
  townExemptions: TownExemption[];
  /** Exemptions and reductions the holder must prove with a document (for the form). */
  proofRequired: (DogFeeExemption | "disabilityPension")[];
  /** Due date of the year's fee, `MM-DD`. */
  dueMonthDay: string;
}

export type OrdinanceErrorCode =
  | "RateNotWholeHalere"
  | "RateNegative"
  | "RateAboveCap"
  | "InvalidDate"
  | "UnknownExemption";

export interface OrdinanceError {
  code: OrdinanceErrorCode;
  /** Which rate or field. */
  field: string;
}

/** Every way the ordinance breaks the statute or is malformed; empty when it may be applied. */
export function validateOrdinance(ordinance: DogFeeOrdinance): OrdinanceError[] {
  const errors: OrdinanceError[] = [];
  for (const key of Object.keys(STATUTORY_CAPS) as (keyof DogFeeRates)[]) {
    const rate = ordinance.rates[key];
    const field = `rates.${key}`;
    if (!Number.isSafeInteger(rate)) errors.push({ code: "RateNotWholeHalere", field });
    else if (rate < 0) errors.push({ code: "RateNegative", field });
    else if (rate > STATUTORY_CAPS[key]) errors.push({ code: "RateAboveCap", field });
  }
  if (!parseIsoDate(ordinance.validFrom)) errors.push({ code: "InvalidDate", field: "validFrom" });
  if (
    !/^\d{2}-\d{2}$/.test(ordinance.dueMonthDay) || !parseIsoDate(`2024-${ordinance.dueMonthDay}`)
  ) {
    errors.push({ code: "InvalidDate", field: "dueMonthDay" });
  }
  for (const e of ordinance.townExemptions) {
    if (!(TOWN_EXEMPTIONS as readonly string[]).includes(e)) {
      errors.push({ code: "UnknownExemption", field: "townExemptions" });
    }
  }
  return errors;
}

/** The holder (poplatník) as the fee needs them. */
export interface DogHolder {
  /** ISO date; gives the over-65 reduction. */
  birthDate?: string | null;
  /** Receives a disability pension (invalidní důchod) from/until (ISO dates, inclusive). */
  disabilityPension?: { from?: string | null; until?: string | null } | null;
  /** A statutory exemption of the holder (§ 2(2)), proved to the office. */
  exemption?: StatutoryExemption | null;
}

export interface DogInput {
  /** Shown on the line (the dog's name or chip number). */
  label: string;
  birthDate?: string | null;
  /** The day the holder started keeping the dog, ISO date. */
  keptFrom: string;
  /** The last day the holder kept the dog (died, given away, moved out), ISO date. */
  keptUntil?: string | null;
  /** A town exemption of this dog (only those the ordinance grants are accepted). */
  exemption?: TownExemption | null;
}

export type DogRateKind = keyof DogFeeRates;

export interface DogFeeLine {
  /** Index of the dog in the input. */
  dog: number;
  label: string;
  /** Calendar months (1–12) of the year in which the dog owes the fee. */
  months: number[];
  /** Months grouped by the rate that applied, in month order. */
  charges: { kind: DogRateKind; months: number[]; annualRate: number }[];
  /** Why the dog owes nothing, when it is exempt. */
  exemption: DogFeeExemption | null;
  /** Haléře: the twelfths of the annual rates of its months, rounded to the haléř. */
  amount: number;
}

export interface DogFeeAssessment {
  year: number;
  lines: DogFeeLine[];
  /** Sum of the lines, haléře. */
  subtotal: number;
  /** Added to round the total up to whole crowns. */
  rounding: number;
  /** Haléře, whole crowns. */
  total: number;
}

export type DogFeeErrorCode =
  | "InvalidOrdinance"
  | "InvalidYear"
  | "InvalidDate"
  | "KeptUntilBeforeKeptFrom"
  | "ExemptionNotGranted";

export type DogFeeResult =
  | { ok: true; value: DogFeeAssessment }
  | { ok: false; code: DogFeeErrorCode; dog?: number };

interface CalendarDate {
  year: number;
  month: number;
  day: number;
}

/** A valid ISO calendar date, or null. */
export function parseIsoDate(text: string | null | undefined): CalendarDate | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text ?? "");
  if (!m) return null;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const d = new Date(Date.UTC(year, month - 1, day));
  if (d.getUTCFullYear() !== year || d.getUTCMonth() !== month - 1 || d.getUTCDate() !== day) {
    return null;
  }
  return { year, month, day };
}

/** Month index since year 0: compares months across years. */
const monthIndex = (d: CalendarDate) => d.year * 12 + (d.month - 1);

/** `d` plus `months` calendar months, the day clamped to the end of a shorter month. */
function addMonths(d: CalendarDate, months: number): CalendarDate {
  const index = monthIndex(d) + months;
  const year = Math.floor(index / 12);
  const month = index % 12 + 1;
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return { year, month, day: Math.min(d.day, last) };
}

function laterOf(a: CalendarDate, b: CalendarDate): CalendarDate {
  return monthIndex(a) !== monthIndex(b)
    ? (monthIndex(a) > monthIndex(b) ? a : b)
    : (a.day >= b.day ? a : b);
}

function compareDates(a: CalendarDate, b: CalendarDate): number {
  return monthIndex(a) - monthIndex(b) || a.day - b.day;
}

/** Months (1–12) of `year` touched by the period from `from` to `until` (inclusive, open end). */
function monthsIn(year: number, from: CalendarDate, until: CalendarDate | null): number[] {
  const first = Math.max(monthIndex(from), year * 12);
  const last = Math.min(until ? monthIndex(until) : Infinity, year * 12 + 11);
  const months: number[] = [];
  for (let i = first; i <= last; i++) months.push(i - year * 12 + 1);
  return months;
}

/**
 * The dog fee of one holder for one calendar year: a line per dog and the total, in haléře.
 * `dogs` are all dogs the holder keeps or kept in the year (for the order of further dogs).
 */
export function computeDogFee(
  ordinance: DogFeeOrdinance,
  holder: DogHolder,
  dogs: readonly DogInput[],
  year: number,
): DogFeeResult {
  if (validateOrdinance(ordinance).length > 0) return { ok: false, code: "InvalidOrdinance" };
  if (!Number.isInteger(year) || year < 1990 || year > 9999) {
    return { ok: false, code: "InvalidYear" };
  }

  // Months of the year in which the holder pays the reduced rates.
  const reduced = new Set<number>();
  if (holder.birthDate != null) {
    const birth = parseIsoDate(holder.birthDate);
    if (!birth) return { ok: false, code: "InvalidDate" };
    for (const m of monthsIn(year, addMonths(birth, 65 * 12), null)) reduced.add(m);
  }
  if (holder.disabilityPension) {
    const from = holder.disabilityPension.from
      ? parseIsoDate(holder.disabilityPension.from)
      : { year: 1900, month: 1, day: 1 };
    const until = holder.disabilityPension.until
      ? parseIsoDate(holder.disabilityPension.until)
      : null;
    if (!from || (holder.disabilityPension.until && !until)) {
      return { ok: false, code: "InvalidDate" };
    }
    for (const m of monthsIn(year, from, until)) reduced.add(m);
  }

  // When each dog owes the fee, and whether it is exempt.
  const owing: { dog: number; keptFrom: CalendarDate; months: number[] }[] = [];
  const lines: DogFeeLine[] = [];
  for (const [i, dog] of dogs.entries()) {
    const keptFrom = parseIsoDate(dog.keptFrom);
    const keptUntil = dog.keptUntil ? parseIsoDate(dog.keptUntil) : null;
    const birth = dog.birthDate ? parseIsoDate(dog.birthDate) : null;
    if (!keptFrom || (dog.keptUntil && !keptUntil) || (dog.birthDate && !birth)) {
      return { ok: false, code: "InvalidDate", dog: i };
    }
    if (keptUntil && compareDates(keptUntil, keptFrom) < 0) {
      return { ok: false, code: "KeptUntilBeforeKeptFrom", dog: i };
    }
    if (dog.exemption && !ordinance.townExemptions.includes(dog.exemption)) {
      return { ok: false, code: "ExemptionNotGranted", dog: i };
    }
    const start = birth ? laterOf(keptFrom, addMonths(birth, 3)) : keptFrom;
    const months = keptUntil && compareDates(keptUntil, start) < 0
      ? []
      : monthsIn(year, start, keptUntil);
    const exemption: DogFeeExemption | null = holder.exemption ?? dog.exemption ?? null;
    lines.push({ dog: i, label: dog.label, months, charges: [], exemption, amount: 0 });
    if (!exemption) owing.push({ dog: i, keptFrom, months });
  }

  const order = [...owing].sort((a, b) => compareDates(a.keptFrom, b.keptFrom) || a.dog - b.dog);
  const twelfths = new Map<number, number>();
  for (let month = 1; month <= 12; month++) {
    const holding = order.filter((o) => o.months.includes(month));
    for (const [rank, o] of holding.entries()) {
      const kind: DogRateKind = reduced.has(month)
        ? (rank === 0 ? "reducedFirst" : "reducedFurther")
        : (rank === 0 ? "first" : "further");
      const line = lines[o.dog];
      const annualRate = ordinance.rates[kind];
      const last = line.charges.at(-1);
      if (last && last.kind === kind && last.months.at(-1) === month - 1) last.months.push(month);
      else line.charges.push({ kind, months: [month], annualRate });
      twelfths.set(o.dog, (twelfths.get(o.dog) ?? 0) + annualRate);
    }
  }
  for (const line of lines) {
    // Half up, in integers: round(sum / 12).
    line.amount = Math.floor(((twelfths.get(line.dog) ?? 0) * 2 + 12) / 24);
  }
  const subtotal = lines.reduce((sum, l) => sum + l.amount, 0);
  const total = Math.ceil(subtotal / 100) * 100;
  return { ok: true, value: { year, lines, subtotal, rounding: total - subtotal, total } };
}

/** The due date of the year's fee under the ordinance, ISO date. */
export function dogFeeDueDate(ordinance: DogFeeOrdinance, year: number): string {
  return `${year}-${ordinance.dueMonthDay}`;
}
