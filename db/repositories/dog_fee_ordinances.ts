/** The towns' dog-fee ordinances (domain/dog_fee.ts), per tenant and the day each applies. */
import type { Kysely, Transaction } from "kysely";
import type { Database } from "../schema.ts";
import { type DogFeeOrdinance, validateOrdinance } from "../../domain/dog_fee.ts";

type Db = Kysely<Database> | Transaction<Database>;

/**
 * The ordinance that governs the fee for `year`: the newest one applying by 31 December of that
 * year (ordinances take effect on 1 January), or undefined when the town has none.
 */
export async function findDogFeeOrdinance(
  db: Db,
  tenantId: string,
  year: number,
): Promise<DogFeeOrdinance | undefined> {
  if (!Number.isInteger(year) || year < 1990 || year > 9999) return undefined;
  const row = await db.selectFrom("dog_fee_ordinances").select("ordinance")
    .where("tenant_id", "=", tenantId).where("valid_from", "<=", `${year}-12-31`)
    .orderBy("valid_from", "desc").limit(1).executeTakeFirst();
  return row?.ordinance;
}

/**
 * Stores an ordinance once per town and start day; a second call changes nothing. An ordinance
 * that breaks the statute (a rate above its cap) is refused with a RangeError naming the fields.
 */
export async function saveDogFeeOrdinance(
  db: Db,
  tenantId: string,
  ordinance: DogFeeOrdinance,
): Promise<void> {
  const errors = validateOrdinance(ordinance);
  if (errors.length > 0) {
    throw new RangeError(
      `dog-fee ordinance refused: ${errors.map((e) => `${e.field} ${e.code}`).join(", ")}`,
    );
  }
  await db.insertInto("dog_fee_ordinances").values({
    tenant_id: tenantId,
    valid_from: ordinance.validFrom,
    ordinance: JSON.stringify(ordinance),
  }).onConflict((oc) => oc.columns(["tenant_id", "valid_from"]).doNothing()).execute();
}
