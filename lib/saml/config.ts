/**
 * Which SAML2 identity provider (NIA) a town uses and with which keys: `NIA_SAML`, JSON
 *
 *   { "idpMetadata": "<EntityDescriptor …>",          // NIA's FederationMetadata.xml (test or production)
 *     "sp": { "signingKey", "signingCert", "encryptionKey", "encryptionCert" },   // PEM
 *     "minLoa": "low",                                 // the least level a login asks for
 *     "tenants": { "<town slug>": { …any of the above, for that town } } }
 *
 * A town switches between the test NIA, the production NIA and the local stand-in by changing
 * its metadata and keys only. The private keys are never logged nor shown (`describe` omits them).
 * Unset: the town offers no NIA login (NIA speaks SAML2 only; there is no OpenID fallback).
 */
import { DOMParser } from "@xmldom/xmldom";
import { readEnv } from "../env.ts";
import type { LevelOfAssurance } from "../../domain/identity.ts";

export interface SpKeys {
  signingKey: string;
  signingCert: string;
  encryptionKey: string;
  encryptionCert: string;
}

export interface IdpInfo {
  entityId: string;
  ssoUrl: string;
  sloUrl: string | null;
  /** PEM certificates the IdP signs with (more than one during a key roll-over). */
  certs: string[];
}

export interface NiaSamlConfig {
  idp: IdpInfo;
  sp: SpKeys;
  minLoa: LevelOfAssurance;
}

interface RawTenant {
  idpMetadata?: string;
  sp?: Partial<SpKeys>;
  minLoa?: LevelOfAssurance;
}
interface Raw extends RawTenant {
  tenants?: Record<string, RawTenant>;
}

const REDIRECT = "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect";
const LEVELS: readonly LevelOfAssurance[] = ["low", "substantial", "high"];

function pem(body: string): string {
  const b = body.replace(/\s+/g, "");
  return `-----BEGIN CERTIFICATE-----\n${
    b.match(/.{1,64}/g)!.join("\n")
  }\n-----END CERTIFICATE-----\n`;
}

/** Reads the IdP's entity id, HTTP-Redirect SSO and SLO endpoints and signing certificates. */
export function parseIdpMetadata(xml: string): IdpInfo {
  const doc = new DOMParser().parseFromString(xml, "text/xml");
  const root = doc.documentElement;
  if (!root || root.localName !== "EntityDescriptor") {
    throw new Error("IdP metadata: no EntityDescriptor");
  }
  const idp = root.getElementsByTagNameNS("*", "IDPSSODescriptor")[0];
  if (!idp) throw new Error("IdP metadata: no IDPSSODescriptor");
  const endpoint = (local: string) => {
    const list = Array.from(idp.getElementsByTagNameNS("*", local));
    return list.find((e) => e.getAttribute("Binding") === REDIRECT)?.getAttribute("Location") ??
      null;
  };
  const certs = Array.from(idp.getElementsByTagNameNS("*", "KeyDescriptor"))
    .filter((k) => (k.getAttribute("use") ?? "signing") === "signing")
    .flatMap((k) => Array.from(k.getElementsByTagNameNS("*", "X509Certificate")))
    .map((c) => pem(c.textContent ?? ""));
  const entityId = root.getAttribute("entityID");
  const ssoUrl = endpoint("SingleSignOnService");
  if (!entityId || !ssoUrl || certs.length === 0) {
    throw new Error(
      "IdP metadata: entityID, an HTTP-Redirect SingleSignOnService and a signing certificate are required",
    );
  }
  return { entityId, ssoUrl, sloUrl: endpoint("SingleLogoutService"), certs };
}

let cached: { raw: string; parsed: Raw } | undefined;
const perTenant = new Map<string, NiaSamlConfig | null>();

function raw(): Raw | undefined {
  const value = readEnv("NIA_SAML");
  if (!value) return undefined;
  if (cached?.raw !== value) {
    cached = { raw: value, parsed: JSON.parse(value) as Raw };
    perTenant.clear();
  }
  return cached.parsed;
}

/** The town's NIA settings, or null when the town has no SAML login. */
export function niaSamlConfig(tenantSlug: string): NiaSamlConfig | null {
  const all = raw();
  if (!all) return null;
  if (perTenant.has(tenantSlug)) return perTenant.get(tenantSlug)!;
  const own = all.tenants?.[tenantSlug] ?? {};
  const metadata = own.idpMetadata ?? all.idpMetadata;
  const sp = { ...all.sp, ...own.sp };
  const minLoa = own.minLoa ?? all.minLoa ?? "low";
  let result: NiaSamlConfig | null = null;
  if (
    metadata && sp.signingKey && sp.signingCert && sp.encryptionKey && sp.encryptionCert &&
    LEVELS.includes(minLoa)
  ) {
    result = { idp: parseIdpMetadata(metadata), sp: sp as SpKeys, minLoa };
  }
  perTenant.set(tenantSlug, result);
  return result;
}

/** Whether a town offers the NIA login (SAML2; unreadable settings count as none). */
export function niaSamlEnabled(tenantSlug: string): boolean {
  try {
    return niaSamlConfig(tenantSlug) !== null;
  } catch {
    return false;
  }
}
