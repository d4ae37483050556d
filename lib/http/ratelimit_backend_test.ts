/**
 * Rate limits in each backend: in-process always; Redis and Upstash (the local REST emulator
 * over that Redis) against `RATELIMIT_TEST_REDIS_URL` or `REDIS_URL`. `npm test` always provides
 * one (a throwaway `redis-server` when none answers, see scripts/test.ts); run alone without
 * one, those tests are skipped and listed as skipped.
 */
import { Ratelimit } from "@upstash/ratelimit";
import { Redis as UpstashRedis } from "@upstash/redis";
import { Redis } from "ioredis";
import { Hono } from "hono";
import {
  assert,
  assertEquals,
  assertMatch,
  assertNotMatch,
  assertStringIncludes,
} from "../../tests/assert.ts";
import {
  startUpstashEmulator,
  type UpstashEmulator,
} from "../../tests/support/upstash_emulator.ts";
import ErrorPage from "../../routes/_error.tsx";
import {
  clientIp,
  enforce,
  enforceIp,
  ipRateKey,
  normalizeIp,
  RateLimitedError,
  UNKNOWN_IP,
} from "./ratelimit.ts";
import {
  closeRateLimits,
  createRateLimitStore,
  ioredisRequester,
  RATE_LIMITS,
  rateLimitBackend,
  rateLimitConfigFromEnv,
  rateLimiter,
  type RateLimitStore,
  withoutUpstashFlags,
} from "./ratelimit_backend.ts";
import { createApp, HttpError } from "../web/mod.ts";

/** Set by scripts/test.ts when a Redis is at hand (REDIS_URL, or one on 127.0.0.1:6379). */
const REDIS_URL = Deno.env.get("RATELIMIT_TEST_REDIS_URL") ?? Deno.env.get("REDIS_URL");
const RUN = crypto.randomUUID().slice(0, 8);
let counter = 0;
/** A policy name no earlier run has used: tests share the developer's Redis. */
const uniqueName = (what: string) => `test-${RUN}-${what}-${++counter}`;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** One backend under test: its store, and a look into what reached Redis. */
interface Harness {
  store: RateLimitStore;
  /** Keys in Redis under `portal:rl:<name>:`. */
  keys(name: string): Promise<string[]>;
  /** Everything sent to the store, as text (Upstash only). */
  sent(): string;
  close(): Promise<void>;
}

async function scan(redis: Redis, pattern: string): Promise<string[]> {
  const keys: string[] = [];
  let cursor = "0";
  do {
    const [next, batch] = await redis.scan(cursor, "MATCH", pattern, "COUNT", 1000);
    cursor = next;
    keys.push(...batch);
  } while (cursor !== "0");
  return keys;
}

const scanKeys = (redis: Redis, name: string) => scan(redis, `portal:rl:${name}:*`);

/** Removes this run's keys from the developer's Redis and closes the connection. */
async function cleanUp(redis: Redis): Promise<void> {
  const keys = await scan(redis, `portal:rl:test-${RUN}-*`);
  if (keys.length > 0) await redis.del(...keys);
  await redis.quit();
}

const backends: {
  kind: "memory" | "redis" | "upstash";
  ignore: boolean;
  open(): Promise<Harness>;
}[] = [
  {
    kind: "memory",
    ignore: false,
    open: () =>
      Promise.resolve({
        store: createRateLimitStore({ backend: "memory" }),
        keys: () => Promise.resolve([]),
        sent: () => "",
        close: () => Promise.resolve(),
      }),
  },
  {
    kind: "redis",
    ignore: !REDIS_URL,
    open() {
      const store = createRateLimitStore({ backend: "redis", url: REDIS_URL! });
      const redis = new Redis(REDIS_URL!);
      return Promise.resolve({
        store,
        keys: (name) => scanKeys(redis, name),
        sent: () => "",
        async close() {
          await store.close();
          await cleanUp(redis);
        },
      });
    },
  },
  {
    kind: "upstash",
    ignore: !REDIS_URL,
    async open() {
      const emulator: UpstashEmulator = await startUpstashEmulator({ redisUrl: REDIS_URL! });
      const store = createRateLimitStore({
        backend: "upstash",
        url: emulator.url,
        token: emulator.token,
      });
      const redis = new Redis(REDIS_URL!);
      return {
        store,
        keys: (name) => scanKeys(redis, name),
        sent: () => JSON.stringify(emulator.commands),
        async close() {
          await store.close();
          await emulator.close();
          await cleanUp(redis);
        },
      };
    },
  },
];

