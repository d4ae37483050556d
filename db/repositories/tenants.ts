/** Towns served by this deployment, resolved from the request's host name. */
import { type Kysely, sql, type Transaction } from "kysely";
import type { Database, TenantRow } from "../schema.ts";
import type { Tenant } from "../../lib/state.ts";

export function toTenant(row: TenantRow): Tenant {
  const settings = row.settings as { color?: string };
  return {
    id: row.id,
    slug: row.slug,
    name: row.name,
    officialName: row.official_name,
    ico: row.ico,
    iban: row.iban,
    address: row.address,
    email: row.email,
    phone: row.phone,
    hosts: row.hosts,
    publicOrigin: row.public_origin,
    branding: { crestSvg: row.crest_svg, color: settings.color },
  };
}

export async function findTenantByHost(db: Kysely<Database>, host: string): Promise<Tenant | null> {
  const row = await db.selectFrom("tenants").selectAll()
    .where("hosts", "@>", sql<string[]>`array[${host.toLowerCase()}]::text[]`)
    .executeTakeFirst();
  return row ? toTenant(row) : null;
}

export async function findTenantBySlug(db: Kysely<Database>, slug: string): Promise<Tenant | null> {
  const row = await db.selectFrom("tenants").selectAll().where("slug", "=", slug)
    .executeTakeFirst();
  return row ? toTenant(row) : null;
}

export async function findTenantById(db: Kysely<Database>, id: string): Promise<Tenant | null> {
  const row = await db.selectFrom("tenants").selectAll().where("id", "=", id).executeTakeFirst();
  return row ? toTenant(row) : null;
}

/**
 * The town's slug, for the ids and search attributes of the workflows its use cases start
 * (domain/workflows.ts): one primary-key lookup inside the caller's transaction.
 */
export async function tenantSlugOf(
  db: Kysely<Database> | Transaction<Database>,
  tenantId: string,
): Promise<string> {
  const row = await db.selectFrom("tenants").select("slug").where("id", "=", tenantId)
    .executeTakeFirstOrThrow();
  return row.slug;
}
