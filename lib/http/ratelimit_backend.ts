/**
 * Rate limits: named sliding-window policies ("5 tries per 15 minutes") over one store, chosen
 * from the environment once per process (see `rateLimitConfigFromEnv`):
 *
 * | environment | backend | how |
 * | --- | --- | --- |
 * | `UPSTASH_REDIS_REST_URL` + `UPSTASH_REDIS_REST_TOKEN` | `"upstash"` | `@upstash/ratelimit` over `@upstash/redis`, Upstash's REST client |
 * | else `REDIS_URL` (`redis://`, `rediss://`) | `"redis"` | `@upstash/ratelimit` over `@upstash/redis` whose requests go through `ioredis` instead of HTTP |
 * | neither | `"memory"` | this file's in-process sliding window, the same algorithm |
 *
 * Why the in-process backend is not `@upstash/ratelimit`: the library keeps no state of its own.
 * Every decision is a Lua script (`EVALSHA`, falling back to `EVAL` on `NOSCRIPT`) run inside
 * Redis, atomically; its "ephemeral cache" only remembers who is already blocked. Without a Redis
 * there is nothing to run those scripts, so `memoryStore` below re-states its single-region
 * `slidingWindow` script in TypeScript: same counters (current and previous fixed window, the
 * previous one weighted by how much of it still overlaps), same refusal rule (refused calls do
 * not count), same `reset` (end of the current fixed window). It is one process's memory: fine
 * for development, tests and a single web process; several web processes need Redis or Upstash.
 *
 * The Redis adapter: `@upstash/redis` accepts a custom `Requester` in place of its HTTP client.
 * `ioredisRequester` runs each REST command (`["evalsha", sha, numkeys, ...keys, ...args]`, or a
 * `/pipeline` batch) on an `ioredis` connection and answers `{ result }` or `{ error }` as the REST
 * API would, so the `NOSCRIPT` → `EVAL` fallback works unchanged and every call
 * `@upstash/ratelimit` may make (`evalsha`, `eval`, `get`, `set`, `hset`, pipelines) has a path.
 *
 * Privacy: identifiers (account names, IP addresses) never reach the store. They are trimmed,
 * lower-cased and turned into a keyed hash, HMAC-SHA256 with `SESSION_SECRET` (128 bits, hex),
 * so the store holds keys such as `portal:rl:login-account:9f3c…:1937` and nothing that could be
 * reversed by trying every IPv4 address. Rotating the secret starts every counter afresh.
 *
 * When the store cannot be reached (Redis down, Upstash unreachable, slower than
 * `STORE_TIMEOUT_MS`) a check is allowed and the failure logged: a rate-limit outage must not
 * lock every citizen out; the password hash and the database's one-time-code rules stay in force
 * meanwhile. When the store answers with an error (a wrong token, a script it refuses) `limit`
 * throws: that fault does not pass by itself and must not silently switch rate limits off.
 *
 * Self-hosted Redis and `@upstash/ratelimit` ≥ 2.1: its scripts begin with
 * `#!lua flags=allow-key-locking`, a flag only Upstash knows; Redis refuses such scripts. The
 * adapter drops that flag (see `withoutUpstashFlags`): it only lets Upstash lock the script's
 * keys instead of the whole database, so without it the scripts run as they did before 2.1.
 *
 * Usage, e.g. in the login handler (`enforce`, `enforceIp` are in `lib/http/ratelimit.ts`):
 * ```ts
 * const perAccount = rateLimiter("login-account", RATE_LIMITS.loginAccount);
 * const perIp = rateLimiter("login-ip", RATE_LIMITS.loginIp);
 * await enforceIp(perIp, ctx);                // 30 attempts per address
 * await enforce(perAccount, username, ctx);   // the 6th try inside 15 min → 429
 * if (await passwordOk(...)) await perAccount.resetUsedTokens(username);
 * ```
 */