for (const { kind, ignore, open } of backends) {
  const test = (name: string, fn: (h: Harness) => Promise<void>) =>
    Deno.test({
      name: `[ratelimit] ${kind}: ${name}`,
      ignore,
      async fn() {
        const harness = await open();
        try {
          await fn(harness);
        } finally {
          await harness.close();
        }
      },
    });

  test("the 6th attempt inside the window is refused", async ({ store }) => {
    const limiter = store.limiter(uniqueName("login"), RATE_LIMITS.loginAccount);
    const before = Date.now();
    const remaining: number[] = [];
    for (let i = 0; i < 5; i++) {
      const r = await limiter.limit("jan.novak");
      assert(r.success, `attempt ${i + 1} should pass`);
      assertEquals(r.limit, 5);
      remaining.push(r.remaining);
    }
    assertEquals(remaining, [4, 3, 2, 1, 0]);
    const sixth = await limiter.limit("jan.novak");
    assertEquals([sixth.success, sixth.limit, sixth.remaining], [false, 5, 0]);
    assert(sixth.reset > Date.now(), "reset lies in the future");
    assert(sixth.reset <= before + 15 * 60_000, "reset lies within the 15-minute window");
    assertEquals((await limiter.limit("jan.novak")).success, false);
    assertEquals((await limiter.limit("eva.svobodova")).success, true);
  });

  test("resetUsedTokens frees a refused identifier", async ({ store }) => {
    const limiter = store.limiter(uniqueName("reset"), { tokens: 2, window: "1 h" });
    await limiter.limit("203.0.113.9");
    await limiter.limit("203.0.113.9");
    assertEquals((await limiter.limit("203.0.113.9")).success, false);
    await limiter.resetUsedTokens("203.0.113.9");
    const after = await limiter.limit("203.0.113.9");
    assertEquals([after.success, after.remaining], [true, 1]);
  });

  test("the identifier is free again once the window has passed", async ({ store }) => {
    const limiter = store.limiter(uniqueName("expiry"), { tokens: 2, window: "1 s" });
    // Start just after a window begins, so that all three calls fall in the same one.
    await sleep(1000 - (Date.now() % 1000) + 20);
    await limiter.limit("jan.novak");
    await limiter.limit("jan.novak");
    const refused = await limiter.limit("jan.novak");
    assertEquals(refused.success, false);
    // The sliding window still weighs the previous second: wait for the one after it.
    await sleep((Math.floor(Date.now() / 1000) + 2) * 1000 + 50 - Date.now());
    const later = await limiter.limit("jan.novak");
    assertEquals([later.success, later.remaining], [true, 1]);
  });

  test("names count apart; case and surrounding spaces do not", async ({ store }) => {
    const login = store.limiter(uniqueName("a"), { tokens: 1, window: "1 h" });
    const reset = store.limiter(uniqueName("b"), { tokens: 1, window: "1 h" });
    assertEquals((await login.limit("Jan.Novak@Example.cz ")).success, true);
    assertEquals((await login.limit("jan.novak@example.cz")).success, false);
    assertEquals((await reset.limit("jan.novak@example.cz")).success, true);
  });

  if (kind !== "memory") {
    test("identifiers reach the store only as keyed hashes", async ({ store, keys, sent }) => {
      const name = uniqueName("privacy");
      const limiter = store.limiter(name, RATE_LIMITS.loginIp);
      await limiter.limit("jan.novak@example.cz");
      await limiter.limit("203.0.113.7");
      await limiter.resetUsedTokens("203.0.113.7");
      await limiter.limit("2001:db8::1");
      const found = await keys(name);
      assertEquals(found.length, 2);
      for (const key of found) {
        assertMatch(key, new RegExp(`^portal:rl:${name}:[0-9a-f]{32}:\\d+$`));
        assertNotMatch(key, /novak|example|203\.0|2001/);
      }
      assertNotMatch(sent(), /novak|example\.cz|203\.0\.113|2001:db8/);
    });
  }
}

