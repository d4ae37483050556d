/**
 * From a filed dog-fee form to its předpis: what the fee computation (`computeDogFee`) needs of
 * the holder and the dogs, the year, the due date, the variable and specific symbols. Pure.
 */
import {
  computeDogFee,
  type DogFeeAssessment,
  dogFeeDueDate,
  type DogFeeOrdinance,
  type DogFeeResult,
  type DogHolder,
  type DogInput,
} from "./dog_fee.ts";
import { parseBirthNumber } from "./forms/validators.ts";

/** The specific symbol of the dog fee: its budget item (položka 1341, poplatek ze psů). */
export const DOG_FEE_SPECIFIC_SYMBOL = "1341";
/** Days to pay a fee assessed after the ordinance's due date of the year has passed. */
export const LATE_ASSESSMENT_DAYS = 30;

const str = (v: unknown): string => (typeof v === "string" ? v : "");

/** The holder and dogs of filed values (`domain/situations/dog_fee_form.ts`). */
export function dogFeeInputs(
  values: Record<string, unknown>,
  ordinance: DogFeeOrdinance,
): { holder: DogHolder; dogs: DogInput[] } {
  const reduction = str(values.reduction);
  const birth = parseBirthNumber(str(values.birthNumber));
  const holder: DogHolder = {
    // The over-65 reduction follows from the birth date; it is claimed with proof.
    birthDate: reduction === "over65" ? birth?.birthDate ?? null : null,
    disabilityPension: reduction === "disabilityPension" ? { from: null, until: null } : null,
  };
  const keptUntil = str(values.action) === "deregister"
    ? str(values.deregistrationDate) || null
    : null;
  const exemption = reduction === "assistanceDog" &&
      ordinance.townExemptions.includes("assistanceDog")
    ? "assistanceDog" as const
    : null;
  const dogs = (Array.isArray(values.dogs) ? values.dogs : []).map((d): DogInput => {
    const dog = (d ?? {}) as Record<string, unknown>;
    return {
      label: [str(dog.name), str(dog.chipNumber)].filter(Boolean).join(", "),
      birthDate: str(dog.birthDate) || null,
      keptFrom: str(dog.keptSince),
      keptUntil,
      exemption,
    };
  });
  return { holder, dogs };
}

/** The variable symbol of a case's předpis: the reference's year and number (`2026000042`). */
export function variableSymbolOf(reference: string): string {
  const m = /(\d{4})\/(\d{1,6})$/.exec(reference);
  if (!m) throw new RangeError(`not a case reference: ${reference}`);
  return `${m[1]}${m[2].padStart(6, "0")}`;
}

/** ISO date `days` after `iso`. */
function addDays(iso: string, days: number): string {
  const d = new Date(`${iso}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/**
 * The due date: the ordinance's day of the year, or — when the fee is assessed after it —
 * `LATE_ASSESSMENT_DAYS` after the assessment (`today`, Europe/Prague).
 */
export function dogFeeDue(ordinance: DogFeeOrdinance, year: number, today: string): string {
  const due = dogFeeDueDate(ordinance, year);
  return due < today ? addDays(today, LATE_ASSESSMENT_DAYS) : due;
}

export interface DogFeePredpis {
  assessment: DogFeeAssessment;
  dueDate: string;
  variableSymbol: string;
  specificSymbol: string;
}

/** The předpis of an approved case for `year` (the year of the approval). */
export function dogFeePredpis(
  ordinance: DogFeeOrdinance,
  values: Record<string, unknown>,
  reference: string,
  year: number,
  today: string,
): { ok: true; value: DogFeePredpis } | Extract<DogFeeResult, { ok: false }> {
  const { holder, dogs } = dogFeeInputs(values, ordinance);
  const computed = computeDogFee(ordinance, holder, dogs, year);
  if (!computed.ok) return computed;
  return {
    ok: true,
    value: {
      assessment: computed.value,
      dueDate: dogFeeDue(ordinance, year, today),
      variableSymbol: variableSymbolOf(reference),
      specificSymbol: DOG_FEE_SPECIFIC_SYMBOL,
    },
  };
}
