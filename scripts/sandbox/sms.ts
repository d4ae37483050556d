/**
 * The local SMS gateway sandbox: speaks the portal's gateway protocol (lib/sms_gateway.ts) so
 * that `npm start` and `npm test` exercise the real adapter, signatures and receipts included.
 *
 *   POST /api/v1/sms         submit `{ id, to, text, callbackUrl }`, signed (X-Timestamp,
 *                            X-Signature) and with the bearer token when one is configured;
 *                            401 on a bad signature, 400 on a body that is not a message,
 *                            200 `{ id, status: "accepted" | "duplicate" }` once it is in MailDev
 *   GET  /api/v1/sms/<id>    what became of a message (for tests and curious developers)
 *   POST /api/v1/inbound     simulate a resident's reply: `{ from, text, url }` is forwarded,
 *                            signed, to `url` (the town's `/api/v1/sms/prichozi`), e.g.
 *                            `{"from":"+420777123456","text":"STOP",
 *                              "url":"http://localhost:8000/api/v1/sms/prichozi"}`
 *   GET  /healthz            200
 *
 * Each accepted SMS goes into MailDev exactly as the portal's dev outbox delivers it (to
 * `sms-<digits>@sms.localhost`, subject "SMS pro +420 …", Message-ID `<sms-<id>@portal-obcana>`),
 * through a pool of SMTP connections; an id is accepted once (a resend answers "duplicate" and
 * sends nothing). A short while later a signed receipt `{ id, status, error?, at }` is POSTed to
 * the message's callbackUrl (a few tries; a `*.localhost` host is reached on 127.0.0.1 with its
 * Host header, as a browser would).
 *
 * SMS_SANDBOX_FAIL_SHARE (0..1, default 0) of the messages fail, chosen by a hash of the id so a
 * retry meets the same fate: half of them answer the first submission with a temporary 503
 * (the portal retries; the second try is delivered), the other half are accepted and get a
 * `failed` receipt without reaching MailDev.
 *
 * Environment: SMS_SANDBOX_PORT (default 9120), SMS_SANDBOX_HOST (127.0.0.1), SMS_SANDBOX_SECRET
 * (= the portal's SMS_GATEWAY_SECRET), SMS_SANDBOX_TOKEN (the bearer, optional), SMTP_URL
 * (MailDev's), SMS_SANDBOX_FAIL_SHARE, SMS_SANDBOX_RECEIPT_DELAY_MS (default 300),
 * SMS_SANDBOX_SMTP_CONNECTIONS (default 8).
 */
import nodemailer from "nodemailer";
import { request as httpRequest } from "node:http";
import { checkGatewaySignature, signedHeaders } from "../../lib/sms_gateway.ts";
import { smsInboxAddress } from "../../lib/worker/sms.ts";
import { formatPhone } from "../../domain/identity.ts";

export interface SmsSandboxOptions {
  secret: string;
  token?: string;
  smtpUrl: string;
  failShare?: number;
  receiptDelayMs?: number;
  smtpConnections?: number;
}

interface Sms {
  id: string;
  to: string;
  status: "delivering" | "accepted" | "delivered" | "failed";
  receipt: "pending" | "sent" | "undeliverable" | "none";
  submissions: number;
  delivery?: Promise<void>;
}

const ID = /^[A-Za-z0-9._:-]{1,100}$/;
const E164 = /^\+[1-9][0-9]{6,14}$/;

/** A number in [0, 1) from the id (FNV-1a), the same on every try. */
export function fateOf(id: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) {
    h ^= id.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h / 2 ** 32;
}

function json(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "content-type": "application/json; charset=utf-8" },
  });
}

const LOOPBACK_NAME = /^(localhost|.+\.localhost)$/;

/** POSTs `body` to `url`; a `*.localhost` name goes to 127.0.0.1 with its Host header. */
function post(url: URL, headers: Record<string, string>, body: string): Promise<number> {
  if (url.protocol === "http:" && LOOPBACK_NAME.test(url.hostname)) {
    return new Promise((resolve, reject) => {
      const req = httpRequest({
        hostname: "127.0.0.1",
        port: Number(url.port || 80),
        path: url.pathname + url.search,
        method: "POST",
        headers: {
          ...headers,
          host: url.host,
          "content-length": String(new TextEncoder().encode(body).length),
        },
        timeout: 10_000,
      }, (res) => {
        res.resume();
        res.on("end", () => resolve(res.statusCode ?? 0));
      });
      req.on("timeout", () => req.destroy(new Error("timeout")));
      req.on("error", reject);
      req.end(body);
    });
  }
  return fetch(url, { method: "POST", headers, body, signal: AbortSignal.timeout(10_000) })
    .then(async (res) => {
      await res.body?.cancel();
      return res.status;
    });
}

