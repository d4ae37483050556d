/**
 * External identity over OpenID Connect (`openid-client`): Bank iD, MojeID — and locally the
 * stand-in provider of `scripts/oidc_provider.ts`. NIA (Identita občana) offers web services
 * SAML2 only (lib/saml/): an OpenID provider with the id "nia" is refused.
 *
 * The web tier calls `beginLogin` (PKCE S256, state, nonce) and keeps the returned
 * `PendingLogin` in a short-lived encrypted cookie (`sealPendingLogin`); the callback opens it
 * and calls `completeLogin`, which checks the state, exchanges the code, validates the ID token
 * (signature, issuer, audience, nonce) and reads the claims from the userinfo endpoint. A person
 * is identified by (provider, subject) — never by e-mail.
 *
 * Runs in Deno (web) and Node alike: Web APIs only (fetch, WebCrypto), no Node-only modules.
 *
 * Configuration: `OIDC_PROVIDERS`, a JSON array of
 * `{ "id": "bankid", "name": "Bank iD", "issuer": "https://…", "clientId": "…",
 *    "clientSecret": "…" }`; unset or empty means no external login.
 *
 * Plain-HTTP issuers are refused by openid-client unless allowed. They are allowed only when the
 * issuer's host is `localhost` (or `*.localhost`), `127.0.0.1` or `[::1]` and `APP_ENV` is not
 * `production`: that is the local stand-in provider of `npm start` and `npm test`.
 */
import * as client from "openid-client";
import { EncryptJWT, jwtDecrypt } from "jose";
import { readEnv } from "./env.ts";
import { derivedKey, timingSafeEqual } from "./crypto.ts";
import type { LevelOfAssurance } from "../domain/identity.ts";

export interface OidcProviderConfig {
  /** Short id used in URLs and stored with the identity: "bankid", "mojeid", … */
  id: string;
  /** Shown on the button, e.g. "Identita občana (NIA)". */
  name: string;
  /** The issuer identifier; discovery reads `<issuer>/.well-known/openid-configuration`. */
  issuer: string;
  clientId: string;
  clientSecret: string;
}

export interface ExternalIdentityClaims {
  /** The provider's id in this portal's configuration (`OidcProviderConfig.id`). */
  provider: string;
  /** The provider's stable identifier of the person (`sub`). */
  subject: string;
  givenName: string;
  familyName: string;
  /** ISO date, when the provider gives one. */
  birthDate: string | null;
  /** One line, e.g. "Hlavní 12, 250 82 Lipnice nad Hájem". */
  address: string | null;
  levelOfAssurance: LevelOfAssurance;
  /** Contact only, never an identifier; null when absent or marked unverified. */
  email: string | null;
}

/** What must survive between the redirect to the provider and its callback. */
export interface PendingLogin {
  provider: string;
  state: string;
  nonce: string;
  codeVerifier: string;
  redirectUri: string;
  /** Where to go after a successful login (a local path; the route checks it). */
  next: string;
  /** Tenant the login started on (the callback must come back to the same town). */
  tenantId?: string;
  /** Epoch milliseconds. */
  createdAt: number;
}

export type OidcErrorCode =
  | "UnknownProvider"
  | "StateMismatch"
  | "ProviderError"
  | "InvalidResponse";

/**
 * A failed external login. `detail` says more for logs and for choosing a message:
 * the provider's OAuth `error` (`access_denied` when the person cancelled), `unreachable`,
 * `expired`, `replayed`, …
 */
export class OidcError extends Error {
  override name = "OidcError";
  constructor(
    readonly code: OidcErrorCode,
    readonly detail?: string,
    options?: { cause?: unknown },
  ) {
    super(detail ? `${code}: ${detail}` : code, options);
  }
}

/** The cookie that carries a `PendingLogin` from the start of a login to its callback. */
export const OIDC_COOKIE = "__Host-oidc";

/** How long a started login may take (the cookie lives as long). */
export const PENDING_LOGIN_TTL_SECONDS = 600;

const SCOPE = "openid profile address email";

// --- Configuration ---------------------------------------------------------------------------

const PROVIDER_ID = /^[a-z0-9][a-z0-9-]{0,31}$/;

let parsed: { raw: string; providers: OidcProviderConfig[] } | undefined;

