/**
 * The identity provider's side of SAML2 for the local NIA stand-in (scripts/nia_provider.ts) and
 * for the tests that forge answers with its key: a Response carrying one assertion with the
 * eIDAS attributes and the level of assurance, the assertion signed with xml-crypto (enveloped,
 * exclusive c14n, RSA-SHA256) and then encrypted for the service provider with xml-encryption
 * (AES-256-GCM, RSA-OAEP) — no signature code of our own; a LogoutRequest and LogoutResponse
 * signed the same way.
 *
 * Loads in Node (the stand-in, through tsx) and in Deno (tests): npm packages and node:crypto only.
 */
import { randomBytes } from "node:crypto";
import { SignedXml } from "xml-crypto";
import xmlenc from "xml-encryption";

export const EIDAS_LOA_URI = {
  low: "http://eidas.europa.eu/LoA/low",
  substantial: "http://eidas.europa.eu/LoA/substantial",
  high: "http://eidas.europa.eu/LoA/high",
} as const;

/** The eIDAS natural person attributes NIA releases (and the portal asks for). */
export const EIDAS_ATTR = {
  personIdentifier: "http://eidas.europa.eu/attributes/naturalperson/PersonIdentifier",
  givenName: "http://eidas.europa.eu/attributes/naturalperson/CurrentGivenName",
  familyName: "http://eidas.europa.eu/attributes/naturalperson/CurrentFamilyName",
  address: "http://eidas.europa.eu/attributes/naturalperson/CurrentAddress",
  birthDate: "http://eidas.europa.eu/attributes/naturalperson/DateOfBirth",
  email: "http://www.stork.gov.eu/1.0/eMail",
} as const;

export function newId(): string {
  return "_" + randomBytes(20).toString("hex");
}

export function xmlEscape(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;").replace(/'/g, "&apos;");
}

export interface AssertionPerson {
  subject: string;
  givenName: string;
  familyName: string;
  birthDate: string;
  /** Formatted, one line. */
  address: string;
  email?: string;
}

export interface AssertionOptions {
  issuer: string;
  /** The SP's entity id (the audience). */
  audience: string;
  /** The SP's AssertionConsumerService URL. */
  destination: string;
  inResponseTo: string;
  person: AssertionPerson;
  loa: keyof typeof EIDAS_LOA_URI;
  sessionIndex?: string;
  /** Default: now. Validity is five minutes from it. */
  now?: Date;
  /** Override NotBefore / NotOnOrAfter (tests). */
  notBefore?: Date;
  notOnOrAfter?: Date;
  assertionId?: string;
}

const SAML = 'xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion"';
const SAMLP = 'xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol"';

function attribute(name: string, value: string): string {
  return `<saml:Attribute Name="${name}" NameFormat="urn:oasis:names:tc:SAML:2.0:attrname-format:uri">` +
    `<saml:AttributeValue>${xmlEscape(value)}</saml:AttributeValue></saml:Attribute>`;
}

