/**
 * Rate limits in handlers: who is asking (`clientIp`) and refusing with 429 (`enforce`).
 *
 * ```ts
 * const perAccount = rateLimiter("login-account", RATE_LIMITS.loginAccount);
 * const perIp = rateLimiter("login-ip", RATE_LIMITS.loginIp);
 * // in POST /prihlaseni:
 * await enforceIp(perIp, ctx);
 * await enforce(perAccount, `${tenant.id}:${loginRateKey(account, form.identifier)}`, ctx);
 * ```
 *
 * A refusal throws `RateLimitedError` (an `HttpError(429, "errors.tooManyRequests")`): the runtime
 * renders `_error` with status 429 and the Czech (or English) text of that key. Given the
 * context, `enforce` also sets `Retry-After` (seconds) on the Hono context, and the runtime
 * merges headers set there into the error page's response. A handler that would rather
 * re-render its form catches `RateLimitedError`, answers `page(data, { status: 429, headers: {
 * "Retry-After": String(error.retryAfterSeconds) } })` and can show
 * `t("errors.tooManyRequestsMinutes", { minutes: error.retryAfterMinutes })`.
 *
 * Client address: the connection's peer (Hono's `getConnInfo` from `hono/deno`, which reads the
 * `ServeHandlerInfo` that `Deno.serve` passes as the second argument of `fetch`: the app must
 * pass it on to Hono for this to work). `X-Forwarded-For` is believed only with `TRUST_PROXY=N`
 * (N ≥ 1 reverse proxies in front of the portal, each appending the address it saw): then the
 * N-th entry from the right is the client, and whatever the client wrote further left is
 * ignored. Without either, the address is `"unknown"`, and `enforceIp` does not limit (one shared
 * bucket would let one visitor lock out the town).
 */
import type { Context as HonoContext } from "hono";
import { getConnInfo } from "hono/deno";
import { readEnv } from "../env.ts";
import { log } from "../log.ts";
import {
  RATE_LIMITS,
  type RateLimiter,
  rateLimiter,
  type RateLimitResult,
} from "./ratelimit_backend.ts";
import { HttpError } from "../web/mod.ts";

export const UNKNOWN_IP = "unknown";

/** The message key `_error` shows for a 429 (locales/*.json, `errors`). */
export const TOO_MANY_REQUESTS = "errors.tooManyRequests";

/** Thrown by `enforce` when a limit is used up; `_error` renders it as 429. */
export class RateLimitedError extends HttpError {
  override name = "RateLimitedError";
  /** Seconds until the window frees (at least 1): the `Retry-After` value. */
  readonly retryAfterSeconds: number;
  constructor(readonly result: RateLimitResult, now = Date.now()) {
    super(429, TOO_MANY_REQUESTS);
    this.retryAfterSeconds = Math.max(1, Math.ceil((result.reset - now) / 1000));
  }
  /** Whole minutes, at least 1, for "zkuste to znovu za {minutes} min". */
  get retryAfterMinutes(): number {
    return Math.max(1, Math.ceil(this.retryAfterSeconds / 60));
  }
}

/** A Hono context, the runtime's handler context (`ctx.hono`), or a bare request. */
export type RequestSource = HonoContext | { readonly hono: HonoContext } | Request;

function honoOf(source: RequestSource): HonoContext | undefined {
  if (source instanceof Request) return undefined;
  return "hono" in source ? source.hono : source;
}

function requestOf(source: RequestSource): Request {
  if (source instanceof Request) return source;
  return (honoOf(source) as HonoContext).req.raw;
}

/** How many proxies `TRUST_PROXY` says stand in front (0: believe no forwarding header). */
function trustedProxies(): number {
  const value = readEnv("TRUST_PROXY")?.trim().toLowerCase();
  if (!value || value === "0" || value === "false") return 0;
  if (value === "true") return 1;
  const n = Number(value);
  return Number.isInteger(n) && n > 0 ? n : 0;
}

/**
 * An IP address as written in headers or by the runtime, normalised: no brackets, no port,
 * no zone, IPv4-mapped IPv6 as IPv4, lower case. Undefined when it is not an address.
 */
export function normalizeIp(raw: string): string | undefined {
  let ip = raw.trim().toLowerCase();
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(ip);
  if (bracketed) ip = bracketed[1];
  else if (/^\d{1,3}(\.\d{1,3}){3}:\d+$/.test(ip)) ip = ip.slice(0, ip.lastIndexOf(":"));
  ip = ip.replace(/%.*$/, "");
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/.exec(ip);
  if (mapped) ip = mapped[1];
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(ip)) {
    return ip.split(".").every((part) => Number(part) <= 255) ? ip : undefined;
  }
  return ip.includes(":") && /^[0-9a-f:.]+$/.test(ip) && expandIpv6(ip) ? ip : undefined;
}

