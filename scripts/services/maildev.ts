/** MailDev from node_modules: the SMTP sink with a web UI and a REST API that tests read. */
import { join } from "node:path";
import { ManagedProcess, type OutputOptions, type Service, serviceOf } from "./process.ts";
import { freePort, httpOk, nodeBinary, REPO_ROOT, tcpOpen } from "./util.ts";

export interface MailDevOptions extends OutputOptions {
  /** Default: a free port. */
  smtpPort?: number;
  /** Default: a free port. */
  webPort?: number;
  /** Folder where MailDev keeps the mails (kept across restarts); default: in memory. */
  dataDir?: string;
}

export interface MailDevService extends Service {
  /** e.g. smtp://127.0.0.1:1025 */
  readonly smtpUrl: string;
  /** Web UI and REST API, e.g. http://127.0.0.1:1080 */
  readonly webUrl: string;
}

/** Starts MailDev from node_modules and waits until its REST API answers. */
export async function startMailDev(options: MailDevOptions = {}): Promise<MailDevService> {
  const smtpPort = options.smtpPort ?? freePort();
  const webPort = options.webPort ?? freePort();
  if (options.dataDir) await Deno.mkdir(options.dataDir, { recursive: true });
  const proc = await ManagedProcess.spawn({
    name: "maildev",
    cmd: await nodeBinary(),
    args: [
      join(REPO_ROOT, "node_modules", "maildev", "bin", "maildev"),
      "--smtp",
      String(smtpPort),
      "--web",
      String(webPort),
      "--ip",
      "127.0.0.1",
      "--web-ip",
      "127.0.0.1",
      ...(options.dataDir ? ["--mail-directory", options.dataDir] : []),
    ],
    verbose: options.verbose,
    logDir: options.logDir,
  });
  const webUrl = `http://127.0.0.1:${webPort}`;
  try {
    await proc.waitUntil(() => httpOk(`${webUrl}/email`), "answering GET /email", 30_000);
    await proc.waitUntil(() => tcpOpen("127.0.0.1", smtpPort), "accepting SMTP", 10_000);
  } catch (e) {
    await proc.stop();
    throw e;
  }
  return { ...serviceOf(proc), smtpUrl: `smtp://127.0.0.1:${smtpPort}`, webUrl };
}
