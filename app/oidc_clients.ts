/**
 * The town's registry of client applications of its OpenID provider (the agenda systems that
 * sign people in through the portal), kept by the town's admin at /urad/aplikace: list, register
 * (a confidential client's secret is made here, returned once and stored only as its sha256) and
 * disable (its grants and tokens are dropped at once), rotate a confidential client's secret (the
 * new one returned once, the old one refused from that moment), and a client's failed
 * back-channel logout deliveries. Each change is audited in its transaction.
 */
import type { Kysely } from "kysely";
import type { Database } from "../db/schema.ts";
import { appendAudit } from "../db/repositories/audit.ts";
import {
  deleteClientArtifacts,
  deleteClientTokens,
  disableOidcClient,
  failedLogoutDeliveries,
  findOidcClient,
  findOidcClientById,
  insertOidcClient,
  listOidcClients,
  replaceClientSecret,
} from "../db/repositories/oidc.ts";
import { parseClientRegistration } from "../domain/oidc_clients.ts";
import type { FieldError } from "../domain/validation.ts";
import { randomToken } from "../lib/crypto.ts";
import { hashClientSecret } from "../lib/idp/keys.ts";
import type { ClerkActor } from "./deps.ts";

export interface ClientListItem {
  id: string;
  clientId: string;
  name: string;
  redirectUris: string[];
  postLogoutRedirectUris: string[];
  firstParty: boolean;
  agenda: string | null;
  backchannelLogoutUri: string | null;
  confidential: boolean;
  createdAt: Date;
  disabledAt: Date | null;
  failedLogouts: number;
}

export async function townClients(
  deps: { db: Kysely<Database> },
  tenantId: string,
): Promise<ClientListItem[]> {
  const rows = await listOidcClients(deps.db, tenantId);
  return rows.map((r) => ({
    id: r.id,
    clientId: r.client_id,
    name: r.name,
    redirectUris: r.redirect_uris,
    postLogoutRedirectUris: r.post_logout_redirect_uris,
    firstParty: r.first_party,
    agenda: r.agenda,
    backchannelLogoutUri: r.backchannel_logout_uri,
    confidential: r.secret_hash !== null,
    createdAt: r.created_at,
    disabledAt: r.disabled_at,
    failedLogouts: Number(r.failed_logouts ?? 0),
  }));
}

/** What the consent page says about a client; null when it is not this town's or disabled. */
export async function consentFacts(
  deps: { db: Kysely<Database> },
  tenantId: string,
  clientId: string,
): Promise<{ name: string; agenda: string | null; loggedOutWithPortal: boolean } | null> {
  const c = await findOidcClient(deps.db, tenantId, clientId);
  if (!c || c.disabled_at) return null;
  return { name: c.name, agenda: c.agenda, loggedOutWithPortal: c.backchannel_logout_uri !== null };
}

export type RegisterOutcome =
  | { ok: true; id: string; clientId: string; secret: string | null }
  | { ok: false; errors: FieldError<string>[] };

/** Registers a client; a confidential one gets its secret, shown to the admin this once. */
export async function registerClient(
  deps: { db: Kysely<Database> },
  actor: ClerkActor,
  input: Parameters<typeof parseClientRegistration>[0],
): Promise<RegisterOutcome> {
  const parsed = parseClientRegistration(input);
  if (!parsed.ok) return parsed;
  const c = parsed.value;
  const clientId = `app-${randomToken(12)}`;
  const secret = c.confidential ? randomToken(32) : null;
  const secretHash = secret ? await hashClientSecret(secret) : null;
  return await deps.db.transaction().execute(async (trx) => {
    const row = await insertOidcClient(trx, actor.tenantId, {
      clientId,
      name: c.name,
      redirectUris: c.redirectUris,
      postLogoutRedirectUris: c.postLogoutRedirectUris,
      firstParty: c.firstParty,
      agenda: c.agenda,
      backchannelLogoutUri: c.backchannelLogoutUri,
      secretHash,
      createdBy: actor.clerkId,
    });
    await appendAudit(trx, {
      tenantId: actor.tenantId,
      actorType: "clerk",
      actorId: actor.clerkId,
      action: "oidc_client.registered",
      subjectType: "oidc_client",
      subjectId: row.id,
      requestId: actor.requestId,
      details: {
        clientId,
        name: c.name,
        redirectUris: c.redirectUris,
        postLogoutRedirectUris: c.postLogoutRedirectUris,
        firstParty: c.firstParty,
        agenda: c.agenda,
        backchannelLogoutUri: c.backchannelLogoutUri,
        confidential: c.confidential,
      },
    });
    return { ok: true as const, id: row.id, clientId, secret };
  });
}

