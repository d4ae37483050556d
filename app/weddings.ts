/**
 * A wedding date on the case kit (issue 15): the filing office's hooks. `checkWeddingFiling`
 * refuses a date that is no ceremony day or too soon or too far; `bookCeremonySlot` runs in the
 * filing transaction and inserts the slot's booking — the database's unique index over the
 * bookings not released decides who holds it, never a check first: a slot another couple holds
 * refuses the filing (nothing is filed) with the next free slots in the message.
 *
 * The workflow's side (confirmation, fee, reminders, the date passing): activities/weddings.ts.
 */
import { type Kysely, sql, type Transaction } from "kysely";
import type { Database } from "../db/schema.ts";
import type { FieldError } from "../domain/validation.ts";
import {
  addDays,
  checkCeremonyDate,
  czechSlot,
  freeSlots,
  slotInstant,
  TOWN_HALL,
} from "../domain/wedding.ts";
import { formatPragueDate } from "../domain/time.ts";
import type { PersonActor } from "./deps.ts";
import { type FiledCase, FilingRefused } from "./case_forms.ts";

/** The filing office's check: a ceremony day, not too soon, not too far. */
export function checkWeddingFiling(
  _db: Kysely<Database>,
  _actor: PersonActor,
  values: Record<string, unknown>,
): Promise<FieldError<string>[]> {
  const today = formatPragueDate(new Date());
  const refused = checkCeremonyDate(String(values.date ?? ""), String(values.time ?? ""), today);
  return Promise.resolve(
    refused ? [{ field: refused.code === "invalidChoice" ? "time" : "date", ...refused }] : [],
  );
}

/** The place's fee from the town's ceremony places (the ceremony room: none). */
export async function ceremonyFee(
  db: Kysely<Database> | Transaction<Database>,
  tenantId: string,
  place: string,
): Promise<number> {
  if (place === TOWN_HALL) return 0;
  const row = await db.selectFrom("ceremony_places").select("fee_halere")
    .where("tenant_id", "=", tenantId).where("code", "=", place).executeTakeFirst();
  return row ? Number(row.fee_halere) : 0;
}

/**
 * The filing's own row: the slot's booking. A slot already held (the unique index) refuses the
 * filing with the free slots from that day on.
 */
export async function bookCeremonySlot(
  trx: Transaction<Database>,
  filed: FiledCase,
): Promise<void> {
  const v = filed.values;
  const date = String(v.date ?? "");
  const at = slotInstant(date, String(v.time ?? ""));
  if (!at) throw new FilingRefused([{ field: "time", code: "invalidChoice" }]);
  const place = String(v.place ?? TOWN_HALL);
  const row = await trx.insertInto("ceremony_bookings").values({
    tenant_id: filed.tenantId,
    case_id: filed.caseId,
    starts_at: at,
    place_code: place,
    other_place: typeof v.otherPlace === "string" ? v.otherPlace : null,
    fee_halere: await ceremonyFee(trx, filed.tenantId, place),
  }).onConflict((oc) => oc.doNothing()).returning("id").executeTakeFirst();
  if (row) return;
  throw await slotTaken(trx, filed.tenantId, date, at);
}

/** The refusal of a taken slot, with the free slots from its day on. */
async function slotTaken(
  trx: Transaction<Database>,
  tenantId: string,
  date: string,
  at: Date,
): Promise<FilingRefused> {
  const taken = await trx.selectFrom("ceremony_bookings").select("starts_at")
    .where("tenant_id", "=", tenantId).where("released_at", "is", null)
    .where("starts_at", ">=", new Date(`${date}T00:00Z`))
    .where("starts_at", "<", new Date(`${addDays(date, 61)}T00:00Z`))
    .execute();
  const free = freeSlots(date, new Set([at.getTime(), ...taken.map((r) => r.starts_at.getTime())]));
  return new FilingRefused([{
    field: "time",
    code: "slotTaken",
    params: { free: free.map(czechSlot).join("; ") || "–" },
  }]);
}

/**
 * A returned wedding corrected: its booking moves to the corrected slot and place. The unique
 * index decides again — a slot another couple holds refuses the correction (a savepoint keeps
 * the transaction usable for the free slots' query); the old slot is kept then.
 */
export async function moveCeremonySlot(
  trx: Transaction<Database>,
  corrected: FiledCase,
): Promise<void> {
  const v = corrected.values;
  const date = String(v.date ?? "");
  const at = slotInstant(date, String(v.time ?? ""));
  if (!at) throw new FilingRefused([{ field: "time", code: "invalidChoice" }]);
  const place = String(v.place ?? TOWN_HALL);
  const fee = await ceremonyFee(trx, corrected.tenantId, place);
  await sql`savepoint move_ceremony_slot`.execute(trx);
  try {
    await trx.updateTable("ceremony_bookings").set({
      starts_at: at,
      place_code: place,
      other_place: typeof v.otherPlace === "string" ? v.otherPlace : null,
      fee_halere: fee,
      released_at: null,
    }).where("tenant_id", "=", corrected.tenantId).where("case_id", "=", corrected.caseId)
      .execute();
  } catch (err) {
    if ((err as { code?: string }).code !== "23505") throw err;
    await sql`rollback to savepoint move_ceremony_slot`.execute(trx);
    throw await slotTaken(trx, corrected.tenantId, date, at);
  }
  await sql`release savepoint move_ceremony_slot`.execute(trx);
}

/** The couple's slot, for their case page and the clerk's. */
export async function ceremonyBookingOf(
  db: Kysely<Database>,
  tenantId: string,
  caseId: string,
) {
  return await db.selectFrom("ceremony_bookings")
    .select(["starts_at", "place_code", "other_place", "fee_halere", "released_at"])
    .where("tenant_id", "=", tenantId).where("case_id", "=", caseId).executeTakeFirst();
}