import { Ratelimit } from "@upstash/ratelimit";
import {
  Redis as UpstashRedis,
  type Requester,
  type UpstashRequest,
  type UpstashResponse,
} from "@upstash/redis";
import type { Redis as IORedis } from "ioredis";
import { createHash, createHmac } from "node:crypto";
import { readEnv } from "../env.ts";
import { describeError, log } from "../log.ts";

export interface RateLimitResult {
  /** False when the identifier has used up its tokens in the window. */
  success: boolean;
  /** Tokens per window. */
  limit: number;
  /** Tokens left after this call (0 when refused). */
  remaining: number;
  /** Epoch ms when the current window ends (a `Retry-After` hint; see `memoryStore`). */
  reset: number;
}

export interface RateLimiter {
  /** Takes one token for `identifier` (refused calls take none). */
  limit(identifier: string): Promise<RateLimitResult>;
  /** Forgets what `identifier` used, e.g. after a successful login. */
  resetUsedTokens(identifier: string): Promise<void>;
}

export type Window = `${number} s` | `${number} m` | `${number} h`;

export interface RateLimitPolicy {
  tokens: number;
  window: Window;
}

export type RateLimitBackend = "memory" | "redis" | "upstash";

/**
 * The portal's policies. Each is counted per identifier in its window (sliding):
 * - `loginAccount` 5 / 15 min per account: the 6th password try is refused (429). Keyed by the
 *   account the identifier resolves to (user name, e-mail and every spelling of the phone share
 *   it), else by the normalised identifier (`loginRateKey`, domain/identity.ts). Reset it after
 *   a successful login.
 * - `loginIp` 30 / 15 min per client address: password spraying across many accounts; generous
 *   enough for a school or office behind one NAT address.
 * - `oneTimeCode` 10 / 1 h per account: verification attempts over all of an account's codes. The
 *   database ends one code after 5 wrong tries and 10 minutes; this caps asking for fresh codes
 *   to keep guessing (10 guesses an hour at a 6-digit code).
 * - `oneTimeCodeSend` 3 / 15 min per account or recipient: sending codes by SMS or e-mail
 *   (costs money, and must not become a way to flood someone's phone).
 * - `registration` 5 / 1 h per client address.
 * - `passwordReset` 3 / 1 h per account or e-mail address: reset links sent.
 * - `passwordResetIp` 10 / 1 h per client address: reset requests over many addresses.
 * - `formPost` 60 / 1 min per person (or address when anonymous): any other state-changing form,
 *   a ceiling against scripts that a clerk at work does not reach.
 */
export const RATE_LIMITS = {
  loginAccount: { tokens: 5, window: "15 m" },
  loginIp: { tokens: 30, window: "15 m" },
  oneTimeCode: { tokens: 10, window: "1 h" },
  oneTimeCodeSend: { tokens: 3, window: "15 m" },
  registration: { tokens: 5, window: "1 h" },
  passwordReset: { tokens: 3, window: "1 h" },
  passwordResetIp: { tokens: 10, window: "1 h" },
  formPost: { tokens: 60, window: "1 m" },
  /** An anonymous form that causes work (a report, a registration), per client address… */
  anonymousFormIp: { tokens: 5, window: "10 m" },
  /** …and per town, whoever sends it: a flood from many addresses still stops. */
  anonymousFormTenant: { tokens: 200, window: "1 h" },
} as const satisfies Record<string, RateLimitPolicy>;

/** Every key in the store starts with this, then the policy name. */
export const KEY_PREFIX = "portal:rl";
/** How long a check may wait for Redis/Upstash before it is allowed (and logged). */
export const STORE_TIMEOUT_MS = 2000;

export type RateLimitConfig =
  | { backend: "memory" }
  | { backend: "redis"; url: string }
  | { backend: "upstash"; url: string; token: string };

