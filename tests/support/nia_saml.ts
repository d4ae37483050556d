/**
 * What a browser does with the local NIA stand-in over SAML2 (scripts/nia_provider.ts), and how
 * a test forges answers with the stand-in's own key (the test runner passes it in
 * `NIA_TEST_IDP_KEY`/`NIA_TEST_IDP_CERT`; the portal's SP keys are in `NIA_SAML`).
 */
import { inflateRawSync } from "node:zlib";
import { Buffer } from "node:buffer";
import { assert, assertEquals } from "../assert.ts";
import type { TestClient } from "./client.ts";
import { ProviderBrowser } from "./oidc.ts";
import {
  type AssertionOptions,
  assertionXml,
  buildLogoutRequest,
  encryptAssertion,
  responseXml,
  signRoot,
} from "../../scripts/nia/saml_idp.ts";

export const niaConfigured = Boolean(
  Deno.env.get("NIA_SAML") && Deno.env.get("NIA_TEST_IDP_KEY"),
);

export function idpKeys() {
  return {
    signingKey: Deno.env.get("NIA_TEST_IDP_KEY")!,
    signingCert: Deno.env.get("NIA_TEST_IDP_CERT")!,
  };
}

export function idpEntityId(): string {
  return `${
    Deno.env.get("NIA_TEST_BASE_URL")
  }/FPSTS/FederationMetadata/2007-06/FederationMetadata.xml`;
}

export function spEncryptionCert(): string {
  return JSON.parse(Deno.env.get("NIA_SAML")!).sp.encryptionCert;
}

/** The fields of an HTTP-POST binding page (the stand-in's auto-submitting form). */
export function postBinding(html: string): { action: string; fields: Record<string, string> } {
  const action = /<form method="post" action="([^"]+)"/.exec(html)?.[1];
  assert(action, `an HTTP-POST binding form: ${html.slice(0, 300)}`);
  const fields: Record<string, string> = {};
  for (const m of html.matchAll(/<input type="hidden" name="(\w+)" value="([^"]*)">/g)) {
    fields[m[1]] = m[2].replace(/&#(\d+);/g, (_, n) => String.fromCharCode(Number(n)));
  }
  return { action: action.replace(/&#(\d+);/g, (_, n) => String.fromCharCode(Number(n))), fields };
}

/** Starts a login at the portal; returns the stand-in URL and the AuthnRequest's XML and ID. */
export async function startNiaLogin(c: TestClient, query = "next=/ucet") {
  const start = await c.get(`/prihlaseni/nia?${query}`);
  assertEquals(start.status, 303);
  const location = new URL(start.headers.get("location")!);
  const xml = inflateRawSync(Buffer.from(location.searchParams.get("SAMLRequest")!, "base64"))
    .toString("utf8");
  const requestId = /\sID="([^"]+)"/.exec(xml)![1];
  return { location, xml, requestId, relayState: location.searchParams.get("RelayState") };
}

/** Logs in at the stand-in as the person whose button has this label; returns the POST form. */
export async function answerAtStandIn(location: URL, buttonLabel: string | "cancel") {
  const browser = new ProviderBrowser("http://localhost/");
  const page = await browser.follow(location.href);
  assert(page.html?.includes("Identita občana – testovací poskytovatel"));
  const uid = /name="uid" value="([^"]+)"/.exec(page.html!)![1];
  let path = "/FPSTS/saml2/basic/abort";
  const body = new URLSearchParams({ uid });
  if (buttonLabel !== "cancel") {
    const button = new RegExp(`name="person" value="([^"]+)"[^>]*>${buttonLabel}<`)
      .exec(page.html!);
    assert(button, `a button "${buttonLabel}"`);
    body.set("person", button[1]);
    path = "/FPSTS/saml2/basic/login";
  }
  const res = await browser.fetch(new URL(path, page.url).href, { method: "POST", body });
  const html = await res.text();
  assertEquals(res.status, 200, html.slice(0, 300));
  return postBinding(html);
}

/** POSTs an HTTP-POST binding message to the portal as the browser would (no CSRF token). */
export function postToPortal(
  c: TestClient,
  path: string,
  fields: Record<string, string>,
): Promise<Response> {
  return c.request(path, {
    method: "POST",
    body: new URLSearchParams(fields),
    headers: { origin: new URL(Deno.env.get("NIA_TEST_BASE_URL")!).origin },
  });
}

export const TEST_PERSON = {
  subject: "test-jan-novak",
  givenName: "Jan",
  familyName: "Novák",
  birthDate: "1978-03-15",
  address: "Hlavní 12, 250 82 Lipnice nad Hájem",
  email: "jan.novak@example.cz",
};

export type ForgeOptions = Partial<AssertionOptions> & {
  inResponseTo: string;
  /** Change the signed assertion's XML (after signing: a tampered signature). */
  afterSigning?: (signedAssertion: string) => string;
  /** Sign with this key instead of the IdP's. */
  signWith?: { signingKey: string; signingCert: string };
  /** Change the whole Response's XML (after the assertion was signed and encrypted). */
  afterEncryption?: (responseXml: string) => string;
};

/** A response as the stand-in would send it, with whatever a test changes; base64. */
export async function forgeResponse(o: ForgeOptions): Promise<string> {
  const options: AssertionOptions = {
    issuer: idpEntityId(),
    audience: "http://localhost/saml/metadata",
    destination: "http://localhost/saml/acs",
    person: TEST_PERSON,
    loa: "substantial",
    ...o,
  };
  const keys = o.signWith ?? idpKeys();
  let signed = signRoot(assertionXml(options), keys.signingKey, keys.signingCert);
  if (o.afterSigning) signed = o.afterSigning(signed);
  const encrypted = await encryptAssertion(signed, spEncryptionCert());
  const xml = responseXml({
    issuer: options.issuer,
    destination: options.destination,
    inResponseTo: o.inResponseTo,
    assertion: encrypted,
  });
  return Buffer.from(o.afterEncryption ? o.afterEncryption(xml) : xml).toString("base64");
}

export function forgeLogoutRequest(nameId: string, sessionIndex?: string): string {
  return buildLogoutRequest(idpKeys(), {
    issuer: idpEntityId(),
    destination: "http://localhost/saml/slo",
    nameId,
    sessionIndex,
  });
}
