/**
 * The town's street register (issue 13): streets with the part of the town (část obce) they lie
 * in. Every lookup is scoped to the tenant: an id of another town's street is simply unknown.
 */
import type { Kysely, Transaction } from "kysely";
import type { Database } from "../schema.ts";

type Db = Kysely<Database> | Transaction<Database>;

export interface Street {
  id: string;
  name: string;
  part: string;
}

export interface StreetPart {
  part: string;
  streets: Street[];
}

/** Every street of the town, sorted by part and name (Czech collation). */
export async function listStreets(db: Db, tenantId: string): Promise<Street[]> {
  const rows = await db.selectFrom("streets").where("tenant_id", "=", tenantId)
    .select(["id", "name", "part"]).execute();
  const collator = new Intl.Collator("cs");
  return rows.sort((a, b) => collator.compare(a.part, b.part) || collator.compare(a.name, b.name));
}

/** The streets grouped by the part of the town, parts in Czech alphabetical order. */
export function groupByPart(streets: readonly Street[]): StreetPart[] {
  const parts = new Map<string, Street[]>();
  for (const s of streets) {
    const list = parts.get(s.part) ?? [];
    list.push(s);
    parts.set(s.part, list);
  }
  return [...parts].map(([part, list]) => ({ part, streets: list }));
}

export async function listStreetsByPart(db: Db, tenantId: string): Promise<StreetPart[]> {
  return groupByPart(await listStreets(db, tenantId));
}

/** The given ids that are streets of this town (others dropped), de-duplicated. */
export async function knownStreetIds(
  db: Db,
  tenantId: string,
  ids: readonly string[],
): Promise<string[]> {
  const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
  const wanted = [...new Set(ids.filter((id) => uuid.test(id)))];
  if (!wanted.length) return [];
  const rows = await db.selectFrom("streets").where("tenant_id", "=", tenantId)
    .where("id", "in", wanted).select("id").execute();
  return rows.map((r) => r.id);
}

/** The ids of every street in the given parts of the town. */
export async function streetIdsOfParts(
  db: Db,
  tenantId: string,
  parts: readonly string[],
): Promise<string[]> {
  if (!parts.length) return [];
  const rows = await db.selectFrom("streets").where("tenant_id", "=", tenantId)
    .where("part", "in", [...parts]).select("id").execute();
  return rows.map((r) => r.id);
}

/** Adds the streets that are missing (by name); an existing street keeps its id and part. */
export async function ensureStreets(
  db: Db,
  tenantId: string,
  byPart: Record<string, readonly string[]>,
): Promise<void> {
  const values = Object.entries(byPart).flatMap(([part, names]) =>
    names.map((name) => ({ tenant_id: tenantId, name, part }))
  );
  if (!values.length) return;
  await db.insertInto("streets").values(values)
    .onConflict((oc) => oc.columns(["tenant_id", "name"]).doNothing()).execute();
}
