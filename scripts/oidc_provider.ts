/**
 * A local OpenID provider that stands in for Bank iD and MojeID in development and tests: the
 * real protocol (`oidc-provider`), invented people. (NIA speaks SAML2 only: its stand-in is
 * scripts/nia_provider.ts.)
 *
 *   OIDC_PORT=9090 OIDC_ISSUER=http://localhost:9090 \
 *   OIDC_CLIENTS='[{"client_id":"portal-bankid","client_secret":"…","redirect_uris":["…"]}]' \
 *   node --import tsx scripts/oidc_provider.ts
 *
 * - Authorization code flow only, PKCE with S256 required for every client; ID tokens signed
 *   RS256 with a key generated at start (dev only: tokens do not survive a restart, nothing does —
 *   the provider keeps everything in memory).
 * - Claims as the banks' identity gives them: `given_name`, `family_name`, `birthdate`, `address` (the OIDC
 *   address object), `email`; the level of assurance is the ID token's `acr`, one of the eIDAS
 *   URIs `http://eidas.europa.eu/LoA/low|substantial|high`.
 * - The login page lists the seeded test persons; a person is chosen every time (no single
 *   sign-on between logins, so that a test or a demo can switch persons). Consent is automatic:
 *   every client is the portal itself.
 * - Redirect URIs: exact as registered, and — because the portal runs on random ports in tests
 *   and on several town host names — any loopback origin (`localhost`, `*.localhost`,
 *   `127.0.0.1`, `[::1]`, any port) with the path (and query) of a registered redirect URI. A
 *   real provider would never allow that; it is acceptable for a stand-in that listens on the
 *   loopback interface only.
 *
 * Prints `{"msg":"oidc provider started","issuer":…}` once listening; exits on SIGTERM/SIGINT.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { generateKeyPairSync, randomBytes } from "node:crypto";
import process from "node:process";
import { Buffer } from "node:buffer";
import Provider, { interactionPolicy } from "oidc-provider";
import type { LevelOfAssurance } from "../domain/identity.ts";

// --- Test persons ----------------------------------------------------------------------------

const EIDAS_LOA: Readonly<Record<LevelOfAssurance, string>> = {
  low: "http://eidas.europa.eu/LoA/low",
  substantial: "http://eidas.europa.eu/LoA/substantial",
  high: "http://eidas.europa.eu/LoA/high",
};

const LOA_CS: Readonly<Record<LevelOfAssurance, string>> = {
  low: "nízká",
  substantial: "značná",
  high: "vysoká",
};

import { TEST_PERSONS, type TestPerson } from "./nia/persons.ts";

function addressClaim(p: TestPerson) {
  const { street, postalCode, locality } = p.address;
  return {
    formatted: `${street}, ${postalCode} ${locality}`,
    street_address: street,
    locality,
    postal_code: postalCode,
    country: "CZ",
  };
}

// --- Configuration ---------------------------------------------------------------------------

interface ClientSpec {
  client_id: string;
  client_secret: string;
  redirect_uris: string[];
}

function readClients(): ClientSpec[] {
  const raw = process.env.OIDC_CLIENTS;
  if (!raw) throw new Error("OIDC_CLIENTS is not set (JSON: [{client_id, client_secret, …}])");
  const list = JSON.parse(raw) as ClientSpec[];
  if (!Array.isArray(list) || list.length === 0) {
    throw new Error("OIDC_CLIENTS must be a non-empty JSON array");
  }
  for (const c of list) {
    if (
      typeof c.client_id !== "string" || typeof c.client_secret !== "string" ||
      !Array.isArray(c.redirect_uris) || c.redirect_uris.length === 0
    ) throw new Error(`OIDC_CLIENTS: invalid entry ${JSON.stringify(c)}`);
  }
  return list;
}

const LOOPBACK = /^(localhost|[a-z0-9-]+\.localhost|127\.0\.0\.1|\[::1\])$/;

/** The part of a loopback http URI that must match: path and query; undefined otherwise. */
function loopbackPath(uri: string): string | undefined {
  let u: URL;
  try {
    u = new URL(uri);
  } catch {
    return undefined;
  }
  if (u.protocol !== "http:" || !LOOPBACK.test(u.hostname) || u.username || u.password) {
    return undefined;
  }
  if (u.hash) return undefined;
  return u.pathname + u.search;
}

