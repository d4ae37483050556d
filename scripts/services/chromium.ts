/** Chromium for the browser tests: `CHROMIUM_PATH` or Debian's, installed with apt-get once. */
import { aptInstall } from "./apt.ts";
import type { OutputOptions } from "./process.ts";
import { isExecutableFile } from "./util.ts";

/** Path of Chromium for browser tests: `CHROMIUM_PATH` or /usr/bin/chromium, apt-installed once. */
export async function ensureChromium(options: OutputOptions = {}): Promise<string> {
  const path = Deno.env.get("CHROMIUM_PATH") || "/usr/bin/chromium";
  if (await isExecutableFile(path)) return path;
  if (path === "/usr/bin/chromium") {
    await aptInstall("chromium", options);
    if (await isExecutableFile(path)) return path;
  }
  throw new Error(
    `Chromium not found at ${path}. Install it (\`apt-get install chromium\` on Debian) or set ` +
      "CHROMIUM_PATH to a Chromium or Chrome binary.",
  );
}
