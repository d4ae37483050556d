/**
 * Test only: a local stand-in for Upstash's Redis REST API over a real Redis, just enough for
 * `@upstash/redis` as `@upstash/ratelimit` uses it.
 *
 * - `POST /` with a JSON array command (`["evalsha", sha, 2, k1, k2, "5"]`) → `{ "result": … }`,
 *   or HTTP 400 `{ "error": "NOSCRIPT …" }` when Redis answers with an error.
 * - `POST /pipeline` (and `/multi-exec`, in a MULTI) with an array of commands → an array of
 *   `{ "result" }` / `{ "error" }`, HTTP 200.
 * - `Authorization: Bearer <token>` is required: HTTP 401 otherwise.
 * - `Upstash-Encoding: base64` (the client's default) → string results base64-encoded, except
 *   the status reply `"OK"`, as Upstash does.
 * - Upstash accepts the `allow-key-locking` script flag that self-hosted Redis refuses: like
 *   Upstash, `EVAL` caches the script under the hash of the text the client sent, so a later
 *   `EVALSHA` of that hash runs it.
 *
 * Every command is kept in `commands`, so a test can check what reached "Upstash".
 */
import { Redis } from "ioredis";
import { createHash } from "node:crypto";

export interface UpstashEmulator {
  /** `UPSTASH_REDIS_REST_URL` for the client. */
  readonly url: string;
  /** `UPSTASH_REDIS_REST_TOKEN` for the client. */
  readonly token: string;
  /** Every command received, in order (pipelines flattened). */
  readonly commands: (string | number)[][];
  close(): Promise<void>;
}

type Arg = string | number;
type Reply = { result: unknown } | { error: string };

const sha1 = (text: string) => createHash("sha1").update(text).digest("hex");

/** The script with `allow-key-locking` removed from its `#!lua flags=` line (if any). */
function redisScript(script: string): string {
  const match = /^#!lua[ \t]+flags=(\S*)[ \t]*(\r?\n|$)/.exec(script);
  if (!match) return script;
  const flags = match[1].split(",").filter((f) => f && f !== "allow-key-locking");
  const body = script.slice(match[0].length);
  return flags.length > 0 ? `#!lua flags=${flags.join(",")}\n${body}` : body;
}

function encode(value: unknown): unknown {
  if (typeof value === "string") {
    if (value === "OK") return value;
    const bytes = new TextEncoder().encode(value);
    let binary = "";
    for (const b of bytes) binary += String.fromCharCode(b);
    return btoa(binary);
  }
  if (Array.isArray(value)) return value.map(encode);
  return value;
}

function isCommand(value: unknown): value is Arg[] {
  return Array.isArray(value) && value.length > 0 &&
    value.every((v) => typeof v === "string" || typeof v === "number" || v === null);
}

export async function startUpstashEmulator(
  options: { redisUrl: string; token?: string },
): Promise<UpstashEmulator> {
  const token = options.token ?? `test-${crypto.randomUUID()}`;
  const redis = new Redis(options.redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1 });
  await redis.connect();
  const commands: Arg[][] = [];
  /** sha1(script as sent) → sha1(script as Redis runs it). */
  const scripts = new Map<string, string>();

  /** The command as Redis should run it: script flags and hashes translated. */
  function forRedis(command: Arg[]): [string, Arg[]] {
    const name = String(command[0]).toLowerCase();
    const args = command.slice(1).map((a) => a ?? "");
    if (name === "eval" && typeof args[0] === "string") {
      const script = redisScript(args[0]);
      scripts.set(sha1(args[0]), sha1(script));
      return [name, [script, ...args.slice(1)]];
    }
    if (name === "evalsha" && typeof args[0] === "string") {
      return [name, [scripts.get(args[0].toLowerCase()) ?? args[0], ...args.slice(1)]];
    }
    return [name, args];
  }

  async function run(command: Arg[]): Promise<Reply> {
    commands.push(command);
    const [name, args] = forRedis(command);
    try {
      return { result: (await redis.call(name, ...args)) ?? null };
    } catch (error) {
      if (error instanceof Error && error.name === "ReplyError") return { error: error.message };
      throw error;
    }
  }

  async function handle(req: Request): Promise<Response> {
    const json = (body: unknown, status = 200) => Response.json(body, { status });
    if (req.method !== "POST") return json({ error: "Method not allowed" }, 405);
    if (req.headers.get("authorization") !== `Bearer ${token}`) {
      return json({ error: "Unauthorized" }, 401);
    }
    const base64 = req.headers.get("upstash-encoding")?.toLowerCase() === "base64";
    const out = (reply: Reply) =>
      "result" in reply && base64 ? { result: encode(reply.result) } : reply;
    let body: unknown;
    try {
      body = await req.json();
    } catch {
      return json({ error: "ERR failed to parse command" }, 400);
    }
    const path = new URL(req.url).pathname.replace(/\/+$/, "");
    if (path === "") {
      if (!isCommand(body)) return json({ error: "ERR failed to parse command" }, 400);
      const reply = await run(body);
      return json(out(reply), "error" in reply ? 400 : 200);
    }
    if (path === "/pipeline" || path === "/multi-exec") {
      if (!Array.isArray(body) || !body.every(isCommand)) {
        return json({ error: "ERR failed to parse pipeline request" }, 400);
      }
      if (path === "/pipeline") {
        const replies: Reply[] = [];
        for (const command of body) replies.push(await run(command));
        return json(replies.map(out));
      }
      const multi = redis.multi();
      for (const command of body) {
        commands.push(command);
        const [name, args] = forRedis(command);
        multi.call(name, ...args);
      }
      const replies = (await multi.exec()) ?? [];
      return json(
        replies.map(([error, result]) => out(error ? { error: error.message } : { result })),
      );
    }
    return json({ error: "Not found" }, 404);
  }

  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen: () => {} }, handle);
  return {
    url: `http://127.0.0.1:${server.addr.port}`,
    token,
    commands,
    async close() {
      await server.shutdown();
      await redis.quit();
    },
  };
}