/** Which store the environment asks for; half an Upstash configuration is an error. */
export function rateLimitConfigFromEnv(
  read: (name: string) => string | undefined = readEnv,
): RateLimitConfig {
  const url = read("UPSTASH_REDIS_REST_URL")?.trim();
  const token = read("UPSTASH_REDIS_REST_TOKEN")?.trim();
  if (url && token) return { backend: "upstash", url, token };
  if (url || token) {
    throw new Error("Set both UPSTASH_REDIS_REST_URL and UPSTASH_REDIS_REST_TOKEN, or neither");
  }
  const redisUrl = read("REDIS_URL")?.trim();
  if (redisUrl) return { backend: "redis", url: redisUrl };
  return { backend: "memory" };
}

/** A store: one connection (or map) shared by all its limiters. */
export interface RateLimitStore {
  readonly backend: RateLimitBackend;
  limiter(name: string, policy: RateLimitPolicy): RateLimiter;
  /** Closes the Redis connection (or empties the memory); the store is unusable after. */
  close(): Promise<void>;
}

export interface RateLimitStoreOptions {
  /** HMAC key for identifiers; default `SESSION_SECRET` (a fixed development key without it). */
  secret?: string;
  /** Milliseconds before a store call counts as failed; default `STORE_TIMEOUT_MS`. */
  timeoutMs?: number;
}

const NAME = /^[a-z0-9][a-z0-9-]{0,62}$/;
const DEV_SECRET = "development-only-ratelimit-key-0123456789";

function checkPolicy(name: string, policy: RateLimitPolicy): number {
  // The name ends up in a SCAN pattern: no glob characters, no colons.
  if (!NAME.test(name)) throw new Error(`Rate limit name must be kebab-case: ${name}`);
  if (!Number.isInteger(policy.tokens) || policy.tokens < 1) {
    throw new Error(`Rate limit ${name}: tokens must be a positive integer`);
  }
  return windowMs(policy.window);
}

/** "15 m" → 900000. */
export function windowMs(window: Window): number {
  const match = /^(\d+(?:\.\d+)?) ([smh])$/.exec(window);
  const ms = match ? Number(match[1]) * { s: 1000, m: 60_000, h: 3_600_000 }[match[2]]! : NaN;
  if (!(ms >= 1000)) throw new Error(`Rate limit window must be at least "1 s": ${window}`);
  return Math.round(ms);
}

/** The keyed hash that stands for an identifier in the store. */
export function hashIdentifier(identifier: string, secret: string): string {
  const normalized = identifier.normalize("NFC").trim().toLowerCase();
  if (!normalized) throw new TypeError("Rate limit identifier must not be empty");
  return createHmac("sha256", secret).update(`ratelimit:${normalized}`).digest("hex").slice(0, 32);
}

export function createRateLimitStore(
  config: RateLimitConfig,
  options: RateLimitStoreOptions = {},
): RateLimitStore {
  const secret = options.secret ?? readEnv("SESSION_SECRET") ?? DEV_SECRET;
  const timeoutMs = options.timeoutMs ?? STORE_TIMEOUT_MS;
  switch (config.backend) {
    case "memory":
      return memoryStore(secret);
    case "redis":
      return redisStore(config.url, secret, timeoutMs);
    case "upstash":
      return upstashStore(config.url, config.token, secret, timeoutMs);
  }
}

// ---------------------------------------------------------------- in-process

interface Counter {
  /** Index of the fixed window `current` counts in (`floor(now / windowMs)`). */
  window: number;
  current: number;
  previous: number;
  windowMs: number;
}

/** Entries are dropped once both their windows are over; swept every this many calls. */
const SWEEP_EVERY = 1000;