export function createSmsSandbox(options: SmsSandboxOptions) {
  const failShare = Math.min(1, Math.max(0, options.failShare ?? 0));
  const receiptDelayMs = options.receiptDelayMs ?? 300;
  const transport = nodemailer.createTransport({
    ...Object.fromEntries(Object.entries(smtpOptions(options.smtpUrl))),
    pool: true,
    maxConnections: options.smtpConnections ?? 8,
    maxMessages: Infinity,
  });
  const messages = new Map<string, Sms>();
  const timers = new Set<ReturnType<typeof setTimeout>>();
  const counts = { accepted: 0, duplicate: 0, temporary: 0, refused: 0, receipts: 0 };

  async function sendReceipt(sms: Sms, callbackUrl: string, status: "delivered" | "failed") {
    const body = JSON.stringify({
      id: sms.id,
      status,
      ...(status === "failed" ? { error: "sandbox: the number is not reachable" } : {}),
      at: new Date().toISOString(),
    });
    for (let attempt = 0; attempt < 4; attempt++) {
      try {
        const code = await post(new URL(callbackUrl), {
          "content-type": "application/json",
          ...signedHeaders(options.secret, body),
        }, body);
        if (code >= 200 && code < 300) {
          sms.receipt = "sent";
          counts.receipts++;
          return;
        }
        if (code >= 400 && code < 500) break; // refused: another try says the same
      } catch {
        // the portal is not listening (yet): try again shortly
      }
      await new Promise((r) => setTimeout(r, 500 * 2 ** attempt));
    }
    sms.receipt = "undeliverable";
  }

  function scheduleReceipt(sms: Sms, callbackUrl: unknown, status: "delivered" | "failed") {
    sms.status = status === "failed" ? "failed" : "accepted";
    if (typeof callbackUrl !== "string" || !/^https?:\/\//.test(callbackUrl)) {
      sms.receipt = "none";
      if (status === "delivered") sms.status = "delivered";
      return;
    }
    const timer = setTimeout(() => {
      timers.delete(timer);
      if (status === "delivered") sms.status = "delivered";
      void sendReceipt(sms, callbackUrl, status);
    }, receiptDelayMs);
    timers.add(timer);
  }

  async function submit(req: Request): Promise<Response> {
    const body = await req.text();
    if (options.token && req.headers.get("authorization") !== `Bearer ${options.token}`) {
      counts.refused++;
      return json({ error: "unauthorized" }, 401);
    }
    const check = checkGatewaySignature(options.secret, req.headers, body);
    if (check !== "ok") {
      counts.refused++;
      return json({ error: `signature ${check}` }, 401);
    }
    let m: Record<string, unknown>;
    try {
      m = JSON.parse(body);
    } catch {
      return json({ error: "not JSON" }, 400);
    }
    const { id, to, text, callbackUrl } = m ?? {};
    if (typeof id !== "string" || !ID.test(id)) return json({ error: "bad id" }, 400);
    if (typeof to !== "string" || !E164.test(to)) return json({ error: "bad number" }, 400);
    if (typeof text !== "string" || !text || text.length > 1600) {
      return json({ error: "bad text" }, 400);
    }
    const known = messages.get(id);
    if (known && known.status !== "delivering") {
      counts.duplicate++;
      return json({ id, status: "duplicate" });
    }
    if (known?.delivery) {
      // The same id twice at once: one delivery, and this request answers as that one ends.
      const ok = await known.delivery.then(() => true, () => false);
      if (!ok) return json({ error: "delivery failed, try again" }, 503);
      counts.duplicate++;
      return json({ id, status: "duplicate" });
    }
    const fate = fateOf(id);
    const sms: Sms = known ?? { id, to, status: "delivering", receipt: "pending", submissions: 0 };
    sms.submissions++;
    // A long `npm start` keeps the last 200 000 ids (a resend comes within minutes, not days).
    if (!known && messages.size >= 200_000) messages.delete(messages.keys().next().value!);
    messages.set(id, sms);
    if (fate < failShare / 2 && sms.submissions === 1) {
      counts.temporary++;
      return json({ error: "temporarily unavailable (sandbox)" }, 503);
    }
    if (fate < failShare && fate >= failShare / 2) {
      counts.accepted++;
      scheduleReceipt(sms, callbackUrl, "failed");
      return json({ id, status: "accepted" });
    }
    sms.delivery = transport.sendMail({
      from: "SMS brána (sandbox) <sms@sms.localhost>",
      to: smsInboxAddress(to),
      subject: `SMS pro ${formatPhone(to)}`,
      text,
      messageId: `<sms-${id}@portal-obcana>`,
    }).then(() => undefined);
    try {
      await sms.delivery;
    } catch {
      messages.delete(id); // MailDev refused or is down: the portal tries again
      return json({ error: "delivery failed, try again" }, 503);
    } finally {
      sms.delivery = undefined;
    }
    counts.accepted++;
    scheduleReceipt(sms, callbackUrl, "delivered");
    return json({ id, status: "accepted" });
  }

  async function handler(req: Request): Promise<Response> {
    const path = new URL(req.url).pathname;
    if (req.method === "POST" && path === "/api/v1/sms") return await submit(req);
    if (req.method === "GET" && path.startsWith("/api/v1/sms/")) {
      const sms = messages.get(decodeURIComponent(path.slice("/api/v1/sms/".length)));
      if (!sms) return json({ error: "unknown id" }, 404);
      const { delivery: _, ...state } = sms;
      return json(state);
    }
    if (req.method === "GET" && path === "/api/v1/stats") return json(counts);
    if (req.method === "POST" && path === "/api/v1/inbound") {
      let m: Record<string, unknown>;
      try {
        m = await req.json();
      } catch {
        return json({ error: "not JSON" }, 400);
      }
      if (typeof m.url !== "string" || !/^https?:\/\//.test(m.url)) {
        return json({ error: "bad url" }, 400);
      }
      const body = JSON.stringify({ from: m.from, text: m.text, at: new Date().toISOString() });
      try {
        const status = await post(new URL(m.url), {
          "content-type": "application/json",
          ...signedHeaders(options.secret, body),
        }, body);
        return json({ forwarded: status });
      } catch (e) {
        return json({ error: `the portal did not answer: ${e}` }, 502);
      }
    }
    if (req.method === "GET" && (path === "/healthz" || path === "/")) {
      return new Response("SMS gateway sandbox: POST /api/v1/sms\n");
    }
    return json({ error: "not found" }, 404);
  }

  return {
    handler,
    counts,
    close() {
      for (const t of timers) clearTimeout(t);
      transport.close();
    },
  };
}

