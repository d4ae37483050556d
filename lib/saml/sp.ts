/**
 * The portal as a SAML2 service provider for NIA, on `@node-saml/node-saml` (signature checks by
 * xml-crypto over the assertion actually read, decryption by xml-encryption — no XML signature
 * code here). Runs in the web tier (Deno's node:crypto, node:zlib).
 *
 * What is checked, and where:
 * - signature of the (decrypted) assertion against the IdP's metadata certificates, one assertion
 *   only, the profile read from the verified XML (node-saml: no signature wrapping);
 * - issuer (`idpIssuer`), audience (our entity id), NotBefore/NotOnOrAfter with one minute skew,
 *   SubjectConfirmation recipient and InResponseTo (node-saml);
 * - InResponseTo names a pending request of this town, unexpired (`saml_requests`, our cache
 *   provider for node-saml); the request is used up whatever the outcome;
 * - the assertion id is accepted once (`saml_assertions` primary key);
 * - the level of assurance returned is not below the one the request asked for;
 * - no XML comment anywhere in the response or its decrypted assertion: a comment inside the
 *   NameID or an attribute (`<NameID>abc<!---->def</NameID>`) leaves the signature valid (the
 *   canonical form drops comments) while a careless reader takes only the text before it, so
 *   such an answer is refused outright (`commentInResponse`).
 */
import { type Profile, SAML, ValidateInResponseTo } from "@node-saml/node-saml";
import { DOMParser, XMLSerializer } from "@xmldom/xmldom";
import xmlenc from "xml-encryption";
import type { Kysely } from "kysely";
import type { Database } from "../../db/schema.ts";
import type { LevelOfAssurance } from "../../domain/identity.ts";
import { loaAtLeast } from "../../domain/identity.ts";
import type { ExternalIdentityClaims } from "../oidc.ts";
import type { NiaSamlConfig } from "./config.ts";

export const EIDAS_LOA_URI: Readonly<Record<LevelOfAssurance, string>> = {
  low: "http://eidas.europa.eu/LoA/low",
  substantial: "http://eidas.europa.eu/LoA/substantial",
  high: "http://eidas.europa.eu/LoA/high",
};

const ATTR = {
  personIdentifier: "http://eidas.europa.eu/attributes/naturalperson/PersonIdentifier",
  givenName: "http://eidas.europa.eu/attributes/naturalperson/CurrentGivenName",
  familyName: "http://eidas.europa.eu/attributes/naturalperson/CurrentFamilyName",
  address: "http://eidas.europa.eu/attributes/naturalperson/CurrentAddress",
  birthDate: "http://eidas.europa.eu/attributes/naturalperson/DateOfBirth",
  email: "http://www.stork.gov.eu/1.0/eMail",
} as const;

/** A pending request lives ten minutes. */
export const REQUEST_TTL_MS = 10 * 60_000;
const SKEW_MS = 60_000;

/** Why a SAML answer was refused; each has `saml.errors.<code>` in the catalogs. */
export type SamlFailure =
  | "unknownRequest"
  | "invalidSignature"
  | "wrongAudience"
  | "wrongIssuer"
  | "expired"
  | "replayed"
  | "loaTooLow"
  | "cancelled"
  | "invalidResponse";

export class SamlError extends Error {
  override name = "SamlError";
  constructor(readonly code: SamlFailure, readonly detail: string) {
    super(`${code}: ${detail}`);
  }
}

export interface SpEndpoints {
  /** The portal's origin for this town, e.g. https://lipnice.example.cz */
  origin: string;
}

export const spEntityId = (origin: string) => `${origin}/saml/metadata`;
export const acsUrl = (origin: string) => `${origin}/saml/acs`;
export const sloUrl = (origin: string) => `${origin}/saml/slo`;

export function pendingRequest(
  db: Kysely<Database>,
  tenantId: string,
  kind: "login" | "logout",
  id: string,
) {
  return db.selectFrom("saml_requests").select(["id", "min_loa", "created_at"])
    .where("id", "=", id).where("tenant_id", "=", tenantId).where("kind", "=", kind)
    .where("expires_at", ">", new Date()).executeTakeFirst();
}