/** The providers of `OIDC_PROVIDERS` (JSON array); `[]` when unset. Throws when malformed. */
export function configuredProviders(): OidcProviderConfig[] {
  const raw = readEnv("OIDC_PROVIDERS")?.trim() ?? "";
  if (parsed?.raw === raw) return parsed.providers;
  parsed = { raw, providers: parseProviders(raw) };
  return parsed.providers;
}

/** Parses and checks an `OIDC_PROVIDERS` value. */
export function parseProviders(raw: string): OidcProviderConfig[] {
  if (!raw) return [];
  let list: unknown;
  try {
    list = JSON.parse(raw);
  } catch {
    throw new Error("OIDC_PROVIDERS is not valid JSON");
  }
  if (!Array.isArray(list)) throw new Error("OIDC_PROVIDERS must be a JSON array");
  const seen = new Set<string>();
  return list.map((entry, i) => {
    const e = (entry ?? {}) as Record<string, unknown>;
    const text = (k: string) => {
      if (typeof e[k] !== "string" || !(e[k] as string).trim()) {
        throw new Error(`OIDC_PROVIDERS[${i}].${k} must be a non-empty string`);
      }
      return (e[k] as string).trim();
    };
    const provider: OidcProviderConfig = {
      id: text("id"),
      name: text("name"),
      issuer: text("issuer"),
      clientId: text("clientId"),
      clientSecret: text("clientSecret"),
    };
    if (!PROVIDER_ID.test(provider.id)) {
      throw new Error(`OIDC_PROVIDERS[${i}].id must match ${PROVIDER_ID}`);
    }
    if (provider.id === "nia") {
      throw new Error("OIDC_PROVIDERS: NIA speaks SAML2 only; set NIA_SAML instead (lib/saml/)");
    }
    if (seen.has(provider.id)) throw new Error(`OIDC_PROVIDERS: duplicate id ${provider.id}`);
    seen.add(provider.id);
    if (!URL.canParse(provider.issuer)) {
      throw new Error(`OIDC_PROVIDERS[${i}].issuer is not a URL`);
    }
    if (new URL(provider.issuer).protocol !== "https:" && !insecureAllowed(provider.issuer)) {
      throw new Error(
        `OIDC_PROVIDERS[${i}].issuer must use https (plain http only for a loopback issuer ` +
          "outside production)",
      );
    }
    return provider;
  });
}

/** The configured provider with this id, or undefined. */
export function findProvider(id: string): OidcProviderConfig | undefined {
  return configuredProviders().find((p) => p.id === id);
}

/** Whether plain HTTP may be used with this issuer: loopback hosts outside production only. */
export function insecureAllowed(issuer: string, appEnv = readEnv("APP_ENV") ?? "development") {
  if (appEnv === "production") return false;
  const url = new URL(issuer);
  return url.protocol === "http:" &&
    /^(localhost|.+\.localhost|127\.0\.0\.1|\[::1\])$/.test(url.hostname);
}

// --- Discovery -------------------------------------------------------------------------------

/** Discovered metadata per issuer; a failed discovery is forgotten, so the next try repeats it. */
const discovered = new Map<string, Promise<client.ServerMetadata>>();

function serverMetadata(issuer: string, insecure: boolean): Promise<client.ServerMetadata> {
  let hit = discovered.get(issuer);
  if (!hit) {
    hit = client.discovery(
      new URL(issuer),
      "discovery",
      undefined,
      undefined,
      { ...(insecure ? { execute: [client.allowInsecureRequests] } : {}), timeout: 10 },
    ).then((c) => ({ ...c.serverMetadata() }));
    discovered.set(issuer, hit);
    hit.catch(() => discovered.delete(issuer));
  }
  return hit;
}

async function configuration(provider: OidcProviderConfig): Promise<client.Configuration> {
  const insecure = insecureAllowed(provider.issuer);
  let metadata: client.ServerMetadata;
  try {
    metadata = await serverMetadata(provider.issuer, insecure);
  } catch (e) {
    throw new OidcError("ProviderError", "unreachable", { cause: e });
  }
  const config = new client.Configuration(
    metadata,
    provider.clientId,
    provider.clientSecret,
    client.ClientSecretBasic(provider.clientSecret),
  );
  if (insecure) client.allowInsecureRequests(config);
  config.timeout = 10;
  return config;
}

/** Forgets discovered metadata (tests; a provider that rotated its configuration). */
export function clearDiscoveryCache(): void {
  discovered.clear();
}