// --- Pages -----------------------------------------------------------------------------------

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const STYLE = `
body{font-family:system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem;
line-height:1.5;color:#1b1b1b}
h1{font-size:1.6rem;color:#2362a2}
.note{background:#fff4d6;border-left:4px solid #d9a400;padding:.5rem 1rem}
ul{list-style:none;padding:0}li{margin:0 0 1rem}
button{font:inherit;padding:.6rem 1rem;border:2px solid #2362a2;border-radius:4px;
background:#2362a2;color:#fff;cursor:pointer}
button.secondary{background:#fff;color:#2362a2}
button:focus-visible{outline:3px solid #d9a400;outline-offset:2px}
.details{display:block;color:#474747;font-size:.95rem}
`;

function loginPage(uid: string, clientId: string): string {
  const items = TEST_PERSONS.map((p) => {
    const name = `${p.givenName} ${p.familyName}`;
    const details = `narozen(a) ${p.birthdate}, ${addressClaim(p).formatted}`;
    return `<li><button type="submit" name="person" value="${escapeHtml(p.sub)}" ` +
      `aria-describedby="d-${escapeHtml(p.sub)}">Přihlásit jako ${escapeHtml(name)} ` +
      `(úroveň ${LOA_CS[p.loa]})</button>` +
      `<span class="details" id="d-${escapeHtml(p.sub)}">${escapeHtml(details)}</span></li>`;
  }).join("\n");
  return `<!doctype html>
<html lang="cs">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Bank iD a MojeID – testovací poskytovatel</title>
<style>${STYLE}</style>
</head>
<body>
<main>
<h1>Bank iD a MojeID – testovací poskytovatel</h1>
<p class="note">Toto je testovací poskytovatel identity pro vývoj a testy. Osoby jsou smyšlené.</p>
<p>Služba <strong>${escapeHtml(clientId)}</strong> žádá o ověření vaší totožnosti. Vyberte osobu,
za kterou se chcete přihlásit.</p>
<form method="post" action="/interaction/${escapeHtml(uid)}/login">
<fieldset style="border:0;padding:0">
<legend>Testovací osoby</legend>
<ul>
${items}
</ul>
</fieldset>
</form>
<form method="post" action="/interaction/${escapeHtml(uid)}/abort">
<button type="submit" class="secondary">Zrušit přihlášení</button>
</form>
</main>
</body>
</html>`;
}

function messagePage(title: string, text: string): string {
  return `<!doctype html><html lang="cs"><head><meta charset="utf-8">` +
    `<meta name="viewport" content="width=device-width, initial-scale=1">` +
    `<title>${escapeHtml(title)}</title><style>${STYLE}</style></head>` +
    `<body><main><h1>${escapeHtml(title)}</h1><p>${escapeHtml(text)}</p></main></body></html>`;
}

function send(res: ServerResponse, status: number, html: string): void {
  res.writeHead(status, {
    "content-type": "text/html; charset=utf-8",
    "cache-control": "no-store",
    // No form-action: Chromium applies it to the redirects after a submit, and the login's
    // last redirect goes to the portal, another origin.
    "content-security-policy":
      "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'",
  });
  res.end(html);
}

async function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > 16 * 1024) throw new Error("form too large");
    chunks.push(chunk as Buffer);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString("utf8"));
}

// --- Provider --------------------------------------------------------------------------------

const SCOPES = "openid profile address email";

