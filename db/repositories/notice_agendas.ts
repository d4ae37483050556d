/**
 * A town's code list of notice agendas (domain/notice_agendas.ts). Every function takes the
 * tenant. A rename also renames the agenda on the town's notices (and notice drafts), in the
 * caller's transaction, since `notices.agenda` keeps the name the public board and the OFN
 * export show.
 */
import { type Kysely, sql, type Transaction } from "kysely";
import type { Database } from "../schema.ts";
import { freeAgendaCode, type NoticeAgenda, sortAgendas } from "../../domain/notice_agendas.ts";

type Db = Kysely<Database> | Transaction<Database>;

/** The town's agendas in Czech order of their names; `activeOnly` for the notice form. */
export async function listNoticeAgendas(
  db: Db,
  tenantId: string,
  opts: { activeOnly?: boolean } = {},
): Promise<NoticeAgenda[]> {
  let query = db.selectFrom("notice_agendas").select(["code", "name", "active"])
    .where("tenant_id", "=", tenantId);
  if (opts.activeOnly) query = query.where("active", "=", true);
  return sortAgendas(await query.execute());
}

export function findNoticeAgenda(
  db: Db,
  tenantId: string,
  code: string,
  opts: { lock?: boolean } = {},
) {
  const query = db.selectFrom("notice_agendas").select(["code", "name", "active"])
    .where("tenant_id", "=", tenantId).where("code", "=", code);
  return (opts.lock ? query.forUpdate() : query).executeTakeFirst();
}

/** Adds an agenda (active) with a code made from its name; returns the code. */
export async function insertNoticeAgenda(
  db: Db,
  tenantId: string,
  name: string,
): Promise<string> {
  const codes = await db.selectFrom("notice_agendas").select("code")
    .where("tenant_id", "=", tenantId).execute();
  const code = freeAgendaCode(name, new Set(codes.map((c) => c.code)));
  await db.insertInto("notice_agendas").values({
    tenant_id: tenantId,
    code,
    name,
    updated_at: new Date(),
  }).execute();
  return code;
}

/** Renames an agenda and the notices (and drafts) that carry its old name. */
export async function renameNoticeAgenda(
  db: Db,
  tenantId: string,
  code: string,
  from: string,
  to: string,
): Promise<void> {
  const now = new Date();
  await db.updateTable("notice_agendas").set({ name: to, updated_at: now })
    .where("tenant_id", "=", tenantId).where("code", "=", code).execute();
  await db.updateTable("notices").set({ agenda: to, updated_at: now })
    .where("tenant_id", "=", tenantId).where("agenda", "=", from).execute();
  await sql`update notice_drafts set agenda = ${to}
    where tenant_id = ${tenantId} and agenda = ${from}`.execute(db);
}

export async function setNoticeAgendaActive(
  db: Db,
  tenantId: string,
  code: string,
  active: boolean,
): Promise<void> {
  await db.updateTable("notice_agendas").set({ active, updated_at: new Date() })
    .where("tenant_id", "=", tenantId).where("code", "=", code).execute();
}

/** Adds the names the town does not have yet (seeding); existing ones are left as they are. */
export async function ensureNoticeAgendas(
  db: Db,
  tenantId: string,
  names: readonly string[],
): Promise<void> {
  const existing = await db.selectFrom("notice_agendas").select(["code", "name"])
    .where("tenant_id", "=", tenantId).execute();
  const codes = new Set(existing.map((e) => e.code));
  const lower = new Set(existing.map((e) => e.name.toLowerCase()));
  for (const name of names) {
    if (lower.has(name.toLowerCase())) continue;
    const code = freeAgendaCode(name, codes);
    codes.add(code);
    lower.add(name.toLowerCase());
    await db.insertInto("notice_agendas").values({
      tenant_id: tenantId,
      code,
      name,
      updated_at: new Date(),
    })
      .onConflict((oc) => oc.doNothing()).execute();
  }
}

/**
 * The agendas a filter of the public board offers: the code list's names that name at least one
 * notice in `statuses` (an option never leads to an empty board), in Czech order.
 */
export async function agendasInUse(
  db: Db,
  tenantId: string,
  statuses: readonly ("scheduled" | "published" | "expired" | "withdrawn")[],
): Promise<string[]> {
  const rows = await db.selectFrom("notice_agendas as a").select("a.name")
    .where("a.tenant_id", "=", tenantId)
    .where((eb) =>
      eb.exists(
        eb.selectFrom("notices as n").select(sql`1`.as("one"))
          .whereRef("n.tenant_id", "=", "a.tenant_id")
          .whereRef("n.agenda", "=", "a.name")
          .where("n.status", "in", statuses),
      )
    ).execute();
  return sortAgendas(rows).map((r) => r.name);
}