// --- The flow --------------------------------------------------------------------------------

/** Starts a login: the provider's authorization URL and what the callback needs to finish. */
export async function beginLogin(
  provider: OidcProviderConfig,
  redirectUri: string,
  next = "/",
): Promise<{ url: URL; pending: PendingLogin }> {
  const config = await configuration(provider);
  const codeVerifier = client.randomPKCECodeVerifier();
  const state = client.randomState();
  const nonce = client.randomNonce();
  const url = client.buildAuthorizationUrl(config, {
    redirect_uri: redirectUri,
    response_type: "code",
    scope: SCOPE,
    code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
    code_challenge_method: "S256",
    state,
    nonce,
  });
  return {
    url,
    pending: {
      provider: provider.id,
      state,
      nonce,
      codeVerifier,
      redirectUri,
      next,
      createdAt: Date.now(),
    },
  };
}

/**
 * States already used in this process (until they would have expired anyway). Only an early
 * answer to a replay within one process: what makes a login single-use everywhere is that the
 * callback clears the cookie and that the provider accepts an authorization code once.
 */
const usedStates = new Map<string, number>();

function markUsed(state: string): boolean {
  const now = Date.now();
  for (const [s, expires] of usedStates) {
    if (expires > now) break; // insertion order is expiry order
    usedStates.delete(s);
  }
  if (usedStates.has(state)) return false;
  usedStates.set(state, now + PENDING_LOGIN_TTL_SECONDS * 1000);
  return true;
}

/**
 * Finishes a login on the callback URL: checks the state and the provider's answer, exchanges
 * the code (with the PKCE verifier), validates the ID token and reads the claims.
 */
export async function completeLogin(
  provider: OidcProviderConfig,
  pending: PendingLogin,
  currentUrl: URL,
): Promise<ExternalIdentityClaims> {
  if (pending.provider !== provider.id) throw new OidcError("UnknownProvider", "provider mismatch");
  if (Date.now() - pending.createdAt > PENDING_LOGIN_TTL_SECONDS * 1000) {
    throw new OidcError("StateMismatch", "expired");
  }
  const params = currentUrl.searchParams;
  const state = params.get("state");
  if (!state || !timingSafeEqual(state, pending.state)) {
    throw new OidcError("StateMismatch", state ? "state differs" : "no state");
  }
  if (!markUsed(pending.state)) throw new OidcError("StateMismatch", "replayed");
  const error = params.get("error");
  if (error) throw new OidcError("ProviderError", /^[\w.-]{1,64}$/.test(error) ? error : "error");
  if (!params.get("code")) throw new OidcError("InvalidResponse", "no code");

  const config = await configuration(provider);
  // The registered redirect URI, whatever host or proxy the request came through.
  const responseUrl = new URL(pending.redirectUri);
  responseUrl.search = currentUrl.search;
  let claims: client.IDToken;
  let accessToken: string;
  try {
    const tokens = await client.authorizationCodeGrant(config, responseUrl, {
      pkceCodeVerifier: pending.codeVerifier,
      expectedState: pending.state,
      expectedNonce: pending.nonce,
      idTokenExpected: true,
    });
    claims = tokens.claims()!;
    accessToken = tokens.access_token;
  } catch (e) {
    throw toOidcError(e);
  }
  let userinfo: client.UserInfoResponse;
  try {
    userinfo = await client.fetchUserInfo(config, accessToken, claims.sub);
  } catch (e) {
    throw toOidcError(e);
  }
  return identityClaims(provider.id, claims, userinfo);
}

function toOidcError(e: unknown): OidcError {
  if (e instanceof OidcError) return e;
  if (e instanceof client.AuthorizationResponseError) {
    return new OidcError("ProviderError", e.error, { cause: e });
  }
  if (e instanceof client.ResponseBodyError) {
    // invalid_grant: the code was used already, expired, or the PKCE verifier does not match.
    return e.error === "invalid_grant"
      ? new OidcError("InvalidResponse", "invalid_grant", { cause: e })
      : new OidcError("ProviderError", e.error, { cause: e });
  }
  if (e instanceof TypeError || (e instanceof Error && e.name === "TimeoutError")) {
    return new OidcError("ProviderError", "unreachable", { cause: e });
  }
  const code = e instanceof Error && "code" in e ? String(e.code) : "invalid";
  return new OidcError("InvalidResponse", code, { cause: e });
}