/** The unsigned assertion XML. */
export function assertionXml(o: AssertionOptions): string {
  const now = o.now ?? new Date();
  const notBefore = (o.notBefore ?? new Date(now.getTime() - 1000)).toISOString();
  const notOnOrAfter = (o.notOnOrAfter ?? new Date(now.getTime() + 5 * 60_000)).toISOString();
  const id = o.assertionId ?? newId();
  const p = o.person;
  const attrs = [
    attribute(EIDAS_ATTR.personIdentifier, p.subject),
    attribute(EIDAS_ATTR.givenName, p.givenName),
    attribute(EIDAS_ATTR.familyName, p.familyName),
    attribute(EIDAS_ATTR.address, p.address),
    attribute(EIDAS_ATTR.birthDate, p.birthDate),
    ...(p.email ? [attribute(EIDAS_ATTR.email, p.email)] : []),
  ].join("");
  return `<saml:Assertion ${SAML} ID="${id}" Version="2.0" IssueInstant="${now.toISOString()}">` +
    `<saml:Issuer>${xmlEscape(o.issuer)}</saml:Issuer>` +
    `<saml:Subject><saml:NameID Format="urn:oasis:names:tc:SAML:2.0:nameid-format:transient">${
      xmlEscape(p.subject)
    }</saml:NameID>` +
    `<saml:SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer">` +
    `<saml:SubjectConfirmationData InResponseTo="${
      xmlEscape(o.inResponseTo)
    }" NotOnOrAfter="${notOnOrAfter}" Recipient="${
      xmlEscape(o.destination)
    }"/></saml:SubjectConfirmation></saml:Subject>` +
    `<saml:Conditions NotBefore="${notBefore}" NotOnOrAfter="${notOnOrAfter}">` +
    `<saml:AudienceRestriction><saml:Audience>${
      xmlEscape(o.audience)
    }</saml:Audience></saml:AudienceRestriction></saml:Conditions>` +
    `<saml:AuthnStatement AuthnInstant="${now.toISOString()}" SessionIndex="${
      xmlEscape(o.sessionIndex ?? newId())
    }"><saml:AuthnContext><saml:AuthnContextClassRef>${
      EIDAS_LOA_URI[o.loa]
    }</saml:AuthnContextClassRef></saml:AuthnContext></saml:AuthnStatement>` +
    `<saml:AttributeStatement>${attrs}</saml:AttributeStatement></saml:Assertion>`;
}

/** Signs the root element of `xml` (an assertion or a request), the signature after its Issuer. */
export function signRoot(xml: string, privateKey: string, cert: string): string {
  const sig = new SignedXml({
    privateKey,
    publicCert: cert,
    signatureAlgorithm: "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256",
    canonicalizationAlgorithm: "http://www.w3.org/2001/10/xml-exc-c14n#",
  });
  sig.addReference({
    xpath: "/*",
    transforms: [
      "http://www.w3.org/2000/09/xmldsig#enveloped-signature",
      "http://www.w3.org/2001/10/xml-exc-c14n#",
    ],
    digestAlgorithm: "http://www.w3.org/2001/04/xmlenc#sha256",
  });
  sig.computeSignature(xml, {
    location: { reference: "/*/*[local-name(.)='Issuer']", action: "after" },
  });
  return sig.getSignedXml();
}

/** Encrypts an (already signed) assertion for the SP's encryption certificate. */
export function encryptAssertion(assertion: string, spEncryptionCert: string): Promise<string> {
  return new Promise((resolve, reject) => {
    xmlenc.encrypt(assertion, {
      rsa_pub: spEncryptionCert,
      pem: spEncryptionCert,
      encryptionAlgorithm: "http://www.w3.org/2009/xmlenc11#aes256-gcm",
      keyEncryptionAlgorithm: "http://www.w3.org/2001/04/xmlenc#rsa-oaep-mgf1p",
      disallowEncryptionWithInsecureAlgorithm: true,
      warnInsecureAlgorithm: false,
    }, (err: Error | null, result?: string) => {
      if (err || !result) reject(err ?? new Error("encryption gave nothing"));
      else resolve(`<saml:EncryptedAssertion ${SAML}>${result}</saml:EncryptedAssertion>`);
    });
  });
}

export interface ResponseOptions {
  issuer: string;
  destination: string;
  inResponseTo: string;
  /** The (encrypted or plain) assertion element, or nothing for an error status. */
  assertion?: string;
  status?: string;
}

export function responseXml(o: ResponseOptions): string {
  const status = o.status ?? "urn:oasis:names:tc:SAML:2.0:status:Success";
  return `<samlp:Response ${SAMLP} ${SAML} ID="${newId()}" Version="2.0" IssueInstant="${
    new Date().toISOString()
  }" Destination="${xmlEscape(o.destination)}" InResponseTo="${xmlEscape(o.inResponseTo)}">` +
    `<saml:Issuer>${xmlEscape(o.issuer)}</saml:Issuer>` +
    `<samlp:Status><samlp:StatusCode Value="${status}"/></samlp:Status>` +
    (o.assertion ?? "") + `</samlp:Response>`;
}

