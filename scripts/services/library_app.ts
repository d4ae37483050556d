/**
 * The library's demo agenda application "Moje výpůjčky" (scripts/library_app.ts), signing in
 * through the portal's OpenID provider: `deno run -A scripts/library_app.ts`.
 */
import { join } from "node:path";
import { ManagedProcess, type OutputOptions, type Service, serviceOf } from "./process.ts";
import { httpOk, REPO_ROOT } from "./util.ts";

export interface LibraryAppOptions extends OutputOptions {
  port: number;
  /** The portal's issuer for the demo town, e.g. http://localhost:8000/oidc */
  issuer: string;
  clientId: string;
  clientSecret: string;
}

export interface LibraryAppService extends Service {
  /** e.g. http://localhost:8010 */
  readonly url: string;
}

export async function startLibraryApp(options: LibraryAppOptions): Promise<LibraryAppService> {
  const url = `http://localhost:${options.port}`;
  const proc = await ManagedProcess.spawn({
    name: "library",
    cmd: Deno.execPath(),
    args: ["run", "-A", join(REPO_ROOT, "scripts", "library_app.ts")],
    env: {
      LIBRARY_PORT: String(options.port),
      LIBRARY_ISSUER: options.issuer,
      LIBRARY_CLIENT_ID: options.clientId,
      LIBRARY_CLIENT_SECRET: options.clientSecret,
      LIBRARY_ORIGIN: url,
    },
    stopSignal: "SIGTERM",
    stopTimeoutMs: 5_000,
    verbose: options.verbose,
    logDir: options.logDir,
  });
  try {
    await proc.waitForLine(/"msg"\s*:\s*"library app started"/, 30_000);
    await proc.waitUntil(() => httpOk(`http://127.0.0.1:${options.port}/`), "serving", 10_000);
  } catch (e) {
    await proc.stop();
    throw e;
  }
  return { ...serviceOf(proc), url };
}