/** The eight 16-bit groups of an IPv6 address, or undefined. */
function expandIpv6(ip: string): number[] | undefined {
  const halves = ip.split("::");
  if (halves.length > 2) return undefined;
  const parse = (part: string): number[] | undefined => {
    if (part === "") return [];
    const groups: number[] = [];
    const pieces = part.split(":");
    for (const [i, piece] of pieces.entries()) {
      if (i === pieces.length - 1 && piece.includes(".")) {
        const v4 = piece.split(".").map(Number);
        if (v4.length !== 4 || v4.some((n) => !(n >= 0 && n <= 255))) return undefined;
        groups.push((v4[0] << 8) | v4[1], (v4[2] << 8) | v4[3]);
      } else if (/^[0-9a-f]{1,4}$/.test(piece)) groups.push(parseInt(piece, 16));
      else return undefined;
    }
    return groups;
  };
  const head = parse(halves[0]);
  const tail = halves.length === 2 ? parse(halves[1]) : [];
  if (!head || !tail) return undefined;
  const missing = 8 - head.length - tail.length;
  if (halves.length === 2 ? missing < 1 : missing !== 0) return undefined;
  return [...head, ...Array(missing).fill(0), ...tail];
}

/**
 * The client's address, normalised (see the file's comment for whom it trusts), or
 * `"unknown"`.
 */
export function clientIp(source: RequestSource): string {
  const proxies = trustedProxies();
  if (proxies > 0) {
    const forwarded = requestOf(source).headers.get("x-forwarded-for");
    if (forwarded) {
      const hops = forwarded.split(",").map((part) => part.trim()).filter(Boolean);
      const entry = hops[hops.length - proxies];
      const ip = entry ? normalizeIp(entry) : undefined;
      if (ip) return ip;
    }
  }
  const hono = honoOf(source);
  if (hono) {
    try {
      const ip = normalizeIp(getConnInfo(hono).remote.address ?? "");
      if (ip) return ip;
    } catch {
      // No ServeHandlerInfo reached Hono (`c.env` empty): nothing to read the peer from.
    }
  }
  return UNKNOWN_IP;
}

/**
 * The identifier to limit an address by: IPv4 as is, IPv6 by its /64 (one household or
 * device is usually given a whole /64, so counting single addresses would not limit it).
 */
export function ipRateKey(ip: string): string {
  if (!ip.includes(":")) return ip;
  const groups = expandIpv6(ip);
  if (!groups) return ip;
  return `${groups.slice(0, 4).map((g) => g.toString(16)).join(":")}::/64`;
}

/**
 * Takes a token from `limiter` for `identifier`; when none is left, sets `Retry-After` on the
 * given context and throws `RateLimitedError` (429, "errors.tooManyRequests").
 */
export async function enforce(
  limiter: RateLimiter,
  identifier: string,
  source?: RequestSource,
): Promise<RateLimitResult> {
  const result = await limiter.limit(identifier);
  if (result.success) return result;
  const error = new RateLimitedError(result);
  const hono = source ? honoOf(source) : undefined;
  hono?.header("Retry-After", String(error.retryAfterSeconds));
  throw error;
}

let warnedUnknown = false;

/**
 * `enforce` by the client's address (`ipRateKey(clientIp(source))`). With no known address it
 * does not limit, and says so once in the log: see the file's comment.
 */
export async function enforceIp(
  limiter: RateLimiter,
  source: RequestSource,
): Promise<RateLimitResult | undefined> {
  const ip = clientIp(source);
  if (ip === UNKNOWN_IP) {
    if (!warnedUnknown) {
      warnedUnknown = true;
      log.warn("client address unknown: per-address rate limits are off", {
        hint: "pass Deno.serve's info to the app's fetch, or set TRUST_PROXY behind a proxy",
      });
    }
    return undefined;
  }
  return await enforce(limiter, ipRateKey(ip), source);
}

/** The anonymous forms that cause work: an e-mail to the office, an account, a message. */
export type AnonymousForm =
  | "accessibility-report"
  | "registration"
  | "password-reset"
  | "situation-form"
  | "subscription"
  | "appointment";

const anonymousFormLimiters = new Map<string, RateLimiter>();

function anonymousFormLimiter(
  form: AnonymousForm,
  scope: "ip" | "tenant",
): RateLimiter {
  const name = `form-${scope}-${form}`;
  let limiter = anonymousFormLimiters.get(name);
  if (!limiter) {
    limiter = rateLimiter(
      name,
      scope === "ip" ? RATE_LIMITS.anonymousFormIp : RATE_LIMITS.anonymousFormTenant,
    );
    anonymousFormLimiters.set(name, limiter);
  }
  return limiter;
}

/**
 * One call in the handler of an anonymous form that causes work, once the input is valid: a
 * token per client address (`anonymousFormIp`) and one from the town's common bucket
 * (`anonymousFormTenant`), so neither one address nor a crowd of them can flood the office.
 * Throws `RateLimitedError` (429) when either is used up.
 */
export async function enforceAnonymousForm(
  ctx: { readonly hono: HonoContext; readonly state: { readonly tenant: { readonly id: string } } },
  form: AnonymousForm,
): Promise<void> {
  await enforceIp(anonymousFormLimiter(form, "ip"), ctx);
  await enforce(anonymousFormLimiter(form, "tenant"), ctx.state.tenant.id, ctx);
}
