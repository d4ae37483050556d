/**
 * The town's OpenID provider: its client registry, oidc-provider's stored artifacts (the
 * adapter's rows), which client got tokens under which portal session, and the back-channel
 * logout deliveries. Every function takes the tenant.
 */
import { type Kysely, sql, type Transaction } from "kysely";
import type { Database } from "../schema.ts";
import { enqueueCommand } from "./commands.ts";
import { tenantSlugOf } from "./tenants.ts";
import { startOidcBackchannelLogout } from "../../domain/workflows.ts";

type Db = Kysely<Database> | Transaction<Database>;

const CLIENT_COLUMNS = [
  "id",
  "client_id",
  "name",
  "redirect_uris",
  "post_logout_redirect_uris",
  "first_party",
  "agenda",
  "backchannel_logout_uri",
  "secret_hash",
  "created_at",
  "disabled_at",
] as const;

export function listOidcClients(db: Db, tenantId: string) {
  return db.selectFrom("oidc_clients").select(CLIENT_COLUMNS)
    .select((eb) => [
      eb.selectFrom("oidc_logout_deliveries as d").select((e) => e.fn.countAll<string>().as("n"))
        .whereRef("d.client_id", "=", "oidc_clients.client_id")
        .where("d.tenant_id", "=", tenantId).where("d.status", "=", "failed")
        .as("failed_logouts"),
    ])
    .where("tenant_id", "=", tenantId).orderBy("created_at").orderBy("id").execute();
}

/** A client by its client_id, if it is this town's. */
export function findOidcClient(db: Db, tenantId: string, clientId: string) {
  return db.selectFrom("oidc_clients").select(CLIENT_COLUMNS)
    .where("tenant_id", "=", tenantId).where("client_id", "=", clientId).executeTakeFirst();
}

export function findOidcClientById(db: Db, tenantId: string, id: string) {
  return db.selectFrom("oidc_clients").select(CLIENT_COLUMNS)
    .where("tenant_id", "=", tenantId).where("id", "=", id).executeTakeFirst();
}

export interface NewOidcClient {
  clientId: string;
  name: string;
  redirectUris: string[];
  /** None when left out: the person then stays on the portal's signed-out page. */
  postLogoutRedirectUris?: string[];
  firstParty: boolean;
  agenda: string | null;
  backchannelLogoutUri: string | null;
  secretHash: string | null;
  createdBy: string | null;
}

export async function insertOidcClient(db: Db, tenantId: string, c: NewOidcClient) {
  return await db.insertInto("oidc_clients").values({
    tenant_id: tenantId,
    client_id: c.clientId,
    name: c.name,
    redirect_uris: JSON.stringify(c.redirectUris),
    post_logout_redirect_uris: JSON.stringify(c.postLogoutRedirectUris ?? []),
    first_party: c.firstParty,
    agenda: c.agenda,
    backchannel_logout_uri: c.backchannelLogoutUri,
    secret_hash: c.secretHash,
    created_by: c.createdBy,
  }).returning(["id", "client_id"]).executeTakeFirstOrThrow();
}

