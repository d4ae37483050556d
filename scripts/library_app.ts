/**
 * "Moje výpůjčky" — a tiny demo agenda application of the town library that signs people in
 * through the portal (the town's OpenID provider, issue 16): openid-client with PKCE, state and
 * nonce; the person's name from userinfo; demo loans keyed by the pairwise subject the portal
 * gives this application; back-channel logout (a signed `logout_token` from the portal ends the
 * sessions of that `sid`/`sub`); and signing out of the portal too from here (RP-Initiated
 * Logout: the portal's `end_session_endpoint` with the ID token as hint, back to `/?odhlaseno`).
 * Sessions are in memory: it is a demo.
 *
 *   LIBRARY_PORT=8010 LIBRARY_ISSUER=http://localhost:8000/oidc \
 *   LIBRARY_CLIENT_ID=… LIBRARY_CLIENT_SECRET=… deno run -A scripts/library_app.ts
 *
 * `npm start` runs it with the demo town's client (registered by the seed). Prints
 * `{"msg":"library app started",…}` once listening.
 */
import * as oidc from "openid-client";
import { createRemoteJWKSet, jwtVerify } from "jose";

export interface LibraryOptions {
  port: number;
  /** The portal's issuer, e.g. http://localhost:8000/oidc */
  issuer: string;
  clientId: string;
  /** Absent: a public client (PKCE only). */
  clientSecret?: string;
  /** This app's origin as the browser sees it (default http://localhost:<port>). */
  origin?: string;
}

interface Session {
  sub: string;
  sid: string | null;
  name: string;
  agendas: string[];
  /** The ID token, the hint of a logout request to the portal. */
  idToken: string;
}

const BOOKS = [
  ["Babička", "Božena Němcová"],
  ["Krakatit", "Karel Čapek"],
  ["Saturnin", "Zdeněk Jirotka"],
  ["Obsluhoval jsem anglického krále", "Bohumil Hrabal"],
  ["Spalovač mrtvol", "Ladislav Fuks"],
  ["Petrolejové lampy", "Jaroslav Havlíček"],
  ["Válka s mloky", "Karel Čapek"],
  ["Kytice", "Karel Jaromír Erben"],
] as const;

/** Demo loans for a subject: the same subject always borrowed the same books. */
export async function loansOf(
  sub: string,
): Promise<{ title: string; author: string; due: string }[]> {
  const bytes = new Uint8Array(
    await crypto.subtle.digest("SHA-256", new TextEncoder().encode(sub)),
  );
  const count = 2 + (bytes[0] % 3);
  const picked = new Set<number>();
  for (let i = 1; picked.size < count; i++) picked.add(bytes[i] % BOOKS.length);
  return [...picked].map((b, i) => {
    const due = new Date(Date.UTC(2026, 11, 1 + 7 + (bytes[10 + i] % 21)));
    return { title: BOOKS[b][0], author: BOOKS[b][1], due: due.toISOString().slice(0, 10) };
  });
}

function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const STYLE = `
body{font-family:system-ui,sans-serif;max-width:44rem;margin:0 auto;padding:1rem;line-height:1.5;
color:#1b1b1b;background:#fff}
header{border-bottom:4px solid #7a3e00;margin-bottom:1rem}
h1{font-size:1.6rem;color:#5c2e00}
table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:.4rem;border-bottom:1px solid #767676}
a,button{font:inherit}a{color:#5c2e00}
.button{display:inline-block;padding:.6rem 1rem;border:2px solid #5c2e00;border-radius:4px;
background:#5c2e00;color:#fff;text-decoration:none;cursor:pointer}
.button.secondary{background:#fff;color:#5c2e00}
a:focus-visible,button:focus-visible{outline:3px solid #1b1b1b;outline-offset:2px}
.note{background:#f3efe9;border-left:4px solid #5c2e00;padding:.5rem 1rem}
`;

/**
 * The page's CSP; `formTo` is another origin a form may lead to (browsers apply `form-action` to
 * the whole redirect chain of a form's POST: "Odhlásit se i z Portálu občana" ends at the portal).
 */
function csp(formTo = ""): string {
  return "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; " +
    `form-action 'self'${formTo ? ` ${formTo}` : ""}`;
}

function html(title: string, body: string, status = 200, headers: HeadersInit = {}): Response {
  return new Response(
    `<!doctype html><html lang="cs"><head><meta charset="utf-8">` +
      `<meta name="viewport" content="width=device-width, initial-scale=1">` +
      `<title>${esc(title)} – Městská knihovna</title><style>${STYLE}</style></head><body>` +
      `<header><p><strong>Městská knihovna</strong> · ukázková aplikace</p></header>` +
      `<main>${body}</main></body></html>`,
    {
      status,
      headers: {
        "content-type": "text/html; charset=utf-8",
        "cache-control": "no-store",
        "content-security-policy": csp(),
        ...headers,
      },
    },
  );
}