function cacheProvider(
  db: Kysely<Database>,
  tenantId: string,
  kind: "login" | "logout",
  loa: LevelOfAssurance | null = null,
) {
  return {
    async saveAsync(key: string, value: string) {
      await db.insertInto("saml_requests").values({
        id: key,
        tenant_id: tenantId,
        kind,
        min_loa: kind === "login" ? loa : null,
        expires_at: new Date(Date.now() + REQUEST_TTL_MS),
      }).execute();
      return { value, createdAt: Date.now() };
    },
    /** node-saml wants the creation time back; an expired request is not found. */
    async getAsync(key: string) {
      const row = await pendingRequest(db, tenantId, kind, key);
      return row ? row.created_at.toISOString() : null;
    },
    /** node-saml removes the request once answered, whatever the outcome. */
    async removeAsync(key: string | null) {
      if (!key) return null;
      const row = await db.deleteFrom("saml_requests").where("id", "=", key)
        .where("tenant_id", "=", tenantId).returning("created_at").executeTakeFirst();
      return row ? row.created_at.toISOString() : null;
    },
  };
}

/**
 * Forgets what can no longer matter: expired pending requests, assertion ids past their validity
 * (a replay would fail on its times anyway) and the NIA sessions of ended portal sessions.
 */
export async function purgeExpired(db: Kysely<Database>, tenantId: string): Promise<void> {
  const now = new Date();
  await db.deleteFrom("saml_requests").where("tenant_id", "=", tenantId)
    .where("expires_at", "<", now).execute();
  await db.deleteFrom("saml_assertions").where("tenant_id", "=", tenantId)
    .where("expires_at", "<", now).execute();
  await db.deleteFrom("saml_sessions").where("tenant_id", "=", tenantId)
    .where((eb) =>
      eb(
        "session_id",
        "in",
        (sub) =>
          sub.selectFrom("sessions").select("id").where("tenant_id", "=", tenantId)
            .where((w) => w.or([w("expires_at", "<", now), w("revoked_at", "is not", null)])),
      )
    ).execute();
}

/** A node-saml instance for one town and origin; `loa` is what a login asks for. */
export function samlFor(
  db: Kysely<Database>,
  tenantId: string,
  cfg: NiaSamlConfig,
  origin: string,
  options: { loa?: LevelOfAssurance; kind?: "login" | "logout" } = {},
): SAML {
  const loa = options.loa ?? cfg.minLoa;
  return new SAML({
    issuer: spEntityId(origin),
    audience: spEntityId(origin),
    callbackUrl: acsUrl(origin),
    logoutCallbackUrl: sloUrl(origin),
    entryPoint: cfg.idp.ssoUrl,
    logoutUrl: cfg.idp.sloUrl ?? cfg.idp.ssoUrl,
    idpIssuer: cfg.idp.entityId,
    idpCert: cfg.idp.certs,
    privateKey: cfg.sp.signingKey,
    publicCert: cfg.sp.signingCert,
    decryptionPvk: cfg.sp.encryptionKey,
    signatureAlgorithm: "sha256",
    digestAlgorithm: "sha256",
    wantAssertionsSigned: true,
    wantAuthnResponseSigned: false,
    identifierFormat: null,
    authnContext: [EIDAS_LOA_URI[loa]],
    racComparison: "minimum",
    forceAuthn: true,
    acceptedClockSkewMs: SKEW_MS,
    maxAssertionAgeMs: 5 * 60_000,
    // A LogoutResponse by HTTP-POST: node-saml looks for InResponseTo on a login Response only,
    // so lib/saml/logout.ts checks it against the pending logout request itself.
    validateInResponseTo: options.kind === "logout"
      ? ValidateInResponseTo.never
      : ValidateInResponseTo.always,
    requestIdExpirationPeriodMs: REQUEST_TTL_MS,
    cacheProvider: cacheProvider(db, tenantId, options.kind ?? "login", loa),
    generateUniqueId: () => "_" + crypto.randomUUID().replaceAll("-", ""),
    samlAuthnRequestExtensions: {
      "@xmlns:eidas": "http://eidas.europa.eu/saml-extensions",
      "eidas:SPType": "public",
      "eidas:RequestedAttributes": {
        "eidas:RequestedAttribute": [
          [ATTR.personIdentifier, true],
          [ATTR.givenName, true],
          [ATTR.familyName, true],
          [ATTR.address, true],
          [ATTR.birthDate, true],
          [ATTR.email, false],
        ].map(([name, required]) => ({
          "@Name": name,
          "@NameFormat": "urn:oasis:names:tc:SAML:2.0:attrname-format:uri",
          "@isRequired": String(required),
        })),
      },
    },
  });
}

