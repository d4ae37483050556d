/**
 * A local SAML2 identity provider that stands in for NIA (Identita občana) in development and
 * tests: the real protocol and the real shapes, invented people (scripts/nia/persons.ts — the
 * same as the OpenID stand-in's).
 *
 *   NIA_PORT=9091 NIA_BASE=http://localhost:9091 NIA_SIGNING_KEY=… NIA_SIGNING_CERT=… \
 *   NIA_SP_ENCRYPTION_CERT=… node --import tsx scripts/nia_provider.ts
 *
 * - Paths as NIA's: metadata `/FPSTS/FederationMetadata/2007-06/FederationMetadata.xml`, single
 *   sign-on `/FPSTS/saml2/basic` (HTTP-Redirect binding in, HTTP-POST out), single logout
 *   `/FPSTS/saml2/logout` (the SP's LogoutRequest by HTTP-Redirect; the answer and the IdP's own
 *   LogoutRequest by HTTP-POST). The entity id is the metadata URL.
 * - The assertion carries the eIDAS attributes and the person's level of assurance, is signed
 *   (xml-crypto) and then encrypted (xml-encryption) for the SP's encryption certificate — see
 *   scripts/nia/saml_idp.ts. A person whose level is below the one asked for is still answered
 *   with their own level: the portal must refuse it (real NIA would ask for a stronger means).
 * - The SP's AssertionConsumerService may be any loopback URL (tests run the portal on random
 *   ports and several town host names); its SingleLogoutService is `/saml/slo` on the same
 *   origin. Acceptable for a stand-in listening on loopback only; a real IdP uses SP metadata.
 * - `GET /FPSTS/saml2/sessions` lists the sessions it gave, each with a button that starts an
 *   IdP-initiated single logout at the portal.
 *
 * Prints `{"msg":"nia provider started","entityId":…}` once listening; exits on SIGTERM/SIGINT.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { randomBytes } from "node:crypto";
import { inflateRawSync } from "node:zlib";
import process from "node:process";
import { Buffer } from "node:buffer";
import { DOMParser } from "@xmldom/xmldom";
import { TEST_PERSONS, type TestPerson } from "./nia/persons.ts";
import {
  buildLogoutRequest,
  buildLogoutResponse,
  buildSignedEncryptedResponse,
  EIDAS_LOA_URI,
  idpMetadataXml,
  newId,
} from "./nia/saml_idp.ts";

const METADATA_PATH = "/FPSTS/FederationMetadata/2007-06/FederationMetadata.xml";
const SSO_PATH = "/FPSTS/saml2/basic";
const SLO_PATH = "/FPSTS/saml2/logout";

function env(name: string): string {
  const v = process.env[name];
  if (!v) throw new Error(`${name} is not set`);
  return v;
}

const port = Number(env("NIA_PORT"));
const base = env("NIA_BASE").replace(/\/+$/, "");
const entityId = base + METADATA_PATH;
const keys = { signingKey: env("NIA_SIGNING_KEY"), signingCert: env("NIA_SIGNING_CERT") };
const spEncryptionCert = env("NIA_SP_ENCRYPTION_CERT");

const LOA_CS = { low: "nízká", substantial: "značná", high: "vysoká" } as const;
const LOOPBACK = /^(localhost|[a-z0-9-]+\.localhost|127\.0\.0\.1|\[::1\])$/;

interface Pending {
  requestId: string;
  acs: string;
  sp: string;
  relayState: string | null;
  asked: string | null;
  at: number;
}
const pending = new Map<string, Pending>();
interface IdpSession {
  index: string;
  nameId: string;
  sp: string;
  slo: string;
  name: string;
}
const sessions = new Map<string, IdpSession>();

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const STYLE =
  `body{font-family:system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem;
line-height:1.5;color:#1b1b1b}h1{font-size:1.6rem;color:#2362a2}
.note{background:#fff4d6;border-left:4px solid #d9a400;padding:.5rem 1rem}
ul{list-style:none;padding:0}li{margin:0 0 1rem}
button{font:inherit;padding:.6rem 1rem;border:2px solid #2362a2;border-radius:4px;
background:#2362a2;color:#fff;cursor:pointer}button.secondary{background:#fff;color:#2362a2}
button:focus-visible{outline:3px solid #d9a400;outline-offset:2px}
.details{display:block;color:#474747;font-size:.95rem}`;

function html(title: string, body: string, nonce?: string): string {
  return `<!doctype html><html lang="cs"><head><meta charset="utf-8">` +
    `<meta name="viewport" content="width=device-width, initial-scale=1">` +
    `<title>${escapeHtml(title)}</title><style>${STYLE}</style></head><body><main>` +
    `<h1>${escapeHtml(title)}</h1>${body}</main>` +
    (nonce ? `<script nonce="${nonce}">document.forms[0].submit()</script>` : "") +
    `</body></html>`;
}

function send(res: ServerResponse, status: number, page: string, nonce?: string): void {
  res.writeHead(status, {
    "content-type": "text/html; charset=utf-8",
    "cache-control": "no-store",
    "content-security-policy": `default-src 'none'; style-src 'unsafe-inline'; ${
      nonce ? `script-src 'nonce-${nonce}'; ` : ""
    }frame-ancestors 'none'`,
  });
  res.end(page);
}

/** The HTTP-POST binding: a form the browser submits at once (a button without JavaScript). */
function postForm(res: ServerResponse, action: string, fields: Record<string, string | null>) {
  const nonce = randomBytes(16).toString("base64");
  const inputs = Object.entries(fields).filter(([, v]) => v !== null)
    .map(([k, v]) => `<input type="hidden" name="${k}" value="${escapeHtml(v!)}">`).join("");
  send(
    res,
    200,
    html(
      "Identita občana – přesměrování",
      `<form method="post" action="${escapeHtml(action)}">${inputs}` +
        `<p>Pokud se stránka nepřesměruje sama, pokračujte tlačítkem.</p>` +
        `<button type="submit">Pokračovat</button></form>`,
      nonce,
    ),
    nonce,
  );
}

