/**
 * oidc-provider is a Koa application on Node's http API. The web process serves it on a
 * loopback node:http server of its own (started on first use, port chosen by the system) and
 * `forwardToIdp` hands it a request as a reverse proxy would: the town, the issuer and the
 * portal's signed-in person in headers that only this process can set (a random key per
 * process), the original host and scheme in X-Forwarded-*. The browser's own `x-idp-*` headers
 * never pass.
 *
 * `interactionOf` and `finishInteraction` are the login/consent page's side
 * (routes/oidc/interaction/[uid].tsx): the interaction is looked up through the provider's own
 * cookie check, so a page opened in another browser than the one that started the
 * authorization finds nothing.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { Kysely } from "kysely";
import type { Database } from "../../../db/schema.ts";
import { randomToken } from "../../crypto.ts";
import { sweepExpiredPayloads } from "../../../db/repositories/oidc.ts";
import { log } from "../../log.ts";
import { IDP_HEADERS, PENDING_WRITE, providerFor } from "./provider.ts";

const PROCESS_KEY = randomToken();
const SWEEP_EVERY_MS = 10 * 60 * 1000;
let lastSweep = 0;
const PREFIX = "/oidc";

let server: Promise<{ port: number; server: Server }> | undefined;

function start(db: () => Kysely<Database>, secret: string) {
  return server ??= new Promise((resolve, reject) => {
    const s = createServer((req: IncomingMessage, res: ServerResponse) => {
      const h = req.headers;
      const tenantId = h[IDP_HEADERS.tenant];
      const forwardedHost = h["x-forwarded-host"];
      const proto = h["x-forwarded-proto"];
      if (h[IDP_HEADERS.key] !== PROCESS_KEY || typeof tenantId !== "string") {
        res.writeHead(403).end();
        return;
      }
      const issuer = `${proto}://${forwardedHost}${PREFIX}`;
      // The answer ends only after a write the provider's events started (PENDING_WRITE).
      const end = res.end.bind(res);
      res.end = ((...args: Parameters<typeof end>) => {
        // deno-lint-ignore no-explicit-any
        const pending = (req as any)[PENDING_WRITE] as Promise<unknown> | undefined;
        if (!pending) return end(...args);
        pending.finally(() => end(...args));
        return res;
      }) as typeof res.end;
      const url = req.url ?? "/";
      // Mounted at /oidc: the provider sees the rest, and `originalUrl` tells it the prefix.
      // deno-lint-ignore no-explicit-any
      (req as any).originalUrl = url;
      req.url = url.slice(PREFIX.length) || "/";
      providerFor(db, secret, tenantId, issuer).then((provider) => provider.callback()(req, res))
        .catch((e) => {
          log.error("oidc provider failed", { error: String(e).slice(0, 300) });
          if (!res.headersSent) res.writeHead(500).end();
        });
    });
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const addr = s.address();
      if (addr && typeof addr === "object") resolve({ port: addr.port, server: s });
      else reject(new Error("no port"));
    });
  });
}

const PASSED = [
  "accept",
  "accept-language",
  "authorization",
  "content-type",
  "cookie",
  "dpop",
  "origin",
  "user-agent",
];

export interface IdpRequestContext {
  tenantId: string;
  /** The person signed in to the portal, if any (not acting for anyone else). */
  person: { personId: string; sessionId: string; levelOfAssurance: string } | null;
}

/** Forwards a request under `/oidc/` to the town's provider and returns its answer. */
export async function forwardToIdp(
  db: () => Kysely<Database>,
  secret: string,
  req: Request,
  who: IdpRequestContext,
  /** The form already read by the CSRF check (the request's own body is consumed then). */
  readForm?: () => Promise<FormData>,
): Promise<Response> {
  const { port } = await start(db, secret);
  if (Date.now() - lastSweep > SWEEP_EVERY_MS) {
    // Expired codes, sessions and tokens go, a few hundred at a time, beside the requests.
    lastSweep = Date.now();
    sweepExpiredPayloads(db()).catch((e) =>
      log.warn("oidc sweep failed", { error: String(e).slice(0, 200) })
    );
  }
  const url = new URL(req.url);
  const headers = new Headers();
  for (const name of PASSED) {
    const v = req.headers.get(name);
    if (v !== null) headers.set(name, v);
  }
  headers.set(IDP_HEADERS.key, PROCESS_KEY);
  headers.set(IDP_HEADERS.tenant, who.tenantId);
  headers.set("x-forwarded-host", req.headers.get("host") ?? url.host);
  headers.set("x-forwarded-proto", url.protocol.replace(":", ""));
  if (who.person) {
    headers.set(IDP_HEADERS.person, who.person.personId);
    headers.set(IDP_HEADERS.session, who.person.sessionId);
    headers.set(IDP_HEADERS.loa, who.person.levelOfAssurance);
  }
  let body: BodyInit | undefined;
  if (req.method !== "GET" && req.method !== "HEAD") {
    if (req.bodyUsed && readForm) {
      // The provider takes urlencoded forms only; fields, not files, pass.
      const fields = new URLSearchParams();
      for (const [k, v] of await readForm()) if (typeof v === "string") fields.append(k, v);
      headers.set("content-type", "application/x-www-form-urlencoded");
      body = fields.toString();
    } else body = await req.arrayBuffer();
  }
  const answer = await fetch(`http://127.0.0.1:${port}${url.pathname}${url.search}`, {
    method: req.method,
    headers,
    body,
    redirect: "manual",
  });
  const out = new Headers();
  answer.headers.forEach((value, name) => {
    if (name !== "set-cookie" && name !== "content-length" && name !== "connection") {
      out.set(name, value);
    }
  });
  for (const c of answer.headers.getSetCookie()) out.append("set-cookie", c);
  if (!out.has("cache-control")) out.set("cache-control", "no-store");
  return new Response(answer.body, { status: answer.status, headers: out });
}