function memoryStore(secret: string): RateLimitStore {
  const counters = new Map<string, Counter>();
  let calls = 0;

  function sweep(now: number) {
    for (const [key, c] of counters) {
      if (Math.floor(now / c.windowMs) > c.window + 1) counters.delete(key);
    }
  }

  /** The counter for `key` moved to the window `now` falls in. */
  function counterAt(key: string, size: number, now: number): Counter {
    const window = Math.floor(now / size);
    const c = counters.get(key);
    if (!c || c.windowMs !== size || c.window < window - 1) {
      return { window, current: 0, previous: 0, windowMs: size };
    }
    if (c.window === window - 1) return { window, current: 0, previous: c.current, windowMs: size };
    return c;
  }

  return {
    backend: "memory",
    limiter(name, policy) {
      const size = checkPolicy(name, policy);
      const keyOf = (identifier: string) =>
        `${KEY_PREFIX}:${name}:${hashIdentifier(identifier, secret)}`;
      return {
        limit(identifier) {
          const key = keyOf(identifier);
          const now = Date.now();
          if (++calls % SWEEP_EVERY === 0) sweep(now);
          const c = counterAt(key, size, now);
          // As @upstash/ratelimit's slidingWindow script: the previous window counts by the
          // share of it the sliding window still covers, rounded down.
          const weighted = Math.floor((1 - (now % size) / size) * c.previous);
          const reset = (c.window + 1) * size;
          if (weighted + c.current >= policy.tokens) {
            return Promise.resolve({ success: false, limit: policy.tokens, remaining: 0, reset });
          }
          c.current += 1;
          counters.set(key, c);
          const remaining = Math.max(0, policy.tokens - (c.current + weighted));
          return Promise.resolve({ success: true, limit: policy.tokens, remaining, reset });
        },
        resetUsedTokens(identifier) {
          counters.delete(keyOf(identifier));
          return Promise.resolve();
        },
      };
    },
    close() {
      counters.clear();
      return Promise.resolve();
    },
  };
}

// ------------------------------------------------------- @upstash/ratelimit

/** Limiters over an `@upstash/redis` client (real REST, or the ioredis requester). */
function upstashLimiters(
  backend: RateLimitBackend,
  redis: UpstashRedis,
  secret: string,
  timeoutMs: number,
  close: () => Promise<void>,
): RateLimitStore {
  return {
    backend,
    limiter(name, policy) {
      checkPolicy(name, policy);
      const ratelimit = new Ratelimit({
        redis,
        limiter: Ratelimit.slidingWindow(policy.tokens, policy.window),
        prefix: `${KEY_PREFIX}:${name}`,
        timeout: timeoutMs,
        analytics: false,
        enableProtection: false,
        enableTelemetry: false,
      });
      return {
        async limit(identifier) {
          const id = hashIdentifier(identifier, secret);
          const allowed = {
            success: true,
            limit: policy.tokens,
            remaining: policy.tokens,
            reset: Date.now(),
          };
          try {
            const r = await ratelimit.limit(id);
            if (r.reason === "timeout") {
              log.error("rate limit store timed out; allowed", { backend, policy: name });
              return allowed;
            }
            return { success: r.success, limit: r.limit, remaining: r.remaining, reset: r.reset };
          } catch (error) {
            // The store answered with an error (a bad token, a script Redis refuses): a fault
            // that will not pass by itself, so it must be seen, not waved through.
            if (isStoreAnswer(error)) throw error;
            log.error("rate limit store unreachable; allowed", {
              backend,
              policy: name,
              ...describeError(error),
            });
            return allowed;
          }
        },
        async resetUsedTokens(identifier) {
          const id = hashIdentifier(identifier, secret);
          try {
            // Deletes `<prefix>:<hash>:*` with a SCAN inside one Lua script (the library's way:
            // it walks the database's keys, so give the portal its own Redis database).
            await ratelimit.resetUsedTokens(id);
          } catch (error) {
            log.error("rate limit reset failed", {
              backend,
              policy: name,
              ...describeError(error),
            });
          }
        },
      };
    },
    close,
  };
}