export interface IdpKeys {
  signingKey: string;
  signingCert: string;
}

/** A whole signed, encrypted answer, base64 as the HTTP-POST binding sends it. */
export async function buildSignedEncryptedResponse(
  keys: IdpKeys,
  spEncryptionCert: string,
  o: AssertionOptions,
): Promise<string> {
  const signed = signRoot(assertionXml(o), keys.signingKey, keys.signingCert);
  const encrypted = await encryptAssertion(signed, spEncryptionCert);
  const xml = responseXml({
    issuer: o.issuer,
    destination: o.destination,
    inResponseTo: o.inResponseTo,
    assertion: encrypted,
  });
  return btoa(unescape(encodeURIComponent(xml)));
}

/** A signed LogoutRequest of the IdP (IdP-initiated single logout), base64 for HTTP-POST. */
export function buildLogoutRequest(
  keys: IdpKeys,
  o: { issuer: string; destination: string; nameId: string; sessionIndex?: string },
): string {
  const xml =
    `<samlp:LogoutRequest ${SAMLP} ${SAML} ID="${newId()}" Version="2.0" IssueInstant="${
      new Date().toISOString()
    }" Destination="${xmlEscape(o.destination)}">` +
    `<saml:Issuer>${xmlEscape(o.issuer)}</saml:Issuer>` +
    `<saml:NameID Format="urn:oasis:names:tc:SAML:2.0:nameid-format:transient">${
      xmlEscape(o.nameId)
    }</saml:NameID>` +
    (o.sessionIndex
      ? `<samlp:SessionIndex>${xmlEscape(o.sessionIndex)}</samlp:SessionIndex>`
      : "") +
    `</samlp:LogoutRequest>`;
  return btoa(unescape(encodeURIComponent(signRoot(xml, keys.signingKey, keys.signingCert))));
}

/** A signed LogoutResponse answering the SP's LogoutRequest `inResponseTo`. */
export function buildLogoutResponse(
  keys: IdpKeys,
  o: { issuer: string; destination: string; inResponseTo: string },
): string {
  const xml =
    `<samlp:LogoutResponse ${SAMLP} ${SAML} ID="${newId()}" Version="2.0" IssueInstant="${
      new Date().toISOString()
    }" Destination="${xmlEscape(o.destination)}" InResponseTo="${xmlEscape(o.inResponseTo)}">` +
    `<saml:Issuer>${xmlEscape(o.issuer)}</saml:Issuer>` +
    `<samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success"/></samlp:Status>` +
    `</samlp:LogoutResponse>`;
  return btoa(unescape(encodeURIComponent(signRoot(xml, keys.signingKey, keys.signingCert))));
}

function certBody(pem: string): string {
  return pem.replace(/-----(BEGIN|END) CERTIFICATE-----/g, "").replace(/\s+/g, "");
}

/** The IdP's metadata (EntityDescriptor with IDPSSODescriptor), as NIA publishes it. */
export function idpMetadataXml(
  o: { entityId: string; ssoUrl: string; sloUrl: string; signingCert: string },
): string {
  const redirect = "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect";
  const post = "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST";
  return `<?xml version="1.0" encoding="UTF-8"?>` +
    `<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" ` +
    `xmlns:ds="http://www.w3.org/2000/09/xmldsig#" entityID="${xmlEscape(o.entityId)}">` +
    `<md:IDPSSODescriptor WantAuthnRequestsSigned="true" ` +
    `protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">` +
    `<md:KeyDescriptor use="signing"><ds:KeyInfo><ds:X509Data><ds:X509Certificate>${
      certBody(o.signingCert)
    }</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor>` +
    `<md:SingleLogoutService Binding="${redirect}" Location="${xmlEscape(o.sloUrl)}"/>` +
    `<md:SingleLogoutService Binding="${post}" Location="${xmlEscape(o.sloUrl)}"/>` +
    `<md:SingleSignOnService Binding="${redirect}" Location="${xmlEscape(o.ssoUrl)}"/>` +
    `</md:IDPSSODescriptor></md:EntityDescriptor>`;
}
