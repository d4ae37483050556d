/**
 * The public-space occupation permit on the case kit (issue 15): the filing office's hooks.
 * `checkOccupationFiling` refuses a purpose the town has no rate for; `recordOccupation` runs in
 * the filing transaction: the occupation's row with its fee (domain/public_space.ts from the
 * town's rates) and, when other occupations of the same place overlap its dates, an internal
 * timeline event that flags them to the clerk reviewing it.
 *
 * The workflow's side (fee, permit once paid, the end): activities/public_space.ts.
 */
import type { Kysely, Transaction } from "kysely";
import type { Database } from "../db/schema.ts";
import type { FieldError } from "../domain/validation.ts";
import {
  isOccupationPurpose,
  occupationFee,
  type OccupationPurpose,
  placeKey,
  PUBLIC_SPACE_SLUG,
  type PublicSpaceRate,
} from "../domain/public_space.ts";
import { eventKey } from "../domain/cases.ts";
import { formatCzechDate } from "../domain/forms/validators.ts";
import { appendCaseEvent, findPersonCase } from "../db/repositories/cases.ts";
import type { PersonActor } from "./deps.ts";
import { type FiledCase, FilingRefused } from "./case_forms.ts";

type Db = Kysely<Database> | Transaction<Database>;

export async function townRates(db: Db, tenantId: string): Promise<PublicSpaceRate[]> {
  const rows = await db.selectFrom("public_space_rates")
    .select(["purpose", "valid_from", "halere_per_m2_day"]).where("tenant_id", "=", tenantId)
    .execute();
  return rows.filter((r) => isOccupationPurpose(r.purpose)).map((r) => ({
    purpose: r.purpose as OccupationPurpose,
    validFrom: String(r.valid_from),
    halerePerM2Day: Number(r.halere_per_m2_day),
  }));
}

function occupationOf(values: Record<string, unknown>) {
  return {
    purpose: String(values.purpose ?? "") as OccupationPurpose,
    areaM2: Number(values.areaM2),
    from: String(values.dateFrom ?? ""),
    to: String(values.dateTo ?? ""),
  };
}

function feeErrors(code: "noRate" | "invalidArea" | "invalidDates"): FieldError<string>[] {
  if (code === "noRate") return [{ field: "purpose", code: "noRate" }];
  if (code === "invalidArea") return [{ field: "areaM2", code: "invalidNumber" }];
  return [{ field: "dateTo", code: "occupationTooLong" }];
}

/** The filing office's check: the town has a rate for the purpose; the dates within a year. */
export async function checkOccupationFiling(
  db: Kysely<Database>,
  actor: PersonActor,
  values: Record<string, unknown>,
): Promise<FieldError<string>[]> {
  const fee = occupationFee(await townRates(db, actor.tenantId), occupationOf(values));
  return fee.ok ? [] : feeErrors(fee.code);
}

/** The occupation's row and fee; overlapping occupations of the place flagged to the clerk. */
export async function recordOccupation(
  trx: Transaction<Database>,
  filed: FiledCase,
): Promise<void> {
  const o = occupationOf(filed.values);
  const fee = occupationFee(await townRates(trx, filed.tenantId), o);
  if (!fee.ok) throw new FilingRefused(feeErrors(fee.code));
  const street = String(filed.values.street ?? "").trim();
  const key = placeKey(street);
  const overlapping = await trx.selectFrom("public_space_occupations as p")
    .innerJoin("cases as c", "c.id", "p.case_id")
    .select(["c.reference", "p.date_from", "p.date_to", "p.area_m2"])
    .where("p.tenant_id", "=", filed.tenantId).where("p.street_key", "=", key)
    .where("p.refused_at", "is", null).where("c.state", "!=", "rejected")
    .where("p.date_from", "<=", o.to).where("p.date_to", ">=", o.from)
    .orderBy("p.date_from").limit(20).execute();
  await trx.insertInto("public_space_occupations").values({
    tenant_id: filed.tenantId,
    case_id: filed.caseId,
    street,
    street_key: key,
    area_m2: o.areaM2,
    purpose: o.purpose,
    date_from: o.from,
    date_to: o.to,
    fee_halere: fee.value.total,
  }).execute();
  if (overlapping.length) {
    await appendCaseEvent(trx, filed.tenantId, {
      caseId: filed.caseId,
      key: eventKey(filed.caseId, "overlapFlagged", 1),
      actorType: "system",
      actorId: "filing-office",
      kind: "overlapFlagged",
      visibleToCitizen: false,
      text: overlapping.map((r) =>
        `${r.reference} (${formatCzechDate(String(r.date_from))} – ${
          formatCzechDate(String(r.date_to))
        }, ${Number(r.area_m2).toLocaleString("cs-CZ")} m²)`
      ).join("; "),
    });
  }
}

/** A returned zábor corrected: the occupation takes the corrected place, dates and fee. */
export async function correctOccupation(
  trx: Transaction<Database>,
  corrected: FiledCase,
): Promise<void> {
  const o = occupationOf(corrected.values);
  const fee = occupationFee(await townRates(trx, corrected.tenantId), o);
  if (!fee.ok) throw new FilingRefused(feeErrors(fee.code));
  const street = String(corrected.values.street ?? "").trim();
  await trx.updateTable("public_space_occupations").set({
    street,
    street_key: placeKey(street),
    area_m2: o.areaM2,
    purpose: o.purpose,
    date_from: o.from,
    date_to: o.to,
    fee_halere: fee.value.total,
  }).where("tenant_id", "=", corrected.tenantId).where("case_id", "=", corrected.caseId)
    .where("permit_issued_at", "is", null).execute();
}

/** The case's occupation, for the pages and the permit. */
export async function occupationOfCase(db: Db, tenantId: string, caseId: string) {
  return await db.selectFrom("public_space_occupations").selectAll()
    .where("tenant_id", "=", tenantId).where("case_id", "=", caseId).executeTakeFirst();
}

/**
 * The person's own case's issued permit (null: not theirs, not a zábor, or not issued yet — the
 * page answers 404 alike).
 */
export async function citizenPermit(
  deps: { db: Kysely<Database> },
  actor: PersonActor,
  caseId: string,
) {
  const c = await findPersonCase(deps.db, actor.tenantId, actor.personId, caseId);
  if (!c || c.form_slug !== PUBLIC_SPACE_SLUG) return null;
  const o = await occupationOfCase(deps.db, actor.tenantId, c.id);
  if (!o || !o.permit_issued_at || !o.permit_number) return null;
  return { case: c, occupation: o };
}