/** `UpstashError`: the REST API or Redis answered with an error (not a network failure). */
function isStoreAnswer(error: unknown): boolean {
  return error instanceof Error && error.name === "UpstashError";
}

function upstashStore(
  url: string,
  token: string,
  secret: string,
  timeoutMs: number,
): RateLimitStore {
  const redis = new UpstashRedis({
    url,
    token,
    enableTelemetry: false,
    retry: { retries: 2, backoff: (n) => 50 * 2 ** n },
  });
  return upstashLimiters("upstash", redis, secret, timeoutMs, () => Promise.resolve());
}

function redisStore(url: string, secret: string, timeoutMs: number): RateLimitStore {
  let client: Promise<IORedis> | undefined;
  let closed = false;
  const connect = () =>
    client ??= import("ioredis").then(({ Redis }) => {
      const redis = new Redis(url, {
        lazyConnect: true,
        // While Redis is away a command fails after one reconnect instead of queueing; the
        // limiter's own timeout bounds the wait either way.
        maxRetriesPerRequest: 1,
        connectTimeout: timeoutMs,
        retryStrategy: (times) => Math.min(times * 200, 2000),
      });
      let lastLogged = 0;
      redis.on("error", (error: unknown) => {
        if (Date.now() - lastLogged < 30_000) return;
        lastLogged = Date.now();
        log.warn("rate limit Redis connection error", describeError(error));
      });
      return redis;
    });
  const redis = new UpstashRedis(ioredisRequester(() => {
    if (closed) return Promise.reject(new Error("rate limit store is closed"));
    return connect();
  }));
  return upstashLimiters("redis", redis, secret, timeoutMs, async () => {
    closed = true;
    if (client) await (await client).quit().catch(() => {});
  });
}

type Arg = string | number;

function commandArgs(command: unknown): [string, Arg[]] {
  if (!Array.isArray(command) || command.length === 0) throw new TypeError("Bad Redis command");
  const [name, ...args] = command;
  // @upstash/redis sends strings and numbers; anything else arrives JSON-encoded already.
  return [
    String(name),
    args.map((a) => typeof a === "number" || typeof a === "string" ? a : JSON.stringify(a)),
  ];
}

/** A Redis error reply (`NOSCRIPT …`, `WRONGTYPE …`): an answer, not a broken connection. */
function isReplyError(error: unknown): error is Error {
  return error instanceof Error && error.name === "ReplyError";
}

const sha1 = (text: string) => createHash("sha1").update(text).digest("hex");

/** Script flags only Upstash knows; Redis rejects the script ("Unexpected flag in script shebang"). */
const UPSTASH_ONLY_FLAGS = new Set(["allow-key-locking"]);

/**
 * The script without Upstash-only shebang flags, or undefined when it has none.
 * `@upstash/ratelimit` ≥ 2.1 starts its scripts with `#!lua flags=allow-key-locking`, a hint
 * that lets Upstash lock only the script's keys; without it a script runs under Redis's usual
 * global lock, as it did before 2.1. A shebang left with no flags is dropped whole, so the
 * script also runs on Redis before 7.
 */
export function withoutUpstashFlags(script: string): string | undefined {
  const match = /^#!lua(?:[ \t]+flags=([^\s]*))?[ \t]*(?:\r?\n|$)/.exec(script);
  if (!match?.[1]) return undefined;
  const flags = match[1].split(",").filter((f) => f && !UPSTASH_ONLY_FLAGS.has(f));
  if (flags.length === match[1].split(",").filter(Boolean).length) return undefined;
  const body = script.slice(match[0].length);
  return flags.length > 0 ? `#!lua flags=${flags.join(",")}\n${body}` : body;
}