Deno.test({
  name: "[ratelimit] redis: each script is sent once, then run by its hash",
  ignore: !REDIS_URL,
  async fn() {
    const client = new Redis(REDIS_URL!);
    const calls: string[] = [];
    const call = client.call.bind(client) as (...args: unknown[]) => Promise<unknown>;
    (client as unknown as { call: typeof call }).call = (...args) => {
      calls.push(String(args[0]));
      return call(...args);
    };
    try {
      const ratelimit = new Ratelimit({
        redis: new UpstashRedis(ioredisRequester(() => Promise.resolve(client))),
        limiter: Ratelimit.slidingWindow(3, "1 m"),
        prefix: `portal:rl:${uniqueName("scripts")}`,
        enableTelemetry: false,
      });
      for (let i = 0; i < 3; i++) assert((await ratelimit.limit("x")).success);
      assertEquals(calls, ["evalsha", "eval", "evalsha", "evalsha"]);
    } finally {
      await cleanUp(client);
    }
  },
});

Deno.test("[ratelimit] Upstash-only script flags are dropped for Redis, others kept", () => {
  const body = "\n  local key = KEYS[1]\n  return 1\n";
  assertEquals(withoutUpstashFlags(`#!lua flags=allow-key-locking${body}`), body.slice(1));
  assertEquals(
    withoutUpstashFlags(`#!lua flags=no-writes,allow-key-locking${body}`),
    `#!lua flags=no-writes${body}`,
  );
  assertEquals(withoutUpstashFlags(`#!lua flags=no-writes${body}`), undefined);
  assertEquals(withoutUpstashFlags(body), undefined);
});

Deno.test({
  name: "[ratelimit] upstash: a wrong token is an error, not a silent pass",
  ignore: !REDIS_URL,
  async fn() {
    const emulator = await startUpstashEmulator({ redisUrl: REDIS_URL! });
    const store = createRateLimitStore({ backend: "upstash", url: emulator.url, token: "wrong" });
    try {
      const limiter = store.limiter(uniqueName("token"), RATE_LIMITS.loginAccount);
      const error = await limiter.limit("jan.novak").then(() => undefined, (e) => e);
      assert(error instanceof Error, "limit() should reject");
      assertStringIncludes(error.message, "Unauthorized");
    } finally {
      await store.close();
      await emulator.close();
    }
  },
});

/** Runs `fn` with console.error captured (the JSON log lines of lib/log.ts). */
async function capturingErrors(fn: () => Promise<void>): Promise<string[]> {
  const lines: string[] = [];
  const original = console.error;
  console.error = (line: string) => lines.push(String(line));
  try {
    await fn();
  } finally {
    console.error = original;
  }
  return lines;
}

Deno.test("[ratelimit] an unreachable store lets the check pass and logs it", async () => {
  // Port 1 on loopback refuses connections: Redis and "Upstash" are both down.
  for (
    const store of [
      createRateLimitStore({ backend: "redis", url: "redis://127.0.0.1:1" }),
      createRateLimitStore({ backend: "upstash", url: "http://127.0.0.1:1", token: "t" }),
    ]
  ) {
    try {
      const limiter = store.limiter(uniqueName("down"), RATE_LIMITS.loginAccount);
      let result;
      const lines = await capturingErrors(async () => {
        result = await limiter.limit("jan.novak");
      });
      assertEquals(result, { success: true, limit: 5, remaining: 5, reset: result!.reset });
      assert(
        lines.some((line) => JSON.parse(line).msg === "rate limit store unreachable; allowed"),
        `${store.backend}: the outage is logged`,
      );
      assertNotMatch(lines.join("\n"), /jan\.novak/);
    } finally {
      await store.close();
    }
  }
});

