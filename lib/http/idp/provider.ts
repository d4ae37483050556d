/**
 * The portal as the town's OpenID provider (issue 16, part 3): one `oidc-provider` instance per
 * town (and per origin it is reached at), its issuer `<origin>/oidc`, mounted in the web process
 * behind a loopback node:http server (lib/http/idp/server.ts) that `routes/oidc/[...path].ts`
 * forwards to. Everything it stores goes to PostgreSQL (`oidc_payloads`, adapter below), so grants
 * and refresh tokens survive restarts; clients come from the town's registry (`oidc_clients`,
 * kept by its admin at /urad/aplikace); the signing key is the town's (lib/idp/keys.ts).
 *
 * - Authorization code flow with PKCE (S256) required for every client; refresh tokens for
 *   clients allowed the refresh grant; revocation; userinfo.
 * - The login is the portal's own session (single sign-on): the forwarding route tells the
 *   provider which person is signed in to the portal (`x-idp-person`), and a provider session of
 *   anyone else (or of nobody) needs the login interaction, which the portal finishes at once
 *   from its session or after `/prihlaseni` (routes/oidc/interaction/[uid].tsx).
 * - Consent: granted without asking for the town's own (first-party) applications, asked on a
 *   portal page for the others.
 * - Subjects are pairwise per client (sector = client): HMAC of town, client and person.
 * - Claims: `given_name`, `family_name`, `name` (scope profile); `acr`, the eIDAS level of the
 *   portal login; `agendas` (scope agendas): of the person's agenda authorizations only the
 *   client's own agenda.
 */
import Provider, { interactionPolicy } from "oidc-provider";
import type { Kysely } from "kysely";
import type { Database } from "../../../db/schema.ts";
import {
  consumePayload,
  destroyPayload,
  findOidcClient,
  findPayload,
  findPayloadBy,
  heldAgendas,
  recordClientSession,
  revokeGrantPayloads,
  upsertPayload,
} from "../../../db/repositories/oidc.ts";
import { hashClientSecret, townSigningKey } from "../../idp/keys.ts";
import { hmac } from "../../crypto.ts";
import { log } from "../../log.ts";
import type { LevelOfAssurance } from "../../../domain/identity.ts";

export const EIDAS_ACR: Readonly<Record<LevelOfAssurance, string>> = {
  low: "http://eidas.europa.eu/LoA/low",
  substantial: "http://eidas.europa.eu/LoA/substantial",
  high: "http://eidas.europa.eu/LoA/high",
};

/** A write the provider's answer waits for (set on the Node request by an event handler). */
export const PENDING_WRITE = Symbol("portal.pendingWrite");

/** Headers the forwarding route sets for the provider (and strips from what a browser sent). */
export const IDP_HEADERS = {
  key: "x-idp-key",
  tenant: "x-idp-tenant",
  person: "x-idp-person",
  session: "x-idp-session",
  loa: "x-idp-loa",
} as const;

export const SCOPES = ["openid", "profile", "agendas", "offline_access"] as const;

/** The pairwise subject of a person at a client (sector = client). */
export function pairwiseSubject(
  secret: string,
  tenantId: string,
  clientId: string,
  personId: string,
) {
  return hmac(secret, `oidc-pairwise:${tenantId}:${clientId}:${personId}`);
}

// deno-lint-ignore no-explicit-any
type Ctx = any;

function header(ctx: Ctx, name: string): string | undefined {
  const v = ctx?.req?.headers?.[name];
  return typeof v === "string" && v ? v : undefined;
}

function adapterFor(db: () => Kysely<Database>, tenantId: string) {
  return class PortalAdapter {
    constructor(readonly model: string) {}
    async upsert(id: string, payload: Record<string, unknown>, expiresIn: number) {
      await upsertPayload(db(), tenantId, this.model, id, payload, expiresIn);
    }
    async find(id: string) {
      if (this.model === "Client") return await clientMetadata(db(), tenantId, id);
      return await findPayload(db(), tenantId, this.model, id);
    }
    async findByUid(uid: string) {
      return await findPayloadBy(db(), tenantId, this.model, "uid", uid);
    }
    findByUserCode(_userCode: string) {
      return Promise.resolve(undefined); // device flow is off
    }
    async consume(id: string) {
      await consumePayload(db(), tenantId, this.model, id);
    }
    async destroy(id: string) {
      await destroyPayload(db(), tenantId, this.model, id);
    }
    async revokeByGrantId(grantId: string) {
      await revokeGrantPayloads(db(), tenantId, grantId);
    }
  };
}