function createProvider(issuer: string, clients: ClientSpec[]) {
  const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const jwk = { ...privateKey.export({ format: "jwk" }), use: "sig", alg: "RS256", kid: "dev-1" };
  const clientIds = new Set(clients.map((c) => c.client_id));

  // The base policy, with the login prompt requested on every authorization request: a test
  // person is chosen each time (the Check is satisfied once this request's login is done).
  const policy = interactionPolicy.base();
  policy.get("login").checks.add(
    new interactionPolicy.Check(
      "choose_person",
      "the test provider asks for a person every time",
      // deno-lint-ignore no-explicit-any
      (ctx: any) => ctx.oidc.result?.login ? false : true,
    ),
  );

  const provider = new Provider(issuer, {
    clients: clients.map((c) => ({
      client_id: c.client_id,
      client_secret: c.client_secret,
      redirect_uris: c.redirect_uris,
      grant_types: ["authorization_code"],
      response_types: ["code"],
      token_endpoint_auth_method: "client_secret_basic",
      id_token_signed_response_alg: "RS256",
    })),
    jwks: { keys: [jwk] },
    pkce: { required: () => true },
    scopes: ["openid", "profile", "address", "email"],
    claims: {
      acr: null,
      auth_time: null,
      iss: null,
      sid: null,
      // `acr` with every ID token (as NIA does), not only when the client sends acr_values.
      openid: ["sub", "acr"],
      profile: ["given_name", "family_name", "birthdate"],
      address: ["address"],
      email: ["email", "email_verified"],
    },
    acrValues: Object.values(EIDAS_LOA),
    responseTypes: ["code"],
    features: {
      devInteractions: { enabled: false },
      userinfo: { enabled: true },
      claimsParameter: { enabled: false },
      revocation: { enabled: false },
    },
    cookies: {
      keys: [randomBytes(32).toString("base64url")],
      names: {
        session: "test_idp_session",
        interaction: "test_idp_interaction",
        resume: "test_idp_resume",
      },
    },
    ttl: {
      AccessToken: 600,
      AuthorizationCode: 60,
      IdToken: 600,
      Interaction: 600,
      Session: 3600,
      Grant: 3600,
    },
    interactions: {
      policy,
      // deno-lint-ignore no-explicit-any
      url: (_ctx: any, interaction: any) => `/interaction/${interaction.uid}`,
    },
    // deno-lint-ignore no-explicit-any
    findAccount(_ctx: any, sub: string) {
      const person = TEST_PERSONS.find((p) => p.sub === sub);
      if (!person) return undefined;
      return {
        accountId: sub,
        claims: () => ({
          sub,
          given_name: person.givenName,
          family_name: person.familyName,
          birthdate: person.birthdate,
          address: addressClaim(person),
          email: person.email,
          email_verified: true,
        }),
      };
    },
    // Automatic consent: every registered client is the portal, so what it asks is granted.
    // deno-lint-ignore no-explicit-any
    async loadExistingGrant(ctx: any) {
      const { oidc } = ctx;
      const grantId = oidc.result?.consent?.grantId ||
        oidc.session.grantIdFor(oidc.client.clientId);
      if (grantId) {
        const existing = await oidc.provider.Grant.find(grantId);
        if (existing && existing.accountId === oidc.session.accountId) return existing;
      }
      if (!clientIds.has(oidc.client.clientId)) return undefined;
      const grant = new oidc.provider.Grant({
        clientId: oidc.client.clientId,
        accountId: oidc.session.accountId,
      });
      grant.addOIDCScope(SCOPES);
      await grant.save();
      return grant;
    },
    renderError(ctx: { type: string; body: string }, out: Record<string, string>) {
      ctx.type = "html";
      ctx.body = messagePage(
        "Přihlášení se nezdařilo",
        `Poskytovatel identity odmítl požadavek: ${out.error}` +
          (out.error_description ? ` (${out.error_description})` : ""),
      );
    },
  });

  // Dev stand-in only (see the header): loopback redirect URIs on any host name and port.
  const client = provider.Client.prototype;
  const exact = client.redirectUriAllowed;
  client.redirectUriAllowed = function (this: { redirectUris: string[] }, value: string) {
    if (exact.call(this, value)) return true;
    const path = loopbackPath(value);
    return path !== undefined && this.redirectUris.some((uri) => loopbackPath(uri) === path);
  };
  return provider;
}