Deno.test("[ratelimit] the environment picks Upstash, then REDIS_URL, then memory", () => {
  const env = (vars: Record<string, string>) => (name: string) => vars[name];
  const upstash = {
    UPSTASH_REDIS_REST_URL: "https://eu.upstash.io",
    UPSTASH_REDIS_REST_TOKEN: "t",
  };
  const redis = { REDIS_URL: "redis://127.0.0.1:6379" };
  assertEquals(rateLimitConfigFromEnv(env({ ...upstash, ...redis })), {
    backend: "upstash",
    url: "https://eu.upstash.io",
    token: "t",
  });
  assertEquals(rateLimitConfigFromEnv(env(redis)), { backend: "redis", url: redis.REDIS_URL });
  assertEquals(rateLimitConfigFromEnv(env({})), { backend: "memory" });
  let error: unknown;
  try {
    rateLimitConfigFromEnv(env({ UPSTASH_REDIS_REST_URL: "https://eu.upstash.io", ...redis }));
  } catch (e) {
    error = e;
  }
  assert(error instanceof Error && /UPSTASH_REDIS_REST_TOKEN/.test(error.message));
});

Deno.test("[ratelimit] policy names and windows are checked when declared", () => {
  const throws = (fn: () => unknown) => {
    try {
      fn();
    } catch {
      return true;
    }
    return false;
  };
  assert(throws(() => rateLimiter("Login Account", RATE_LIMITS.loginAccount)));
  assert(throws(() => rateLimiter("login:*", RATE_LIMITS.loginAccount)));
  assert(throws(() => rateLimiter("login", { tokens: 0, window: "1 m" })));
  assert(throws(() => rateLimiter("login", { tokens: 5, window: "0 s" })));
  assert(!throws(() => rateLimiter("login-account", RATE_LIMITS.loginAccount)));
});

Deno.test("[ratelimit] rateLimiter uses the store the environment names", async () => {
  try {
    assertEquals(rateLimitBackend(), rateLimitConfigFromEnv().backend);
    const limiter = rateLimiter(uniqueName("default"), RATE_LIMITS.loginAccount);
    for (let i = 0; i < 5; i++) assert((await limiter.limit("jan.novak")).success);
    assertEquals((await limiter.limit("jan.novak")).success, false);
  } finally {
    await closeRateLimits();
    if (REDIS_URL) await cleanUp(new Redis(REDIS_URL));
  }
});

// ------------------------------------------------------------- lib/http/ratelimit.ts

async function withEnv<T>(vars: Record<string, string | undefined>, fn: () => T | Promise<T>) {
  const saved = Object.fromEntries(Object.keys(vars).map((k) => [k, Deno.env.get(k)]));
  const apply = (values: Record<string, string | undefined>) => {
    for (const [k, v] of Object.entries(values)) {
      v === undefined ? Deno.env.delete(k) : Deno.env.set(k, v);
    }
  };
  apply(vars);
  try {
    return await fn();
  } finally {
    apply(saved);
  }
}

/** The client address a Hono app sees for a request from `remote` (as Deno.serve passes it). */
async function seenIp(headers: HeadersInit, remote?: string): Promise<string> {
  const app = new Hono();
  app.get("/", (c) => c.text(clientIp(c)));
  const info = remote ? { remoteAddr: { hostname: remote, port: 50000, transport: "tcp" } } : {};
  return await (await app.fetch(new Request("http://portal.test/", { headers }), info)).text();
}

Deno.test("[ratelimit] clientIp believes X-Forwarded-For only behind TRUST_PROXY", async () => {
  const spoofed = { "x-forwarded-for": "198.51.100.1, 203.0.113.50" };
  await withEnv({ TRUST_PROXY: undefined }, async () => {
    assertEquals(await seenIp(spoofed, "192.0.2.10"), "192.0.2.10");
    assertEquals(await seenIp(spoofed), UNKNOWN_IP);
    assertEquals(clientIp(new Request("http://portal.test/", { headers: spoofed })), UNKNOWN_IP);
  });
  await withEnv({ TRUST_PROXY: "1" }, async () => {
    // The proxy appends what it saw; what the client wrote before it is not believed.
    assertEquals(await seenIp(spoofed, "10.0.0.2"), "203.0.113.50");
    assertEquals(await seenIp({}, "::ffff:192.0.2.10"), "192.0.2.10");
  });
  await withEnv({ TRUST_PROXY: "2" }, async () => {
    assertEquals(await seenIp(spoofed, "10.0.0.2"), "198.51.100.1");
  });
});