/**
 * An `@upstash/redis` requester that speaks to Redis through ioredis: the REST body
 * (`["evalsha", …]`) becomes `client.call("evalsha", …)`; `/pipeline` and `/multi-exec`
 * batches become an ioredis pipeline or transaction. Error replies come back as `{ error }`,
 * which `@upstash/redis` throws as `UpstashError` with Redis's text (so `NOSCRIPT` is seen).
 * Scripts lose their Upstash-only flags (`withoutUpstashFlags`); an `EVALSHA` of the original
 * script's hash is sent as the hash of the script Redis actually cached.
 */
export function ioredisRequester(client: () => Promise<IORedis>): Requester {
  /** sha1(script as the library sent it) → sha1(script as Redis runs it). */
  const rewritten = new Map<string, string>();

  function translate(name: string, args: Arg[]): Arg[] {
    const command = name.toLowerCase();
    if ((command === "eval" || command === "eval_ro") && typeof args[0] === "string") {
      const script = withoutUpstashFlags(args[0]);
      if (script !== undefined) {
        rewritten.set(sha1(args[0]), sha1(script));
        return [script, ...args.slice(1)];
      }
    }
    if ((command === "evalsha" || command === "evalsha_ro") && typeof args[0] === "string") {
      const sha = rewritten.get(args[0].toLowerCase());
      if (sha) return [sha, ...args.slice(1)];
    }
    return args;
  }

  return {
    async request<TResult>(req: UpstashRequest): Promise<UpstashResponse<TResult>> {
      const redis = await client();
      const path = (req.path ?? []).join("/");
      if (path === "") {
        const [name, args] = commandArgs(req.body);
        try {
          return { result: (await redis.call(name, ...translate(name, args)) ?? null) as TResult };
        } catch (error) {
          if (isReplyError(error)) return { error: error.message };
          throw error;
        }
      }
      if (path === "pipeline" || path === "multi-exec") {
        const commands = (req.body as unknown[]).map(commandArgs);
        const batch = path === "pipeline" ? redis.pipeline() : redis.multi();
        for (const [name, args] of commands) batch.call(name, ...translate(name, args));
        const replies = await batch.exec();
        if (!replies) throw new Error("Redis transaction was aborted");
        return {
          result: replies.map(([error, result]) =>
            error ? { error: error.message } : { result: result ?? null }
          ) as TResult,
        };
      }
      throw new Error(`Unsupported Upstash REST path: /${path}`);
    },
  };
}

// ------------------------------------------------------------ process default

let defaultStore: RateLimitStore | undefined;

function processStore(): RateLimitStore {
  if (!defaultStore) {
    defaultStore = createRateLimitStore(rateLimitConfigFromEnv());
    if (defaultStore.backend === "memory" && readEnv("APP_ENV") === "production") {
      log.warn("rate limits are in-process: set REDIS_URL or Upstash to share them");
    }
  }
  return defaultStore;
}

/**
 * A named policy: `rateLimiter("login-account", RATE_LIMITS.loginAccount)`. Safe to call at
 * module load: the store is picked from the environment on the first check. Limiters of the
 * same name share counters (in every backend), so give one name one policy.
 */
export function rateLimiter(name: string, policy: RateLimitPolicy): RateLimiter {
  checkPolicy(name, policy);
  const cache = new WeakMap<RateLimitStore, RateLimiter>();
  const current = () => {
    const store = processStore();
    let limiter = cache.get(store);
    if (!limiter) cache.set(store, limiter = store.limiter(name, policy));
    return limiter;
  };
  return {
    limit: (identifier) => current().limit(identifier),
    resetUsedTokens: (identifier) => current().resetUsedTokens(identifier),
  };
}

/** The backend this process uses (picks it now if nothing has yet; throws on a bad config). */
export function rateLimitBackend(): RateLimitBackend {
  return processStore().backend;
}

/**
 * Closes the process store (on shutdown) and forgets it: the next check reads the
 * environment again and starts from empty counters (tests use this to start afresh).
 */
export async function closeRateLimits(): Promise<void> {
  const store = defaultStore;
  defaultStore = undefined;
  await store?.close();
}
