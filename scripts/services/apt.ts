/** Debian packages the tests need (Chromium, redis-server), installed once with apt-get. */
import { runTask } from "./process.ts";
import { elapsed, isRoot, say, which } from "./util.ts";

/**
 * Installs a Debian package with apt-get (as root only). Throws when that is not possible or
 * fails, naming the package.
 */
export function aptInstall(
  pkg: string,
  options: { verbose?: boolean; logDir?: string } = {},
): Promise<void> {
  // One apt-get at a time: a second one would fail on dpkg's lock.
  const run = queue.then(() => install(pkg, options));
  queue = run.catch(() => {});
  return run;
}

let queue: Promise<void> = Promise.resolve();

async function install(pkg: string, options: { verbose?: boolean; logDir?: string }) {
  const aptGet = await which("apt-get");
  if (!isRoot() || !aptGet) {
    throw new Error(`${pkg} is missing; install it (\`apt-get install ${pkg}\` on Debian)`);
  }
  say(`${pkg} is missing: installing it with apt-get (one time, about a minute)…`);
  const started = performance.now();
  const apt = (args: string[]) =>
    runTask("apt", aptGet, ["-q", "-y", ...args], {
      env: { DEBIAN_FRONTEND: "noninteractive" },
      verbose: options.verbose,
      logDir: options.logDir,
      newSession: false,
      timeoutMs: 900_000,
    });
  try {
    await apt(["update"]);
    await apt(["install", pkg]);
  } catch (e) {
    throw new Error(`installing ${pkg} failed: ${(e as Error).message}`);
  }
  say(`${pkg} installed in ${elapsed(started)}`);
}
