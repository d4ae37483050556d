/**
 * Guides to life situations, per town. Every function takes the tenant: one town never reads
 * another's guides. Only published guides are public.
 */
import { type Kysely, sql, type Transaction } from "kysely";
import type { Database, GuideRow } from "../schema.ts";
import { compareCs } from "../../domain/search.ts";
import { searchCondition } from "../search.ts";

type Db = Kysely<Database> | Transaction<Database>;

export type GuideSummary = Pick<
  GuideRow,
  "slug" | "topic" | "title" | "summary" | "form_slug" | "position" | "updated_at"
>;

/**
 * The town's published guides, optionally those whose title, summary or topic match `search`
 * (diacritics and case ignored, see domain/search.ts; the long prose of a guide would make
 * almost every word match), in Czech order of topic, then the town's position, then title.
 */
export async function listGuides(
  db: Db,
  tenantId: string,
  opts: { search?: string; limit?: number } = {},
): Promise<GuideSummary[]> {
  let query = db.selectFrom("guides")
    .select(["slug", "topic", "title", "summary", "form_slug", "position", "updated_at"])
    .where("tenant_id", "=", tenantId).where("published", "=", true);
  const matches = opts.search
    ? searchCondition(opts.search, [sql.ref("title"), sql.ref("summary"), sql.ref("topic")])
    : undefined;
  if (matches) query = query.where(matches);
  const rows = await query.limit(opts.limit ?? 500).execute();
  return rows.sort((a, b) =>
    compareCs(a.topic, b.topic) || a.position - b.position || compareCs(a.title, b.title)
  );
}

/** One published guide of this town by its slug. */
export function findGuide(db: Db, tenantId: string, slug: string): Promise<GuideRow | undefined> {
  if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(slug) || slug.length > 100) {
    return Promise.resolve(undefined);
  }
  return db.selectFrom("guides").selectAll()
    .where("tenant_id", "=", tenantId).where("slug", "=", slug).where("published", "=", true)
    .executeTakeFirst();
}

/** The newest change to any of the town's guides (for the list's ETag); null without guides. */
export async function guidesUpdatedAt(db: Db, tenantId: string): Promise<Date | null> {
  const row = await db.selectFrom("guides")
    .select((eb) => eb.fn.max("updated_at").as("latest"))
    .where("tenant_id", "=", tenantId).executeTakeFirst();
  return row?.latest ? new Date(row.latest) : null;
}