/** The SP metadata (public): entity, ACS, SLO and both certificates. */
export function spMetadata(saml: SAML, cfg: NiaSamlConfig): string {
  return saml.generateServiceProviderMetadata(cfg.sp.encryptionCert, cfg.sp.signingCert);
}

/** Maps node-saml's errors to our codes (their messages are fixed strings in node-saml). */
function failureOf(e: unknown): SamlError {
  const m = e instanceof Error ? e.message : String(e);
  const code: SamlFailure = /InResponseTo/i.test(m)
    ? "unknownRequest"
    : /signature/i.test(m)
    ? "invalidSignature"
    : /audience/i.test(m)
    ? "wrongAudience"
    : /issuer/i.test(m)
    ? "wrongIssuer"
    : /expired|NotBefore|NotOnOrAfter|too old|not yet|subject confirmation/i.test(m)
    ? "expired"
    : /Responder|AuthnFailed|RequestDenied/i.test(m)
    ? "cancelled"
    : "invalidResponse";
  return new SamlError(code, m.slice(0, 200));
}

function attr(profile: Profile, name: string): string | null {
  const v = (profile.attributes as Record<string, unknown> | undefined)?.[name];
  const s = Array.isArray(v) ? v[0] : v;
  return typeof s === "string" && s.trim() ? s.trim() : null;
}

export interface SamlLogin {
  claims: ExternalIdentityClaims;
  nameId: string;
  nameIdFormat: string | null;
  sessionIndex: string | null;
}

/**
 * Validates an HTTP-POST `SAMLResponse` and returns the person; throws `SamlError`. The pending
 * request it answers is used up, the assertion id recorded.
 */