/** A registry row as oidc-provider client metadata; undefined when unknown or disabled. */
async function clientMetadata(db: Kysely<Database>, tenantId: string, clientId: string) {
  const c = await findOidcClient(db, tenantId, clientId);
  if (!c || c.disabled_at) return undefined;
  return {
    client_id: c.client_id,
    client_name: c.name,
    redirect_uris: c.redirect_uris,
    post_logout_redirect_uris: c.post_logout_redirect_uris,
    grant_types: ["authorization_code", "refresh_token"],
    response_types: ["code"],
    token_endpoint_auth_method: c.secret_hash ? "client_secret_basic" : "none",
    ...(c.secret_hash ? { client_secret: c.secret_hash } : {}),
    subject_type: "pairwise",
    id_token_signed_response_alg: "ES256",
    ...(c.backchannel_logout_uri
      ? {
        backchannel_logout_uri: c.backchannel_logout_uri,
        backchannel_logout_session_required: true,
      }
      : {}),
    "urn:portal:first_party": c.first_party,
    "urn:portal:agenda": c.agenda ?? undefined,
  };
}

function errorPage(title: string, text: string): string {
  const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  return `<!doctype html><html lang="cs"><head><meta charset="utf-8">` +
    `<meta name="viewport" content="width=device-width, initial-scale=1">` +
    `<title>${esc(title)}</title></head><body><main><h1>${esc(title)}</h1><p>${esc(text)}</p>` +
    `<p><a href="/">Zpět na portál občana</a></p></main></body></html>`;
}

