/**
 * The applications a citizen allowed to sign them in through the portal (the town's OpenID
 * provider's grants), seen and withdrawn at /ucet/aplikace. Withdrawing drops the person's grants
 * at that application and every token issued under them (a refresh token stops working at once),
 * queues a back-channel logout for each portal session the application got tokens under, and is
 * audited — all in one transaction. An application that is not the town's own asks for consent
 * again at the next sign-in.
 */
import type { Kysely } from "kysely";
import type { Database } from "../db/schema.ts";
import { appendAudit } from "../db/repositories/audit.ts";
import {
  deletePersonClientGrants,
  personGrants,
  queueBackchannelLogouts,
} from "../db/repositories/oidc.ts";
import { type PersonActor, personAudit } from "./deps.ts";

/** What the person allowed an application: the scopes the account page explains. */
export const SHOWN_SCOPES = ["openid", "profile", "agendas", "offline_access"] as const;
export type ShownScope = typeof SHOWN_SCOPES[number];

export interface AllowedApplication {
  clientId: string;
  name: string;
  agenda: string | null;
  firstParty: boolean;
  loggedOutWithPortal: boolean;
  scopes: ShownScope[];
  lastUsedAt: Date | null;
}

function grantedScopes(payload: Record<string, unknown>): string[] {
  const openid = payload.openid as { scope?: unknown } | undefined;
  return typeof openid?.scope === "string" ? openid.scope.split(" ").filter(Boolean) : [];
}

/** The person's applications, one entry per application (its grants' scopes together). */
export async function myApplications(
  deps: { db: Kysely<Database> },
  actor: Pick<PersonActor, "tenantId" | "personId">,
): Promise<AllowedApplication[]> {
  const rows = await personGrants(deps.db, actor.tenantId, actor.personId);
  const byClient = new Map<string, AllowedApplication>();
  for (const r of rows) {
    const app = byClient.get(r.client_id) ?? {
      clientId: r.client_id,
      name: r.name,
      agenda: r.agenda,
      firstParty: r.first_party,
      loggedOutWithPortal: r.backchannel_logout_uri !== null,
      scopes: [],
      lastUsedAt: r.last_used_at ? new Date(r.last_used_at as string | Date) : null,
    };
    for (const s of grantedScopes(r.payload)) {
      if (
        (SHOWN_SCOPES as readonly string[]).includes(s) && !app.scopes.includes(s as ShownScope)
      ) {
        app.scopes.push(s as ShownScope);
      }
    }
    byClient.set(r.client_id, app);
  }
  for (const app of byClient.values()) {
    app.scopes.sort((a, b) => SHOWN_SCOPES.indexOf(a) - SHOWN_SCOPES.indexOf(b));
  }
  return [...byClient.values()];
}

export type WithdrawOutcome =
  | { ok: true; name: string; logoutsQueued: number }
  | { ok: false; code: "notFound" };

/** Withdraws the person's access for an application (see the module comment). */
export async function withdrawApplication(
  deps: { db: Kysely<Database> },
  actor: PersonActor,
  clientId: string,
): Promise<WithdrawOutcome> {
  return await deps.db.transaction().execute(async (trx): Promise<WithdrawOutcome> => {
    const mine = (await personGrants(trx, actor.tenantId, actor.personId))
      .find((g) => g.client_id === clientId);
    if (!mine) return { ok: false, code: "notFound" };
    const grants = await deletePersonClientGrants(trx, actor.tenantId, actor.personId, clientId);
    const logoutsQueued = await queueBackchannelLogouts(trx, actor.tenantId, {
      personId: actor.personId,
      clientId,
    });
    await appendAudit(trx, {
      ...personAudit(actor),
      action: "oidc_grant.withdrawn",
      subjectType: "oidc_client",
      subjectId: mine.client_row_id,
      details: { clientId, name: mine.name, grants, logoutsQueued },
    });
    return { ok: true, name: mine.name, logoutsQueued };
  });
}
