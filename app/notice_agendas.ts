/**
 * The town's admin keeps the code list of notice agendas (domain/notice_agendas.ts): adds one,
 * renames one (the notices carrying it follow), retires one no longer to be offered or offers it
 * again. Each change and its audit entry are one transaction; the agenda's row is locked, so two
 * admins renaming at once do not lose a notice's rename.
 */
import type { Kysely } from "kysely";
import type { Database } from "../db/schema.ts";
import { appendAudit } from "../db/repositories/audit.ts";
import {
  findNoticeAgenda,
  insertNoticeAgenda,
  listNoticeAgendas,
  renameNoticeAgenda,
  setNoticeAgendaActive,
} from "../db/repositories/notice_agendas.ts";
import { isAgendaCode, type NoticeAgenda, validateAgendaName } from "../domain/notice_agendas.ts";
import type { FieldError } from "../domain/validation.ts";
import type { ClerkActor } from "./deps.ts";

export type AgendaChange =
  | { ok: true; name: string; code: string }
  | { ok: false; code: "invalid"; errors: FieldError<string>[] }
  | { ok: false; code: "notFound" };

/** The town's agendas, active and retired, in Czech order (the admin's page). */
export function townAgendas(
  deps: { db: Kysely<Database> },
  tenantId: string,
): Promise<NoticeAgenda[]> {
  return listNoticeAgendas(deps.db, tenantId);
}

/** The agendas the notice form offers: the town's active ones, in Czech order. */
export function offeredAgendas(
  deps: { db: Kysely<Database> },
  tenantId: string,
): Promise<NoticeAgenda[]> {
  return listNoticeAgendas(deps.db, tenantId, { activeOnly: true });
}

function audit(
  trx: Kysely<Database>,
  actor: ClerkActor,
  action: string,
  code: string,
  details: Record<string, unknown>,
) {
  return appendAudit(trx, {
    tenantId: actor.tenantId,
    actorType: "clerk",
    actorId: actor.clerkId,
    action,
    subjectType: "notice_agenda",
    subjectId: code,
    requestId: actor.requestId,
    details,
  });
}

export async function addAgenda(
  deps: { db: Kysely<Database> },
  actor: ClerkActor,
  input: { name: FormDataEntryValue | null },
): Promise<AgendaChange> {
  return await deps.db.transaction().execute(async (trx) => {
    // One admin at a time per town: the name check and the insert see the same list.
    await trx.selectFrom("tenants").select("id").where("id", "=", actor.tenantId).forUpdate()
      .execute();
    const others = await listNoticeAgendas(trx, actor.tenantId);
    const checked = validateAgendaName(input.name, others);
    if (!checked.ok) return { ok: false, code: "invalid", errors: checked.errors };
    const code = await insertNoticeAgenda(trx, actor.tenantId, checked.name);
    await audit(trx, actor, "notice_agenda.created", code, { name: checked.name });
    return { ok: true, name: checked.name, code };
  });
}

export async function renameAgenda(
  deps: { db: Kysely<Database> },
  actor: ClerkActor,
  input: { code: string; name: FormDataEntryValue | null },
): Promise<AgendaChange> {
  if (!isAgendaCode(input.code)) return { ok: false, code: "notFound" };
  return await deps.db.transaction().execute(async (trx) => {
    await trx.selectFrom("tenants").select("id").where("id", "=", actor.tenantId).forUpdate()
      .execute();
    const agenda = await findNoticeAgenda(trx, actor.tenantId, input.code, { lock: true });
    if (!agenda) return { ok: false, code: "notFound" };
    const others = (await listNoticeAgendas(trx, actor.tenantId))
      .filter((a) => a.code !== agenda.code);
    const checked = validateAgendaName(input.name, others);
    if (!checked.ok) return { ok: false, code: "invalid", errors: checked.errors };
    if (checked.name !== agenda.name) {
      await renameNoticeAgenda(trx, actor.tenantId, agenda.code, agenda.name, checked.name);
      await audit(trx, actor, "notice_agenda.renamed", agenda.code, {
        from: agenda.name,
        to: checked.name,
      });
    }
    return { ok: true, name: checked.name, code: agenda.code };
  });
}

/** Retires an agenda (`active: false`) or offers it again; once per change. */
export async function setAgendaOffered(
  deps: { db: Kysely<Database> },
  actor: ClerkActor,
  input: { code: string; active: boolean },
): Promise<AgendaChange> {
  if (!isAgendaCode(input.code)) return { ok: false, code: "notFound" };
  return await deps.db.transaction().execute(async (trx) => {
    const agenda = await findNoticeAgenda(trx, actor.tenantId, input.code, { lock: true });
    if (!agenda) return { ok: false, code: "notFound" };
    if (agenda.active !== input.active) {
      await setNoticeAgendaActive(trx, actor.tenantId, agenda.code, input.active);
      await audit(
        trx,
        actor,
        input.active ? "notice_agenda.restored" : "notice_agenda.retired",
        agenda.code,
        { name: agenda.name },
      );
    }
    return { ok: true, name: agenda.name, code: agenda.code };
  });
}