// --- Claims ----------------------------------------------------------------------------------

const EIDAS_LOA: Readonly<Record<string, LevelOfAssurance>> = {
  "http://eidas.europa.eu/LoA/low": "low",
  "http://eidas.europa.eu/LoA/substantial": "substantial",
  "http://eidas.europa.eu/LoA/high": "high",
};

/** The eIDAS level of an `acr` value; anything unknown or missing counts as "low". */
export function levelOfAssurance(acr: unknown): LevelOfAssurance {
  return typeof acr === "string" && Object.hasOwn(EIDAS_LOA, acr) ? EIDAS_LOA[acr] : "low";
}

function text(value: unknown): string | null {
  return typeof value === "string" && value.trim() ? value.trim() : null;
}

/** The OIDC address claim (an object, or a string from some providers) as one line. */
export function formatAddress(value: unknown): string | null {
  if (typeof value === "string") return text(value);
  if (!value || typeof value !== "object") return null;
  const a = value as Record<string, unknown>;
  const formatted = text(a.formatted);
  if (formatted) return formatted.replace(/\s*\n\s*/g, ", ");
  const place = [text(a.postal_code), text(a.locality)].filter(Boolean).join(" ");
  const line = [text(a.street_address), place].filter(Boolean).join(", ");
  return line || null;
}

/** The portal's view of a provider's claims (ID token first, userinfo for the rest). */
export function identityClaims(
  provider: string,
  idToken: { sub: string; acr?: unknown } & Record<string, unknown>,
  userinfo: Record<string, unknown> = {},
): ExternalIdentityClaims {
  const all = { ...userinfo, ...idToken };
  const givenName = text(all.given_name);
  const familyName = text(all.family_name);
  if (!text(idToken.sub)) throw new OidcError("InvalidResponse", "no subject");
  if (!givenName || !familyName) throw new OidcError("InvalidResponse", "no name");
  const birth = text(all.birthdate);
  const email = all.email_verified === false ? null : text(all.email);
  return {
    provider,
    subject: idToken.sub,
    givenName,
    familyName,
    birthDate: birth && /^\d{4}-\d{2}-\d{2}$/.test(birth) ? birth : null,
    address: formatAddress(all.address),
    levelOfAssurance: levelOfAssurance(idToken.acr),
    email,
  };
}

// --- The pending-login cookie ----------------------------------------------------------------

const COOKIE_AUDIENCE = "portal:oidc-login";

function cookieKey(secret: string): Promise<Uint8Array> {
  return derivedKey(secret, "oidc-login-cookie"); // 32 bytes: an A256GCM key
}

/**
 * The pending login as a cookie value: a JWE (`dir`, A256GCM) with a key derived from the
 * session secret — encrypted, so the PKCE verifier and nonce stay private, and authenticated,
 * so nobody can forge or alter one. Expires after `PENDING_LOGIN_TTL_SECONDS`.
 */
export async function sealPendingLogin(pending: PendingLogin, secret: string): Promise<string> {
  return await new EncryptJWT({ p: pending })
    .setProtectedHeader({ alg: "dir", enc: "A256GCM" })
    .setAudience(COOKIE_AUDIENCE)
    .setIssuedAt(Math.floor(pending.createdAt / 1000))
    .setExpirationTime(Math.floor(pending.createdAt / 1000) + PENDING_LOGIN_TTL_SECONDS)
    .encrypt(await cookieKey(secret));
}

/** The pending login in a cookie value, or null when missing, altered, foreign or expired. */
export async function openPendingLogin(
  value: string | undefined,
  secret: string,
): Promise<PendingLogin | null> {
  if (!value || value.length > 4096) return null;
  try {
    const { payload } = await jwtDecrypt(value, await cookieKey(secret), {
      audience: COOKIE_AUDIENCE,
      keyManagementAlgorithms: ["dir"],
      contentEncryptionAlgorithms: ["A256GCM"],
    });
    const p = payload.p as PendingLogin | undefined;
    if (
      !p || typeof p.provider !== "string" || typeof p.state !== "string" ||
      typeof p.nonce !== "string" || typeof p.codeVerifier !== "string" ||
      typeof p.redirectUri !== "string" || typeof p.next !== "string" ||
      typeof p.createdAt !== "number"
    ) return null;
    return p;
  } catch {
    return null;
  }
}