export async function validateLogin(
  db: Kysely<Database>,
  tenantId: string,
  cfg: NiaSamlConfig,
  origin: string,
  samlResponse: string,
): Promise<SamlLogin> {
  const saml = samlFor(db, tenantId, cfg, origin);
  // The level the request asked for, read before node-saml uses the request up; the answer is
  // accepted below only if the verified assertion answers this very request.
  let claimedRequest: string | undefined;
  try {
    const xml = new TextDecoder().decode(
      Uint8Array.from(atob(samlResponse.replace(/\s+/g, "")), (c) => c.charCodeAt(0)),
    );
    claimedRequest = /^(?:<\?xml[^>]*>)?\s*<(?:\w+:)?Response\b[^>]*?\sInResponseTo="([^"]{1,200})"/
      .exec(xml)?.[1];
  } catch {
    throw new SamlError("invalidResponse", "not base64");
  }
  const pending = claimedRequest
    ? await pendingRequest(db, tenantId, "login", claimedRequest)
    : undefined;
  let profile: Profile | null;
  try {
    ({ profile } = await saml.validatePostResponseAsync({ SAMLResponse: samlResponse }));
  } catch (e) {
    if (e instanceof SamlError) throw e;
    throw failureOf(e);
  }
  if (!profile) throw new SamlError("invalidResponse", "no profile");
  if (await commentInResponse(samlResponse, cfg.sp.encryptionKey)) {
    throw new SamlError("invalidResponse", "xml comment in the response");
  }
  // node-saml checks `idpIssuer` on logout messages only: the assertion's issuer is ours to check.
  if (profile.issuer !== cfg.idp.entityId) {
    throw new SamlError("wrongIssuer", `issuer ${String(profile.issuer).slice(0, 100)}`);
  }
  // One answer per request: the request is used up (node-saml removes it only on failure).
  if (!pending || profile.inResponseTo !== pending.id) {
    throw new SamlError("unknownRequest", "not the pending request");
  }
  // Used up (node-saml removed it already; this makes sure).
  await db.deleteFrom("saml_requests").where("id", "=", pending.id).execute();
  const asked = pending.min_loa;
  const assertion = profile.getAssertion?.() as
    | { Assertion?: { $?: { ID?: string }; Conditions?: { $?: { NotOnOrAfter?: string } }[] } }
    | undefined;
  const assertionId = assertion?.Assertion?.$?.ID;
  if (!assertionId) throw new SamlError("invalidResponse", "assertion without ID");
  const classRef = /<(?:\w+:)?AuthnContextClassRef>\s*([^<\s]+)\s*</.exec(
    profile.getAssertionXml?.() ?? "",
  )?.[1];
  const loa = (Object.keys(EIDAS_LOA_URI) as LevelOfAssurance[]).find((l) =>
    EIDAS_LOA_URI[l] === classRef
  );
  if (!loa) throw new SamlError("loaTooLow", `unknown level ${classRef}`);
  const minimum = asked ?? cfg.minLoa;
  if (!loaAtLeast(loa, minimum)) throw new SamlError("loaTooLow", `${loa} < ${minimum}`);
  const notOnOrAfter = assertion?.Assertion?.Conditions?.[0]?.$?.NotOnOrAfter;
  const inserted = await db.insertInto("saml_assertions").values({
    tenant_id: tenantId,
    assertion_id: assertionId,
    expires_at: new Date(Math.max(Date.parse(notOnOrAfter ?? "") || 0, Date.now()) + SKEW_MS),
  }).onConflict((oc) => oc.doNothing()).returning("assertion_id").executeTakeFirst();
  if (!inserted) throw new SamlError("replayed", "assertion used before");
  const subject = attr(profile, ATTR.personIdentifier);
  const givenName = attr(profile, ATTR.givenName);
  const familyName = attr(profile, ATTR.familyName);
  if (!subject || !givenName || !familyName) {
    throw new SamlError("invalidResponse", "required attributes missing");
  }
  const birthDate = attr(profile, ATTR.birthDate);
  return {
    claims: {
      provider: "nia",
      subject,
      givenName,
      familyName,
      birthDate: birthDate && /^\d{4}-\d{2}-\d{2}$/.test(birthDate) ? birthDate : null,
      address: attr(profile, ATTR.address),
      levelOfAssurance: loa,
      email: attr(profile, ATTR.email),
    },
    nameId: profile.nameID,
    nameIdFormat: profile.nameIDFormat ?? null,
    sessionIndex: profile.sessionIndex ?? null,
  };
}

/** Whether a DOM subtree holds a comment node. */
function hasComment(node: Node): boolean {
  if (node.nodeType === 8) return true; // COMMENT_NODE
  for (let c = node.firstChild; c; c = c.nextSibling) if (hasComment(c)) return true;
  return false;
}

/**
 * Whether the (base64) response or any assertion it carries encrypted holds an XML comment.
 * Read after node-saml accepted the response, so the XML is well formed and decrypts; the
 * decryption is xml-encryption's, with the SP's key, as node-saml's own.
 */
async function commentInResponse(samlResponse: string, decryptionKey: string): Promise<boolean> {
  const xml = new TextDecoder().decode(
    Uint8Array.from(atob(samlResponse.replace(/\s+/g, "")), (c) => c.charCodeAt(0)),
  );
  const doc = new DOMParser().parseFromString(xml, "text/xml");
  if (hasComment(doc)) return true;
  const encrypted = Array.from(
    doc.getElementsByTagNameNS("http://www.w3.org/2001/04/xmlenc#", "EncryptedData"),
  );
  for (const element of encrypted) {
    const decrypted = await new Promise<string>((resolve, reject) =>
      xmlenc.decrypt(
        new XMLSerializer().serializeToString(element),
        { key: decryptionKey },
        (err: Error | null, out?: string) => err ? reject(err) : resolve(out ?? ""),
      )
    );
    if (hasComment(new DOMParser().parseFromString(decrypted, "text/xml"))) return true;
  }
  return false;
}
