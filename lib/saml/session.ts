/**
 * The NIA session behind a portal session (NameID, SessionIndex), kept for single logout. It
 * travels with a login through the pairing step too (signed step cookie), so a login finished
 * after the SMS code can still be logged out at NIA.
 */
import type { Kysely } from "kysely";
import type { Database } from "../../db/schema.ts";

export interface SamlSessionInfo {
  nameId: string;
  nameIdFormat: string | null;
  sessionIndex: string | null;
}

export function isSamlSessionInfo(value: unknown): value is SamlSessionInfo {
  const v = value as SamlSessionInfo | null;
  return typeof v === "object" && v !== null && typeof v.nameId === "string" &&
    (v.nameIdFormat === null || typeof v.nameIdFormat === "string") &&
    (v.sessionIndex === null || typeof v.sessionIndex === "string");
}

export async function recordSamlSession(
  db: Kysely<Database>,
  tenantId: string,
  sessionId: string,
  info: SamlSessionInfo,
): Promise<void> {
  await db.insertInto("saml_sessions").values({
    session_id: sessionId,
    tenant_id: tenantId,
    name_id: info.nameId,
    name_id_format: info.nameIdFormat,
    session_index: info.sessionIndex,
  }).execute();
}