/** Node-shaped request/response enough for the provider's interaction helpers. */
function nodeLike(req: Request) {
  const url = new URL(req.url);
  const headers: Record<string, string> = {
    host: req.headers.get("host") ?? url.host,
    "x-forwarded-proto": url.protocol.replace(":", ""),
    cookie: req.headers.get("cookie") ?? "",
  };
  const nodeReq = {
    headers,
    url: url.pathname,
    originalUrl: url.pathname,
    method: "GET",
    socket: { encrypted: url.protocol === "https:" },
    connection: {},
  };
  const nodeRes = {
    headers: {} as Record<string, unknown>,
    getHeader(name: string) {
      return this.headers[name.toLowerCase()];
    },
    setHeader(name: string, value: unknown) {
      this.headers[name.toLowerCase()] = value;
    },
    removeHeader(name: string) {
      delete this.headers[name.toLowerCase()];
    },
  };
  return { nodeReq, nodeRes };
}

export interface InteractionView {
  uid: string;
  prompt: "login" | "consent" | string;
  clientId: string;
  scopes: string[];
  /** The person the provider's session is of (set once the login step is done). */
  accountId: string | null;
}

/** The pending interaction of this browser with uid `uid`, or null. */
export async function interactionOf(
  db: () => Kysely<Database>,
  secret: string,
  tenantId: string,
  req: Request,
  uid: string,
): Promise<InteractionView | null> {
  const issuer = `${new URL(req.url).origin}${PREFIX}`;
  const provider = await providerFor(db, secret, tenantId, issuer);
  const { nodeReq, nodeRes } = nodeLike(req);
  try {
    // deno-lint-ignore no-explicit-any
    const details = await provider.interactionDetails(nodeReq as any, nodeRes as any);
    if (details.uid !== uid) return null;
    const scope = typeof details.params.scope === "string" ? details.params.scope : "";
    return {
      uid,
      prompt: details.prompt.name,
      clientId: String(details.params.client_id ?? ""),
      scopes: scope.split(" ").filter(Boolean),
      accountId: details.session?.accountId ?? null,
    };
  } catch {
    return null;
  }
}

export type InteractionResult =
  | { login: { accountId: string; acr: string; amr: string[] } }
  | { consent: { grantScopes: string[]; accountId: string; clientId: string } }
  | { error: "access_denied" };

/** Records the outcome of the interaction; returns where the browser goes on. */
export async function finishInteraction(
  db: () => Kysely<Database>,
  secret: string,
  tenantId: string,
  req: Request,
  result: InteractionResult,
): Promise<string> {
  const issuer = `${new URL(req.url).origin}${PREFIX}`;
  const provider = await providerFor(db, secret, tenantId, issuer);
  const { nodeReq, nodeRes } = nodeLike(req);
  let final: Record<string, unknown>;
  if ("consent" in result) {
    const grant = new provider.Grant({
      accountId: result.consent.accountId,
      clientId: result.consent.clientId,
    });
    grant.addOIDCScope(result.consent.grantScopes.join(" "));
    final = { consent: { grantId: await grant.save() } };
  } else if ("error" in result) {
    final = { error: "access_denied", error_description: "Přístup zamítl uživatel." };
  } else final = result;
  // deno-lint-ignore no-explicit-any
  return await provider.interactionResult(nodeReq as any, nodeRes as any, final, {
    mergeWithLastSubmission: true,
  });
}