/** `/interaction/<uid>[/login|/abort]`: the login page and what it posts. */
async function interaction(
  // deno-lint-ignore no-explicit-any
  provider: any,
  req: IncomingMessage,
  res: ServerResponse,
  uid: string,
  action: string | undefined,
): Promise<void> {
  let details;
  try {
    details = await provider.interactionDetails(req, res);
  } catch {
    return send(
      res,
      400,
      messagePage(
        "Přihlášení vypršelo",
        "Platnost přihlášení vypršela. Vraťte se do portálu a začněte znovu.",
      ),
    );
  }
  if (details.uid !== uid) return send(res, 400, messagePage("Chyba", "Neplatný požadavek."));
  if (!action && req.method === "GET") {
    return send(res, 200, loginPage(uid, String(details.params.client_id ?? "")));
  }
  if (req.method !== "POST") return send(res, 405, messagePage("Chyba", "Nepovolená metoda."));
  if (action === "abort") {
    return await provider.interactionFinished(req, res, {
      error: "access_denied",
      error_description: "Přihlášení zrušil uživatel.",
    }, { mergeWithLastSubmission: false });
  }
  const form = await readForm(req);
  const person = TEST_PERSONS.find((p) => p.sub === form.get("person"));
  if (!person) return send(res, 400, loginPage(uid, String(details.params.client_id ?? "")));
  await provider.interactionFinished(req, res, {
    login: { accountId: person.sub, acr: EIDAS_LOA[person.loa], amr: ["pwd"], remember: false },
  }, { mergeWithLastSubmission: false });
}

function main(): void {
  const port = Number(process.env.OIDC_PORT ?? 9090);
  const issuer = (process.env.OIDC_ISSUER ?? `http://localhost:${port}`).replace(/\/$/, "");
  const provider = createProvider(issuer, readClients());
  const callback = provider.callback();
  const handle = (req: IncomingMessage, res: ServerResponse) => {
    const path = (req.url ?? "/").split("?")[0];
    if (path === "/favicon.ico") {
      res.writeHead(204).end(); // no icon, and no 404 in the browser's console
      return;
    }
    const m = /^\/interaction\/([A-Za-z0-9_-]+)(?:\/(login|abort))?$/.exec(path);
    if (!m) return callback(req, res);
    interaction(provider, req, res, m[1], m[2]).catch((e) => {
      console.error(JSON.stringify({ msg: "interaction failed", error: String(e) }));
      if (!res.headersSent) send(res, 500, messagePage("Chyba", "Interní chyba poskytovatele."));
    });
  };

  // Loopback only; both address families, since `localhost` may resolve to either.
  const servers: Server[] = [];
  const listen = (host: string) =>
    new Promise<void>((resolve, reject) => {
      const server = createServer(handle);
      server.once("error", reject);
      server.listen(port, host, () => {
        servers.push(server);
        resolve();
      });
    });
  listen("127.0.0.1").then(async () => {
    await listen("::1").catch(() => {}); // no IPv6 loopback: fine
    console.log(JSON.stringify({ msg: "oidc provider started", issuer, port }));
  }).catch((e) => {
    console.error(JSON.stringify({ msg: "oidc provider failed to start", error: String(e) }));
    process.exit(1);
  });

  const stop = () => {
    for (const server of servers) {
      server.close();
      server.closeAllConnections();
    }
    process.exit(0);
  };
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
}

main();
