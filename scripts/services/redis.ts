/**
 * A throwaway Redis for the rate-limit backend tests (lib/http/ratelimit_backend_test.ts): `redis-server` from
 * Debian (installed with apt-get when missing, like Chromium), on a free port, nothing saved.
 */
import { aptInstall } from "./apt.ts";
import { ManagedProcess, type OutputOptions, type Service, serviceOf } from "./process.ts";
import { freePort, isExecutableFile, tcpOpen, which } from "./util.ts";

export interface RedisService extends Service {
  /** e.g. redis://127.0.0.1:41234 */
  readonly url: string;
}

/** Path of `redis-server`: on PATH or /usr/bin, else installed with apt-get. */
export async function ensureRedisServer(options: OutputOptions = {}): Promise<string> {
  const found = await which("redis-server") ??
    (await isExecutableFile("/usr/bin/redis-server") ? "/usr/bin/redis-server" : null);
  if (found) return found;
  await aptInstall("redis-server", options);
  if (await isExecutableFile("/usr/bin/redis-server")) return "/usr/bin/redis-server";
  throw new Error("redis-server not found after installing it");
}

/** Starts a throwaway `redis-server` (in memory only) and waits until it accepts connections. */
export async function startRedis(
  options: OutputOptions & { port?: number; binary?: string } = {},
): Promise<RedisService> {
  const binary = options.binary ?? await ensureRedisServer(options);
  const port = options.port ?? freePort();
  // Its working folder (Debian's binary would otherwise use /var/lib/redis); nothing is saved.
  const dir = await Deno.makeTempDir({ prefix: "portal-redis-" });
  const proc = await ManagedProcess.spawn({
    name: "redis",
    cmd: binary,
    args: [
      "--port",
      String(port),
      "--bind",
      "127.0.0.1",
      "--save",
      "",
      "--appendonly",
      "no",
      "--daemonize",
      "no",
      "--dir",
      dir,
    ],
    stopSignal: "SIGTERM",
    stopTimeoutMs: 5_000,
    verbose: options.verbose,
    logDir: options.logDir,
  });
  const cleanup = () => Deno.remove(dir, { recursive: true }).catch(() => {});
  try {
    await proc.waitUntil(() => tcpOpen("127.0.0.1", port), "accepting connections", 30_000);
    await proc.waitForLine(/Ready to accept connections/, 10_000);
  } catch (e) {
    await proc.stop();
    await cleanup();
    throw e;
  }
  return { ...serviceOf(proc, cleanup), url: `redis://127.0.0.1:${port}` };
}