async function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += chunk.length;
    if (size > 1_000_000) throw new Error("too large");
    chunks.push(chunk as Buffer);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString("utf8"));
}

function loopbackUrl(value: string | null): URL | undefined {
  if (!value) return undefined;
  try {
    const u = new URL(value);
    return u.protocol === "http:" && LOOPBACK.test(u.hostname) && !u.username ? u : undefined;
  } catch {
    return undefined;
  }
}

/** Inflates and parses a message of the HTTP-Redirect binding. */
function redirectMessage(value: string | null) {
  if (!value) return undefined;
  try {
    const xml = inflateRawSync(Buffer.from(value, "base64")).toString("utf8");
    const doc = new DOMParser().parseFromString(xml, "text/xml");
    const root = doc.documentElement;
    if (!root) return undefined;
    const text = (local: string) =>
      root.getElementsByTagNameNS("*", local)[0]?.textContent?.trim() ?? null;
    return {
      name: root.localName,
      id: root.getAttribute("ID"),
      acs: root.getAttribute("AssertionConsumerServiceURL"),
      issuer: text("Issuer"),
      asked: text("AuthnContextClassRef"),
      nameId: text("NameID"),
      sessionIndex: text("SessionIndex"),
    };
  } catch {
    return undefined;
  }
}

function personDetails(p: TestPerson): string {
  const a = p.address;
  return `narozen(a) ${p.birthdate}, ${a.street}, ${a.postalCode} ${a.locality}`;
}