/** nodemailer's options from an `smtp://host:port` URL (MailDev needs no auth nor TLS). */
function smtpOptions(smtpUrl: string) {
  const url = new URL(smtpUrl);
  return {
    host: url.hostname,
    port: Number(url.port || 25),
    secure: url.protocol === "smtps:",
    ignoreTLS: url.protocol === "smtp:",
    ...(url.username
      ? {
        auth: {
          user: decodeURIComponent(url.username),
          pass: decodeURIComponent(url.password),
        },
      }
      : {}),
  };
}

if (import.meta.main) {
  const env = (name: string) => Deno.env.get(name) || undefined;
  const secret = env("SMS_SANDBOX_SECRET") ?? "";
  if (secret.length < 32) throw new Error("SMS_SANDBOX_SECRET must have at least 32 characters");
  const sandbox = createSmsSandbox({
    secret,
    token: env("SMS_SANDBOX_TOKEN"),
    smtpUrl: env("SMTP_URL") ?? "smtp://127.0.0.1:1025",
    failShare: Number(env("SMS_SANDBOX_FAIL_SHARE") ?? 0),
    receiptDelayMs: Number(env("SMS_SANDBOX_RECEIPT_DELAY_MS") ?? 300),
    smtpConnections: Number(env("SMS_SANDBOX_SMTP_CONNECTIONS") ?? 8),
  });
  const port = Number(env("SMS_SANDBOX_PORT") ?? 9120);
  const hostname = env("SMS_SANDBOX_HOST") ?? "127.0.0.1";
  const server = Deno.serve({
    port,
    hostname,
    onListen: () =>
      console.log(
        JSON.stringify({ msg: "sms sandbox started", url: `http://${hostname}:${port}` }),
      ),
  }, sandbox.handler);
  const stop = async () => {
    sandbox.close();
    await server.shutdown();
    Deno.exit(0);
  };
  Deno.addSignalListener("SIGTERM", stop);
  Deno.addSignalListener("SIGINT", stop);
}
