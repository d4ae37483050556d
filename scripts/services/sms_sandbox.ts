/**
 * The local SMS gateway sandbox (`deno run -A scripts/sandbox/sms.ts`), started by `npm start`
 * and `npm test` beside MailDev: it speaks the gateway protocol of lib/sms_gateway.ts and
 * delivers every SMS into MailDev as the dev outbox did, then sends signed delivery receipts
 * back to the portal. The web server and the worker reach it through the same variables as a
 * real gateway:
 *
 *   SMS_GATEWAY_URL     http://127.0.0.1:<port>/api/v1/sms
 *   SMS_GATEWAY_TOKEN   the bearer token
 *   SMS_GATEWAY_SECRET  the HMAC key both sides sign with
 */
import { join } from "node:path";
import { ManagedProcess, type OutputOptions, type Service, serviceOf } from "./process.ts";
import { freePort, httpOk, REPO_ROOT } from "./util.ts";

export interface SmsSandboxOptions extends OutputOptions {
  /** Default: a free port. */
  port?: number;
  /** MailDev's SMTP URL, where the SMS go. */
  smtpUrl: string;
  /** The signing secret; default a random one (fine: both sides get it from here). */
  secret?: string;
  /** Share of messages that fail (half a temporary 503, half a failed receipt). Default 0. */
  failShare?: number;
  /** Process name, for the `[name]` prefix and `<name>.log`. Default "sms-sandbox". */
  name?: string;
}

export interface SmsSandboxService extends Service {
  /** The submit URL, what SMS_GATEWAY_URL gets. */
  readonly url: string;
  readonly origin: string;
  /** SMS_GATEWAY_URL, SMS_GATEWAY_TOKEN, SMS_GATEWAY_SECRET. */
  readonly env: Record<string, string>;
}

function randomHex(bytes: number): string {
  return [...crypto.getRandomValues(new Uint8Array(bytes))]
    .map((b) => b.toString(16).padStart(2, "0")).join("");
}

/** Starts the sandbox and waits until it answers. */
export async function startSmsSandbox(options: SmsSandboxOptions): Promise<SmsSandboxService> {
  const port = options.port ?? freePort();
  const origin = `http://127.0.0.1:${port}`;
  const secret = options.secret ?? randomHex(32);
  const token = randomHex(16);
  const proc = await ManagedProcess.spawn({
    name: options.name ?? "sms-sandbox",
    cmd: Deno.execPath(),
    args: ["run", "-A", join(REPO_ROOT, "scripts", "sandbox", "sms.ts")],
    cwd: REPO_ROOT,
    env: {
      SMS_SANDBOX_PORT: String(port),
      SMS_SANDBOX_HOST: "127.0.0.1",
      SMS_SANDBOX_SECRET: secret,
      SMS_SANDBOX_TOKEN: token,
      SMS_SANDBOX_FAIL_SHARE: String(options.failShare ?? 0),
      SMTP_URL: options.smtpUrl,
    },
    stopSignal: "SIGTERM",
    stopTimeoutMs: 5_000,
    verbose: options.verbose,
    logDir: options.logDir,
  });
  try {
    await proc.waitForLine(/"msg"\s*:\s*"sms sandbox started"/, 30_000);
    await proc.waitUntil(() => httpOk(`${origin}/healthz`), "answering /healthz", 10_000);
  } catch (e) {
    await proc.stop();
    throw e;
  }
  const url = `${origin}/api/v1/sms`;
  return {
    ...serviceOf(proc),
    url,
    origin,
    env: { SMS_GATEWAY_URL: url, SMS_GATEWAY_TOKEN: token, SMS_GATEWAY_SECRET: secret },
  };
}