function cookie(req: Request, name: string): string | undefined {
  const raw = req.headers.get("cookie") ?? "";
  for (const part of raw.split(";")) {
    const [k, ...v] = part.trim().split("=");
    if (k === name) return v.join("=");
  }
  return undefined;
}

const SESSION = "knihovna_session";
const LOGIN = "knihovna_login";

/** Serves the library app; returns the server (stop with `shutdown()`). */
export function startLibraryApp(o: LibraryOptions): Deno.HttpServer<Deno.NetAddr> {
  const origin = o.origin ?? `http://localhost:${o.port}`;
  const redirectUri = `${origin}/callback`;
  const sessions = new Map<string, Session>();
  const pending = new Map<string, { verifier: string; state: string; nonce: string }>();
  let config: Promise<oidc.Configuration> | undefined;
  const issuerUrl = new URL(o.issuer);
  const discover = () =>
    config ??= oidc.discovery(
      issuerUrl,
      o.clientId,
      o.clientSecret,
      o.clientSecret ? oidc.ClientSecretBasic(o.clientSecret) : oidc.None(),
      issuerUrl.protocol === "http:" ? { execute: [oidc.allowInsecureRequests] } : undefined,
    ).catch((e) => {
      config = undefined;
      throw e;
    });
  const jwks = createRemoteJWKSet(new URL(`${o.issuer}/jwks`));

  async function home(req: Request): Promise<Response> {
    const s = sessions.get(cookie(req, SESSION) ?? "");
    const ended = new URL(req.url).searchParams.has("odhlaseno");
    if (!s) {
      return html(
        "Moje výpůjčky",
        `<h1>Moje výpůjčky</h1>` +
          (ended ? `<p class="note" role="status">Byli jste odhlášeni.</p>` : "") +
          `<p>Přehled vašich výpůjček v městské knihovně. Přihlaste se účtem Portálu občana.</p>` +
          `<p><a class="button" href="/login">Přihlásit se přes Portál občana</a></p>`,
      );
    }
    const loans = await loansOf(s.sub);
    const rows = loans.map((l) =>
      `<tr><th scope="row">${esc(l.title)}</th><td>${esc(l.author)}</td>` +
      `<td>${l.due.split("-").reverse().map(Number).join(". ")}</td></tr>`
    ).join("");
    return html(
      "Moje výpůjčky",
      `<h1>Moje výpůjčky</h1><p>Přihlášen(a): <strong>${esc(s.name)}</strong></p>` +
        (s.agendas.includes("knihovna")
          ? `<p>Máte ověřené oprávnění pro agendu knihovny.</p>`
          : "") +
        `<table><caption>Vypůjčené knihy</caption><thead><tr><th scope="col">Titul</th>` +
        `<th scope="col">Autor</th><th scope="col">Vrátit do</th></tr></thead>` +
        `<tbody>${rows}</tbody></table>` +
        `<form method="post" action="/logout"><p><button class="button secondary" type="submit">` +
        `Odhlásit se z knihovny</button></p></form>` +
        `<form method="post" action="/logout?vsude"><p><button class="button secondary" ` +
        `type="submit">Odhlásit se i z Portálu občana</button></p></form>`,
      200,
      { "content-security-policy": csp(issuerUrl.origin) },
    );
  }

  async function login(): Promise<Response> {
    const cfg = await discover();
    const verifier = oidc.randomPKCECodeVerifier();
    const state = oidc.randomState();
    const nonce = oidc.randomNonce();
    const id = oidc.randomState();
    pending.set(id, { verifier, state, nonce });
    const url = oidc.buildAuthorizationUrl(cfg, {
      redirect_uri: redirectUri,
      scope: "openid profile agendas",
      code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
      code_challenge_method: "S256",
      state,
      nonce,
    });
    return new Response(null, {
      status: 303,
      headers: {
        location: url.href,
        "set-cookie": `${LOGIN}=${id}; Path=/; HttpOnly; SameSite=Lax; Max-Age=600`,
      },
    });
  }

  async function callback(req: Request): Promise<Response> {
    const id = cookie(req, LOGIN) ?? "";
    const p = pending.get(id);
    pending.delete(id);
    if (!p) {
      return html("Chyba", `<h1>Přihlášení vypršelo</h1><p><a href="/">Zkusit znovu</a></p>`, 400);
    }
    const cfg = await discover();
    let tokens;
    try {
      tokens = await oidc.authorizationCodeGrant(cfg, new URL(req.url, origin), {
        pkceCodeVerifier: p.verifier,
        expectedState: p.state,
        expectedNonce: p.nonce,
      });
    } catch (e) {
      console.error(
        JSON.stringify({ msg: "library login failed", error: String(e).slice(0, 200) }),
      );
      return html(
        "Chyba",
        `<h1>Přihlášení se nezdařilo</h1><p><a href="/">Zkusit znovu</a></p>`,
        400,
      );
    }
    const claims = tokens.claims()!;
    const info = await oidc.fetchUserInfo(cfg, tokens.access_token, claims.sub);
    const sessionId = oidc.randomState();
    sessions.set(sessionId, {
      sub: claims.sub,
      sid: typeof claims.sid === "string" ? claims.sid : null,
      name: [info.given_name, info.family_name].filter(Boolean).join(" ") || "neznámý čtenář",
      agendas: Array.isArray(info.agendas) ? info.agendas as string[] : [],
      idToken: tokens.id_token ?? "",
    });
    const headers = new Headers({ location: "/" });
    headers.append("set-cookie", `${SESSION}=${sessionId}; Path=/; HttpOnly; SameSite=Lax`);
    headers.append("set-cookie", `${LOGIN}=; Path=/; Max-Age=0`);
    return new Response(null, { status: 303, headers });
  }

  /** OpenID Connect Back-Channel Logout 1.0, section 2.6: validate, then end the sessions. */
  async function backchannel(req: Request): Promise<Response> {
    let token: string;
    try {
      token = String((await req.formData()).get("logout_token") ?? "");
    } catch {
      return new Response("invalid_request", { status: 400 });
    }
    try {
      const { payload } = await jwtVerify(token, jwks, {
        issuer: o.issuer,
        audience: o.clientId,
        typ: "logout+jwt",
        maxTokenAge: "5m",
      });
      const events = payload.events as Record<string, unknown> | undefined;
      if (
        !events?.["http://schemas.openid.net/event/backchannel-logout"] || "nonce" in payload ||
        (!payload.sub && !payload.sid)
      ) throw new Error("not a logout token");
      let ended = 0;
      for (const [id, s] of sessions) {
        if ((payload.sid && s.sid === payload.sid) || (!payload.sid && s.sub === payload.sub)) {
          sessions.delete(id);
          ended++;
        }
      }
      console.log(JSON.stringify({ msg: "back-channel logout", sessions: ended }));
      return new Response(null, { status: 200, headers: { "cache-control": "no-store" } });
    } catch (e) {
      console.error(
        JSON.stringify({ msg: "logout token refused", error: String(e).slice(0, 200) }),
      );
      return new Response("invalid_request", { status: 400 });
    }
  }

  const handler = async (req: Request): Promise<Response> => {
    const { pathname } = new URL(req.url);
    try {
      if (req.method === "GET" && pathname === "/") return await home(req);
      if (req.method === "GET" && pathname === "/login") return await login();
      if (req.method === "GET" && pathname === "/callback") return await callback(req);
      if (req.method === "POST" && pathname === "/backchannel-logout") {
        return await backchannel(req);
      }
      if (req.method === "POST" && pathname === "/logout") {
        if (req.headers.get("origin") && req.headers.get("origin") !== origin) {
          return new Response("forbidden", { status: 403 });
        }
        const id = cookie(req, SESSION) ?? "";
        const s = sessions.get(id);
        sessions.delete(id);
        // "Everywhere": the portal asks the person and ends its session (and so every app's),
        // then sends them back to the address registered for this app.
        const location = s?.idToken && new URL(req.url).searchParams.has("vsude")
          ? oidc.buildEndSessionUrl(await discover(), {
            id_token_hint: s.idToken,
            post_logout_redirect_uri: `${origin}/?odhlaseno`,
          }).href
          : "/?odhlaseno";
        return new Response(null, {
          status: 303,
          headers: { location, "set-cookie": `${SESSION}=; Path=/; Max-Age=0` },
        });
      }
      if (pathname === "/favicon.ico") return new Response(null, { status: 204 });
      return html("Nenalezeno", `<h1>Stránka nenalezena</h1><p><a href="/">Zpět</a></p>`, 404);
    } catch (e) {
      console.error(
        JSON.stringify({ msg: "library request failed", error: String(e).slice(0, 200) }),
      );
      return html(
        "Chyba",
        `<h1>Služba je dočasně nedostupná</h1><p>Portál občana neodpovídá. Zkuste to za chvíli.</p>`,
        503,
      );
    }
  };

  return Deno.serve({
    port: o.port,
    hostname: "127.0.0.1",
    onListen: ({ port }) =>
      console.log(JSON.stringify({ msg: "library app started", port, origin, issuer: o.issuer })),
  }, handler);
}

if (import.meta.main) {
  const need = (name: string) => {
    const v = Deno.env.get(name);
    if (!v) throw new Error(`${name} is not set`);
    return v;
  };
  const server = startLibraryApp({
    port: Number(Deno.env.get("LIBRARY_PORT") ?? 8010),
    issuer: need("LIBRARY_ISSUER"),
    clientId: need("LIBRARY_CLIENT_ID"),
    clientSecret: Deno.env.get("LIBRARY_CLIENT_SECRET") || undefined,
    origin: Deno.env.get("LIBRARY_ORIGIN") || undefined,
  });
  const stop = () => server.shutdown().then(() => Deno.exit(0));
  Deno.addSignalListener("SIGTERM", stop);
  Deno.addSignalListener("SIGINT", stop);
}