function loginPage(uid: string, sp: string, asked: string | null): string {
  const items = TEST_PERSONS.map((p) => {
    const name = `${p.givenName} ${p.familyName}`;
    return `<li><button type="submit" name="person" value="${escapeHtml(p.sub)}" ` +
      `aria-describedby="d-${escapeHtml(p.sub)}">Přihlásit jako ${escapeHtml(name)} ` +
      `(úroveň ${LOA_CS[p.loa]})</button>` +
      `<span class="details" id="d-${escapeHtml(p.sub)}">${
        escapeHtml(personDetails(p))
      }</span></li>`;
  }).join("");
  const level = Object.entries(EIDAS_LOA_URI).find(([, uri]) => uri === asked)?.[0] as
    | keyof typeof LOA_CS
    | undefined;
  return html(
    "Identita občana – testovací poskytovatel",
    `<p class="note">Toto je testovací poskytovatel identity (SAML2) pro vývoj a testy. ` +
      `Osoby jsou smyšlené.</p>` +
      `<p>Služba <strong>${escapeHtml(sp)}</strong> žádá o ověření vaší totožnosti` +
      (level ? ` s úrovní záruky alespoň <strong>${LOA_CS[level]}</strong>` : "") +
      `. Vyberte osobu, za kterou se chcete přihlásit.</p>` +
      `<form method="post" action="${SSO_PATH}/login"><input type="hidden" name="uid" value="${uid}">` +
      `<fieldset style="border:0;padding:0"><legend>Testovací osoby</legend><ul>${items}</ul>` +
      `</fieldset></form>` +
      `<form method="post" action="${SSO_PATH}/abort"><input type="hidden" name="uid" value="${uid}">` +
      `<button type="submit" class="secondary">Zrušit přihlášení</button></form>`,
  );
}