Deno.test("[ratelimit] addresses are normalised, IPv6 limited by its /64", () => {
  assertEquals(normalizeIp(" 192.0.2.1:8080 "), "192.0.2.1");
  assertEquals(normalizeIp("[2001:DB8::1]:443"), "2001:db8::1");
  assertEquals(normalizeIp("fe80::1%eth0"), "fe80::1");
  assertEquals(normalizeIp("999.1.1.1"), undefined);
  assertEquals(normalizeIp("not-an-ip"), undefined);
  assertEquals(ipRateKey("192.0.2.1"), "192.0.2.1");
  assertEquals(ipRateKey("2001:db8:1:2:aaaa::1"), "2001:db8:1:2::/64");
  assertEquals(ipRateKey("2001:db8:1:2:bbbb:cccc:dddd:eeee"), "2001:db8:1:2::/64");
});

Deno.test("[ratelimit] enforce throws 429 with the message key and a Retry-After", async () => {
  const store = createRateLimitStore({ backend: "memory" });
  const limiter = store.limiter("login-account", { tokens: 1, window: "1 m" });
  const app = new Hono();
  app.get("/", async (c) => {
    try {
      await enforce(limiter, "jan.novak", c);
      return c.text("ok");
    } catch (error) {
      assert(error instanceof RateLimitedError && error instanceof HttpError);
      assertEquals([error.status, error.message], [429, "errors.tooManyRequests"]);
      assert(error.retryAfterSeconds >= 1 && error.retryAfterSeconds <= 60);
      assertEquals(error.retryAfterMinutes, 1);
      return c.text("refused", 429);
    }
  });
  assertEquals((await app.request("/")).status, 200);
  const refused = await app.request("/");
  assertEquals(refused.status, 429);
  assertMatch(refused.headers.get("retry-after") ?? "", /^\d+$/);
});

Deno.test("[ratelimit] enforceIp does not limit when the address is unknown", async () => {
  const store = createRateLimitStore({ backend: "memory" });
  const limiter = store.limiter("login-ip", { tokens: 1, window: "1 h" });
  const req = new Request("http://portal.test/");
  await withEnv({ TRUST_PROXY: undefined }, async () => {
    await capturingErrors(async () => {
      for (let i = 0; i < 3; i++) assertEquals(await enforceIp(limiter, req), undefined);
    });
  });
  await withEnv({ TRUST_PROXY: "1" }, async () => {
    const from = (ip: string) =>
      new Request("http://portal.test/", { headers: { "x-forwarded-for": ip } });
    assert((await enforceIp(limiter, from("2001:db8:1:2::1")))?.success);
    // Another address of the same /64 shares the bucket.
    const error = await enforceIp(limiter, from("2001:db8:1:2::99")).then(() => null, (e) => e);
    assert(error instanceof RateLimitedError);
  });
});

Deno.test("[ratelimit] the 6th wrong password gets the 429 page in Czech", async () => {
  const store = createRateLimitStore({ backend: "memory" });
  const perAccount = store.limiter("login-account", RATE_LIMITS.loginAccount);
  const app = createApp({
    onError: () => {},
    manifest: {
      baseUrl: "https://portal.test/routes.gen.ts",
      islands: {},
      routes: {
        "./routes/prihlaseni.tsx": {
          handler: {
            POST: async (ctx: { hono: import("hono").Context }) => {
              await enforce(perAccount, "jan.novak", ctx);
              return new Response("Špatné heslo", { status: 200 });
            },
          },
          default: () => null,
        },
        "./routes/_error.tsx": { default: ErrorPage },
      },
    },
  });
  const post = () => app.fetch(new Request("http://portal.test/prihlaseni", { method: "POST" }));
  for (let i = 0; i < 5; i++) assertEquals((await post()).status, 200);
  const res = await post();
  assertEquals(res.status, 429);
  assertStringIncludes(res.headers.get("content-type") ?? "", "text/html");
  assertMatch(res.headers.get("retry-after") ?? "", /^\d+$/);
  assert(Number(res.headers.get("retry-after")) <= 15 * 60);
  assertStringIncludes(
    await res.text(),
    "Příliš mnoho pokusů. Počkejte prosím několik minut a zkuste to znovu.",
  );
});