async function createProvider(
  db: () => Kysely<Database>,
  secret: string,
  tenantId: string,
  issuer: string,
) {
  const key = await townSigningKey(db(), secret, tenantId);

  const policy = interactionPolicy.base();
  // The portal's session is the login: a provider session of another person than the one
  // signed in to the portal (or with nobody signed in) is not used.
  policy.get("login").checks.add(
    new interactionPolicy.Check(
      "portal_session",
      "the portal session decides who is signed in",
      (ctx: Ctx) => {
        const person = header(ctx, IDP_HEADERS.person);
        const loa = header(ctx, IDP_HEADERS.loa) as LevelOfAssurance | undefined;
        // A new portal login at another level of assurance is a new login here too (acr).
        return !person || ctx.oidc.session.accountId !== person ||
          (loa !== undefined && ctx.oidc.session.acr !== EIDAS_ACR[loa]);
      },
    ),
  );

  const provider = new Provider(issuer, {
    adapter: adapterFor(db, tenantId),
    jwks: { keys: [key] },
    pkce: { required: () => true },
    scopes: [...SCOPES],
    subjectTypes: ["pairwise"],
    pairwiseIdentifier: (_ctx: Ctx, accountId: string, client: { clientId: string }) =>
      pairwiseSubject(secret, tenantId, client.clientId, accountId),
    claims: {
      acr: null,
      auth_time: null,
      sid: null,
      openid: ["sub", "acr"],
      profile: ["name", "given_name", "family_name"],
      agendas: ["agendas"],
    },
    acrValues: Object.values(EIDAS_ACR),
    responseTypes: ["code"],
    enabledJWA: {
      idTokenSigningAlgValues: ["ES256"],
      userinfoSigningAlgValues: ["ES256"],
    },
    extraClientMetadata: { properties: ["urn:portal:first_party", "urn:portal:agenda"] },
    features: {
      devInteractions: { enabled: false },
      userinfo: { enabled: true },
      revocation: { enabled: true },
      claimsParameter: { enabled: false },
      backchannelLogout: { enabled: true },
      // Advertised (end_session_endpoint) and the clients' post_logout_redirect_uris checked,
      // but the provider's own pages are never reached: routes/oidc/session/end.tsx answers
      // `/oidc/session/end` in the portal, which ends the portal session (and with it every
      // application's, by the durable back-channel logout) rather than the provider's alone.
      rpInitiatedLogout: { enabled: true },
    },
    cookies: {
      keys: [hmac(secret, `oidc-cookies:${tenantId}`)],
      long: { httpOnly: true, sameSite: "lax", signed: true },
      short: { httpOnly: true, sameSite: "lax", signed: true },
    },
    ttl: {
      AccessToken: 600,
      AuthorizationCode: 60,
      IdToken: 600,
      Interaction: 600,
      Session: 8 * 3600,
      Grant: 30 * 86400,
      RefreshToken: 30 * 86400,
    },
    issueRefreshToken: (_ctx: Ctx, client: { grantTypeAllowed(t: string): boolean }) =>
      Promise.resolve(client.grantTypeAllowed("refresh_token")),
    interactions: {
      policy,
      url: (_ctx: Ctx, interaction: { uid: string }) => `/oidc/interaction/${interaction.uid}`,
    },
    async findAccount(ctx: Ctx, accountId: string) {
      const person = await db().selectFrom("persons")
        .select(["id", "given_name", "family_name", "status"])
        .where("tenant_id", "=", tenantId).where("id", "=", accountId).executeTakeFirst();
      if (!person || person.status === "disabled") return undefined;
      return {
        accountId,
        async claims(_use: string, _scope: string) {
          const agenda = ctx.oidc?.client?.["urn:portal:agenda"] as string | undefined;
          const held = agenda ? await heldAgendas(db(), tenantId, accountId) : [];
          return {
            sub: accountId,
            given_name: person.given_name,
            family_name: person.family_name,
            name: `${person.given_name} ${person.family_name}`,
            agendas: agenda && held.includes(agenda) ? [agenda] : [],
          };
        },
      };
    },
    async loadExistingGrant(ctx: Ctx) {
      const { oidc } = ctx;
      const grantId = oidc.result?.consent?.grantId ||
        oidc.session.grantIdFor(oidc.client.clientId);
      if (grantId) {
        const existing = await oidc.provider.Grant.find(grantId);
        if (existing && existing.accountId === oidc.session.accountId) return existing;
      }
      // The town's own applications: what they ask is granted without a consent page.
      if (!oidc.client["urn:portal:first_party"]) return undefined;
      const grant = new oidc.provider.Grant({
        clientId: oidc.client.clientId,
        accountId: oidc.session.accountId,
      });
      grant.addOIDCScope([...oidc.requestParamScopes].join(" "));
      await grant.save();
      return grant;
    },
    renderError(ctx: Ctx, out: Record<string, string>) {
      ctx.type = "html";
      ctx.body = errorPage(
        "Přihlášení do aplikace se nezdařilo",
        `Požadavek aplikace byl odmítnut (${out.error}). Vraťte se do aplikace a zkuste to znovu.`,
      );
    },
  });
  provider.proxy = true;

  // Secrets are stored as their sha256: compare the hash of what the client sent.
  const client = provider.Client.prototype as unknown as {
    clientSecret: string;
    compareClientSecret(actual: string): Promise<boolean>;
  };
  client.compareClientSecret = async function (this: { clientSecret: string }, actual: string) {
    const hashed = await hashClientSecret(actual);
    if (hashed.length !== this.clientSecret.length) return false;
    let diff = 0;
    for (let i = 0; i < hashed.length; i++) {
      diff |= hashed.charCodeAt(i) ^ this.clientSecret.charCodeAt(i);
    }
    return diff === 0;
  };

  // Which client got tokens under which portal session: its back-channel logout list. The row is
  // written before the answer leaves (`PENDING_WRITE`, awaited by lib/http/idp/server.ts): a
  // logout right after the sign-in must find it.
  provider.on("authorization.success", (ctx: Ctx) => {
    const sessionId = header(ctx, IDP_HEADERS.session);
    const accountId = ctx.oidc?.session?.accountId;
    const clientId = ctx.oidc?.client?.clientId;
    if (!sessionId || !accountId || !clientId) return;
    ctx.req[PENDING_WRITE] = recordClientSession(db(), tenantId, {
      sessionId,
      clientId,
      personId: accountId,
      issuer,
      sub: pairwiseSubject(secret, tenantId, clientId, accountId),
      sid: ctx.oidc.session.sidFor(clientId) ?? null,
    }).catch((e) => log.error("oidc client session not recorded", { error: String(e) }));
  });
  provider.on("server_error", (_ctx: Ctx, error: Error) => {
    log.error("oidc provider error", { error: String(error).slice(0, 300) });
  });
  return provider;
}

const providers = new Map<string, Promise<Provider>>();

/** The town's provider at this issuer (made once per process). */
export function providerFor(
  db: () => Kysely<Database>,
  secret: string,
  tenantId: string,
  issuer: string,
): Promise<Provider> {
  const cacheKey = `${tenantId} ${issuer}`;
  let p = providers.get(cacheKey);
  if (!p) {
    p = createProvider(db, secret, tenantId, issuer);
    p.catch(() => providers.delete(cacheKey));
    if (providers.size > 100) providers.clear();
    providers.set(cacheKey, p);
  }
  return p;
}