async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? "/", base);
  if (url.pathname === "/favicon.ico") {
    res.writeHead(204).end(); // no icon, and no 404 in the browser's console
    return;
  }
  if (req.method === "GET" && url.pathname === METADATA_PATH) {
    res.writeHead(200, {
      "content-type": "application/samlmetadata+xml",
      "cache-control": "public, max-age=300",
    });
    res.end(idpMetadataXml({
      entityId,
      ssoUrl: base + SSO_PATH,
      sloUrl: base + SLO_PATH,
      signingCert: keys.signingCert,
    }));
    return;
  }
  if (req.method === "GET" && url.pathname === SSO_PATH) {
    const msg = redirectMessage(url.searchParams.get("SAMLRequest"));
    const acs = loopbackUrl(msg?.acs ?? null);
    if (!msg || msg.name !== "AuthnRequest" || !msg.id || !acs || !msg.issuer) {
      return send(res, 400, html("Neplatný požadavek", "<p>Požadavek SAML nelze přečíst.</p>"));
    }
    const uid = randomBytes(16).toString("hex");
    pending.set(uid, {
      requestId: msg.id,
      acs: acs.href,
      sp: msg.issuer,
      relayState: url.searchParams.get("RelayState"),
      asked: msg.asked,
      at: Date.now(),
    });
    return send(res, 200, loginPage(uid, msg.issuer, msg.asked));
  }
  if (
    req.method === "POST" && (url.pathname === `${SSO_PATH}/login` ||
      url.pathname === `${SSO_PATH}/abort`)
  ) {
    const form = await readForm(req);
    const p = pending.get(form.get("uid") ?? "");
    if (!p || Date.now() - p.at > 10 * 60_000) {
      return send(res, 400, html("Přihlášení vypršelo", "<p>Začněte znovu na portálu.</p>"));
    }
    pending.delete(form.get("uid")!);
    if (url.pathname.endsWith("/abort")) {
      const xml = `<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" ` +
        `xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="${newId()}" Version="2.0" ` +
        `IssueInstant="${new Date().toISOString()}" Destination="${escapeHtml(p.acs)}" ` +
        `InResponseTo="${escapeHtml(p.requestId)}"><saml:Issuer>${escapeHtml(entityId)}` +
        `</saml:Issuer><samlp:Status><samlp:StatusCode ` +
        `Value="urn:oasis:names:tc:SAML:2.0:status:Responder"><samlp:StatusCode ` +
        `Value="urn:oasis:names:tc:SAML:2.0:status:AuthnFailed"/></samlp:StatusCode>` +
        `</samlp:Status></samlp:Response>`;
      return postForm(res, p.acs, {
        SAMLResponse: Buffer.from(xml).toString("base64"),
        RelayState: p.relayState,
      });
    }
    const person = TEST_PERSONS.find((t) => t.sub === form.get("person"));
    if (!person) return send(res, 400, html("Neznámá osoba", "<p>Vyberte osobu ze seznamu.</p>"));
    const sessionIndex = newId();
    const a = person.address;
    const SAMLResponse = await buildSignedEncryptedResponse(keys, spEncryptionCert, {
      issuer: entityId,
      audience: p.sp,
      destination: p.acs,
      inResponseTo: p.requestId,
      sessionIndex,
      loa: person.loa,
      person: {
        subject: person.sub,
        givenName: person.givenName,
        familyName: person.familyName,
        birthDate: person.birthdate,
        address: `${a.street}, ${a.postalCode} ${a.locality}`,
        email: person.email,
      },
    });
    sessions.set(sessionIndex, {
      index: sessionIndex,
      nameId: person.sub,
      sp: p.sp,
      slo: new URL("/saml/slo", p.acs).href,
      name: `${person.givenName} ${person.familyName}`,
    });
    return postForm(res, p.acs, { SAMLResponse, RelayState: p.relayState });
  }
  if (req.method === "GET" && url.pathname === SLO_PATH) {
    // The SP's LogoutRequest (HTTP-Redirect): end its sessions here and answer by HTTP-POST.
    const msg = redirectMessage(url.searchParams.get("SAMLRequest"));
    if (!msg || msg.name !== "LogoutRequest" || !msg.id || !msg.issuer) {
      return send(res, 400, html("Neplatný požadavek", "<p>Požadavek SAML nelze přečíst.</p>"));
    }
    let slo: string | undefined;
    for (const s of sessions.values()) {
      if (s.sp === msg.issuer && s.nameId === msg.nameId) {
        slo = s.slo;
        sessions.delete(s.index);
      }
    }
    slo ??= loopbackUrl(msg.issuer) ? new URL("/saml/slo", msg.issuer).href : undefined;
    if (!slo) return send(res, 200, html("Odhlášeno", "<p>Byli jste odhlášeni.</p>"));
    return postForm(res, slo, {
      SAMLResponse: buildLogoutResponse(keys, {
        issuer: entityId,
        destination: slo,
        inResponseTo: msg.id,
      }),
      RelayState: url.searchParams.get("RelayState"),
    });
  }
  if (req.method === "GET" && url.pathname === "/FPSTS/saml2/sessions") {
    const items = [...sessions.values()].map((s) =>
      `<li><form method="post" action="/FPSTS/saml2/sessions/logout">` +
      `<input type="hidden" name="index" value="${escapeHtml(s.index)}">` +
      `<button type="submit">Odhlásit ${escapeHtml(s.name)} ze služby ${
        escapeHtml(s.sp)
      }</button></form></li>`
    ).join("");
    return send(
      res,
      200,
      html("Identita občana – přihlášení", items ? `<ul>${items}</ul>` : "<p>Nikdo.</p>"),
    );
  }
  if (req.method === "POST" && url.pathname === "/FPSTS/saml2/sessions/logout") {
    const form = await readForm(req);
    const s = sessions.get(form.get("index") ?? "");
    if (!s) return send(res, 404, html("Nenalezeno", "<p>Takové přihlášení není.</p>"));
    sessions.delete(s.index);
    return postForm(res, s.slo, {
      SAMLRequest: buildLogoutRequest(keys, {
        issuer: entityId,
        destination: s.slo,
        nameId: s.nameId,
        sessionIndex: s.index,
      }),
    });
  }
  send(res, 404, html("Nenalezeno", "<p>Tato adresa neexistuje.</p>"));
}

const server = createServer((req, res) => {
  handle(req, res).catch((e) => {
    console.error(JSON.stringify({ msg: "nia provider error", error: String(e) }));
    if (!res.headersSent) send(res, 500, html("Chyba", "<p>Chyba testovacího poskytovatele.</p>"));
  });
});
server.listen(port, "127.0.0.1", () => {
  console.log(JSON.stringify({ msg: "nia provider started", entityId }));
});
for (const sig of ["SIGTERM", "SIGINT"] as const) {
  process.on(sig, () => server.close(() => process.exit(0)));
}