/** Replaces a confidential client's secret hash; false for a public or disabled client. */
export async function replaceClientSecret(db: Db, tenantId: string, id: string, hash: string) {
  const r = await db.updateTable("oidc_clients").set({ secret_hash: hash })
    .where("tenant_id", "=", tenantId).where("id", "=", id).where("disabled_at", "is", null)
    .where("secret_hash", "is not", null).executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

/** A client's failed back-channel logout deliveries, newest first. */
export function failedLogoutDeliveries(db: Db, tenantId: string, clientId: string, limit = 100) {
  return db.selectFrom("oidc_logout_deliveries")
    .select(["id", "created_at", "finished_at", "last_error"])
    .where("tenant_id", "=", tenantId).where("client_id", "=", clientId)
    .where("status", "=", "failed")
    .orderBy("finished_at", "desc").orderBy("id").limit(limit).execute();
}

/** Disables a client (idempotent); true when this call disabled it. */
export async function disableOidcClient(db: Db, tenantId: string, id: string, by: string) {
  const r = await db.updateTable("oidc_clients")
    .set({ disabled_at: new Date(), disabled_by: by })
    .where("tenant_id", "=", tenantId).where("id", "=", id).where("disabled_at", "is", null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

/**
 * What the provider issued to a client and that its holder can use without the person: access
 * and refresh tokens, unused authorization codes, client-credentials tokens (the grants, the
 * person's consent, stay). Returns how many.
 */
export async function deleteClientTokens(
  db: Db,
  tenantId: string,
  clientId: string,
): Promise<number> {
  const r = await db.deleteFrom("oidc_payloads").where("tenant_id", "=", tenantId)
    .where("model", "in", ["AccessToken", "RefreshToken", "AuthorizationCode", "ClientCredentials"])
    .where(sql<boolean>`payload->>'clientId' = ${clientId}`).executeTakeFirst();
  return Number(r.numDeletedRows);
}

/** Drops every stored artifact (grants, tokens) of a disabled client. */
export async function deleteClientArtifacts(db: Db, tenantId: string, clientId: string) {
  await db.deleteFrom("oidc_payloads").where("tenant_id", "=", tenantId)
    .where(sql<boolean>`payload->>'clientId' = ${clientId}`).execute();
}

// --- a person's grants (the applications they allowed) -----------------------------------------

/**
 * The person's live grants at the town's enabled clients, with the scopes granted and when the
 * client last got tokens under one of the person's portal sessions.
 */
export function personGrants(db: Db, tenantId: string, personId: string) {
  return db.selectFrom("oidc_payloads as g")
    .innerJoin(
      "oidc_clients as c",
      (j) =>
        j.onRef("c.tenant_id", "=", "g.tenant_id")
          .on(sql<boolean>`c.client_id = g.payload->>'clientId'`),
    )
    .select([
      "g.id as grant_id",
      "g.payload",
      "c.id as client_row_id",
      "c.client_id",
      "c.name",
      "c.agenda",
      "c.first_party",
      "c.backchannel_logout_uri",
    ])
    .select((eb) =>
      eb.selectFrom("oidc_client_sessions as s").select((e) => e.fn.max("s.last_used_at").as("t"))
        .whereRef("s.tenant_id", "=", "g.tenant_id").whereRef("s.client_id", "=", "c.client_id")
        .where("s.person_id", "=", personId).as("last_used_at")
    )
    .where("g.tenant_id", "=", tenantId).where("g.model", "=", "Grant")
    .where(sql<boolean>`g.payload->>'accountId' = ${personId}`)
    .where(live()).where("c.disabled_at", "is", null)
    .orderBy("c.name").orderBy("g.id").execute();
}

/**
 * Drops the person's grants at a client and every token issued under them (access, refresh,
 * authorization codes); returns how many grants there were.
 */
export async function deletePersonClientGrants(
  db: Db,
  tenantId: string,
  personId: string,
  clientId: string,
) {
  const grants = await db.selectFrom("oidc_payloads").select("id")
    .where("tenant_id", "=", tenantId).where("model", "=", "Grant")
    .where(sql<boolean>`payload->>'accountId' = ${personId}`)
    .where(sql<boolean>`payload->>'clientId' = ${clientId}`).execute();
  const ids = grants.map((g) => g.id);
  if (ids.length === 0) return 0;
  await db.deleteFrom("oidc_payloads").where("tenant_id", "=", tenantId)
    .where((eb) =>
      eb.or([
        eb("grant_id", "in", ids),
        eb.and([eb("model", "=", "Grant"), eb("id", "in", ids)]),
      ])
    ).execute();
  return ids.length;
}

// --- oidc-provider's adapter -----------------------------------------------------------------

export async function upsertPayload(
  db: Db,
  tenantId: string,
  model: string,
  id: string,
  payload: Record<string, unknown>,
  expiresIn: number | undefined,
) {
  const expiresAt = expiresIn ? new Date(Date.now() + expiresIn * 1000) : null;
  const values = {
    payload: JSON.stringify(payload),
    grant_id: typeof payload.grantId === "string" ? payload.grantId : null,
    uid: typeof payload.uid === "string" ? payload.uid : null,
    expires_at: expiresAt,
  };
  await db.insertInto("oidc_payloads").values({ tenant_id: tenantId, model, id, ...values })
    .onConflict((oc) => oc.columns(["tenant_id", "model", "id"]).doUpdateSet(values)).execute();
}

// deno-lint-ignore no-explicit-any
const live = (now = new Date()) => (eb: any) =>
  eb.or([eb("expires_at", "is", null), eb("expires_at", ">", now)]);

export async function findPayload(db: Db, tenantId: string, model: string, id: string) {
  const row = await db.selectFrom("oidc_payloads").select(["payload", "consumed_at"])
    .where("tenant_id", "=", tenantId).where("model", "=", model).where("id", "=", id)
    .where(live()).executeTakeFirst();
  if (!row) return undefined;
  return {
    ...row.payload,
    ...(row.consumed_at ? { consumed: Math.floor(row.consumed_at.getTime() / 1000) } : {}),
  };
}

export async function findPayloadBy(
  db: Db,
  tenantId: string,
  model: string,
  column: "uid",
  value: string,
) {
  const row = await db.selectFrom("oidc_payloads").select(["payload", "consumed_at"])
    .where("tenant_id", "=", tenantId).where("model", "=", model).where(column, "=", value)
    .where(live()).executeTakeFirst();
  if (!row) return undefined;
  return {
    ...row.payload,
    ...(row.consumed_at ? { consumed: Math.floor(row.consumed_at.getTime() / 1000) } : {}),
  };
}

export async function consumePayload(db: Db, tenantId: string, model: string, id: string) {
  await db.updateTable("oidc_payloads").set({ consumed_at: new Date() })
    .where("tenant_id", "=", tenantId).where("model", "=", model).where("id", "=", id).execute();
}

export async function destroyPayload(db: Db, tenantId: string, model: string, id: string) {
  await db.deleteFrom("oidc_payloads").where("tenant_id", "=", tenantId)
    .where("model", "=", model).where("id", "=", id).execute();
}

export async function revokeGrantPayloads(db: Db, tenantId: string, grantId: string) {
  await db.deleteFrom("oidc_payloads").where("tenant_id", "=", tenantId)
    .where("grant_id", "=", grantId).execute();
}

/** Deletes expired artifacts (a few at a time: it runs beside requests). */
export async function sweepExpiredPayloads(db: Db) {
  await sql`delete from oidc_payloads where ctid in (select ctid from oidc_payloads
    where expires_at < now() - interval '1 hour' limit 500)`.execute(db);
}

// --- sessions and back-channel logout ---------------------------------------------------------

export async function recordClientSession(
  db: Db,
  tenantId: string,
  s: {
    sessionId: string;
    clientId: string;
    personId: string;
    issuer: string;
    sub: string;
    sid: string | null;
  },
) {
  await db.insertInto("oidc_client_sessions").values({
    tenant_id: tenantId,
    session_id: s.sessionId,
    client_id: s.clientId,
    person_id: s.personId,
    issuer: s.issuer,
    sub: s.sub,
    sid: s.sid,
  }).onConflict((oc) =>
    oc.columns(["session_id", "client_id"]).doUpdateSet({
      sub: s.sub,
      sid: s.sid,
      last_used_at: new Date(),
    })
  ).execute();
}

/** A delivery's logout token facts: the client's URI, the sub and sid, and the issuer. */
export function logoutDeliveryFacts(db: Db, tenantId: string, sessionId: string, clientId: string) {
  return db.selectFrom("oidc_client_sessions as s")
    .innerJoin(
      "oidc_clients as c",
      (j) => j.onRef("c.client_id", "=", "s.client_id").onRef("c.tenant_id", "=", "s.tenant_id"),
    )
    .select(["s.issuer", "s.sub", "s.sid", "c.backchannel_logout_uri"])
    .where("s.tenant_id", "=", tenantId).where("s.session_id", "=", sessionId)
    .where("s.client_id", "=", clientId).executeTakeFirst();
}

/**
 * Queues a delivery once per use of the client under the session (`forUseAt`, the client
 * session's `last_used_at`: a sign-in to the app again after a logout is owed a token of its
 * own); returns its id when this call created it.
 */
export async function insertLogoutDelivery(
  db: Db,
  tenantId: string,
  sessionId: string,
  clientId: string,
  forUseAt: Date,
) {
  const row = await db.insertInto("oidc_logout_deliveries")
    .values({
      tenant_id: tenantId,
      session_id: sessionId,
      client_id: clientId,
      for_use_at: forUseAt,
    })
    .onConflict((oc) => oc.columns(["session_id", "client_id", "for_use_at"]).doNothing())
    .returning("id").executeTakeFirst();
  return row?.id ?? null;
}

export async function finishLogoutDelivery(
  db: Db,
  tenantId: string,
  id: string,
  status: "sent" | "failed",
  error: string | null,
) {
  await db.updateTable("oidc_logout_deliveries")
    .set({ status, last_error: error, finished_at: new Date() })
    .where("tenant_id", "=", tenantId).where("id", "=", id).execute();
}

export function findLogoutDelivery(db: Db, tenantId: string, id: string) {
  return db.selectFrom("oidc_logout_deliveries").selectAll()
    .where("tenant_id", "=", tenantId).where("id", "=", id).executeTakeFirst();
}

/** What the person holds of these agendas (live authorizations). */
export async function heldAgendas(db: Db, tenantId: string, personId: string) {
  const rows = await db.selectFrom("agenda_authorizations").select("agenda").distinct()
    .where("tenant_id", "=", tenantId).where("person_id", "=", personId)
    .where("revoked_at", "is", null).execute();
  return rows.map((r) => r.agenda);
}

/**
 * Logging out of the portal logs out of the agenda systems: in the caller's transaction (the
 * one revoking the portal sessions), one delivery row and one outbox command per client that got
 * tokens under these sessions (or, for "log out everywhere", under any of the person's) and has
 * a back-channel logout URI. The worker's workflow signs and sends the logout token.
 */
export async function queueBackchannelLogouts(
  db: Db,
  tenantId: string,
  whose: { sessionIds: string[] } | { personId: string; clientId?: string },
): Promise<number> {
  let q = db.selectFrom("oidc_client_sessions as s")
    .innerJoin(
      "oidc_clients as c",
      (j) => j.onRef("c.client_id", "=", "s.client_id").onRef("c.tenant_id", "=", "s.tenant_id"),
    )
    .select(["s.session_id", "s.client_id", "s.last_used_at"])
    .where("s.tenant_id", "=", tenantId)
    .where("c.backchannel_logout_uri", "is not", null).where("c.disabled_at", "is", null);
  if ("personId" in whose) {
    q = q.where("s.person_id", "=", whose.personId);
    if (whose.clientId) q = q.where("s.client_id", "=", whose.clientId);
  } else if (whose.sessionIds.length === 0) return 0;
  else q = q.where("s.session_id", "in", whose.sessionIds);
  const rows = await q.execute();
  if (rows.length === 0) return 0;
  const tenantSlug = await tenantSlugOf(db, tenantId);
  let queued = 0;
  for (const r of rows) {
    const deliveryId = await insertLogoutDelivery(
      db,
      tenantId,
      r.session_id,
      r.client_id,
      r.last_used_at,
    );
    if (!deliveryId) continue;
    await enqueueCommand(db, startOidcBackchannelLogout({ tenantId, tenantSlug, deliveryId }));
    queued++;
  }
  return queued;
}