export type DisableOutcome = { ok: true; name: string } | { ok: false; code: "notFound" };

/** Disables a client: it can no longer sign anyone in, and its grants and tokens are gone. */
export async function disableClient(
  deps: { db: Kysely<Database> },
  actor: ClerkActor,
  id: string,
): Promise<DisableOutcome> {
  return await deps.db.transaction().execute(async (trx): Promise<DisableOutcome> => {
    const c = await findOidcClientById(trx, actor.tenantId, id);
    if (!c) return { ok: false, code: "notFound" };
    if (await disableOidcClient(trx, actor.tenantId, id, actor.clerkId)) {
      await deleteClientArtifacts(trx, actor.tenantId, c.client_id);
      await appendAudit(trx, {
        tenantId: actor.tenantId,
        actorType: "clerk",
        actorId: actor.clerkId,
        action: "oidc_client.disabled",
        subjectType: "oidc_client",
        subjectId: id,
        requestId: actor.requestId,
        details: { clientId: c.client_id, name: c.name },
      });
    }
    return { ok: true, name: c.name };
  });
}

export interface FailedLogout {
  id: string;
  queuedAt: Date;
  failedAt: Date | null;
  error: string | null;
}

/** One client of the town with its failed back-channel logout deliveries; null if not this town's. */
export async function clientDetail(
  deps: { db: Kysely<Database> },
  tenantId: string,
  id: string,
): Promise<{ client: ClientListItem; failed: FailedLogout[] } | null> {
  const client = (await townClients(deps, tenantId)).find((c) => c.id === id);
  if (!client) return null;
  const rows = await failedLogoutDeliveries(deps.db, tenantId, client.clientId);
  return {
    client,
    failed: rows.map((r) => ({
      id: r.id,
      queuedAt: r.created_at,
      failedAt: r.finished_at,
      error: r.last_error,
    })),
  };
}

export type RotateOutcome =
  | { ok: true; name: string; clientId: string; secret: string }
  | { ok: false; code: "notFound" | "notConfidential" };

/**
 * Gives a confidential client a new secret, returned this once; only its hash is stored, so the
 * old secret is refused from the moment this commits. Tokens already issued stay valid unless
 * `revokeTokens` (the secret leaked): then the client's access and refresh tokens and unused
 * codes go in the same transaction, and its users sign in again (their consent stays).
 */
export async function rotateClientSecret(
  deps: { db: Kysely<Database> },
  actor: ClerkActor,
  id: string,
  options: { revokeTokens?: boolean } = {},
): Promise<RotateOutcome> {
  const secret = randomToken(32);
  const hash = await hashClientSecret(secret);
  return await deps.db.transaction().execute(async (trx): Promise<RotateOutcome> => {
    const c = await findOidcClientById(trx, actor.tenantId, id);
    if (!c || c.disabled_at) return { ok: false, code: "notFound" };
    if (!(await replaceClientSecret(trx, actor.tenantId, id, hash))) {
      return { ok: false, code: "notConfidential" };
    }
    const revoked = options.revokeTokens
      ? await deleteClientTokens(trx, actor.tenantId, c.client_id)
      : null;
    await appendAudit(trx, {
      tenantId: actor.tenantId,
      actorType: "clerk",
      actorId: actor.clerkId,
      action: "oidc_client.secret_rotated",
      subjectType: "oidc_client",
      subjectId: id,
      requestId: actor.requestId,
      details: {
        clientId: c.client_id,
        name: c.name,
        ...(revoked === null ? {} : { tokensRevoked: revoked }),
      },
    });
    return { ok: true, name: c.name, clientId: c.client_id, secret };
  });
}
