/**
 * The local ČSOB payment gateway sandbox (`deno run -A scripts/sandbox/csob.ts`), speaking eAPI
 * 1.9 with keys of its own: `npm start` keeps them in `.data/csob-sandbox`, `npm test` in a temp
 * dir. The web server and the worker reach it through the same variables as the real gateway
 * (lib/config.ts, `payments.csob`):
 *
 *   CSOB_URL                   http://localhost:<port>/api/v1.9
 *   CSOB_MERCHANT_ID           M1PORTAL01
 *   CSOB_MERCHANT_PRIVATE_KEY  the merchant's private key, PEM (the sandbox's merchant.key)
 *   CSOB_GATEWAY_PUBLIC_KEY    the gateway's public key, PEM (the sandbox's gateway.pub)
 *
 * Keys travel as PEM values, not file paths: lib/config.ts runs on an edge runtime too, which
 * has no file system. In production the same four variables name the bank's gateway, the
 * merchant id it assigned, the key from its keygen and the bank's public key.
 */
import { join } from "node:path";
import { ManagedProcess, type OutputOptions, type Service, serviceOf } from "./process.ts";
import { freePort, httpOk, REPO_ROOT } from "./util.ts";

/** The sandbox's test cards, for banners (scripts/sandbox/csob.ts documents the same). */
export const CSOB_SANDBOX_TEST_CARDS: readonly { number: string; outcome: string }[] = [
  { number: "4000 0000 0000 0002", outcome: "paid" },
  { number: "4000 0000 0000 3063", outcome: "3-D Secure, code 123456" },
  { number: "4000 0000 0000 0069", outcome: "declined" },
];

export interface CsobSandboxOptions extends OutputOptions {
  /** Default: a free port. */
  port?: number;
  /** Keys and payments.json; kept between runs when it is kept. */
  dataDir: string;
  /** Default M1PORTAL01. */
  merchantId?: string;
  /** Process name, for the `[name]` prefix and `<name>.log`. Default "csob-sandbox". */
  name?: string;
}

export interface CsobSandboxService extends Service {
  /** The API base, e.g. http://localhost:9110/api/v1.9 (what CSOB_URL gets). */
  readonly url: string;
  /** The sandbox's own origin (card page, admin endpoints), e.g. http://localhost:9110. */
  readonly origin: string;
  readonly merchantId: string;
  readonly merchantPrivateKeyPem: string;
  readonly gatewayPublicKeyPem: string;
  /** CSOB_URL, CSOB_MERCHANT_ID, CSOB_MERCHANT_PRIVATE_KEY, CSOB_GATEWAY_PUBLIC_KEY. */
  readonly env: Record<string, string>;
}

/** Starts the sandbox and waits until it serves its index page. */
export async function startCsobSandbox(options: CsobSandboxOptions): Promise<CsobSandboxService> {
  const port = options.port ?? freePort();
  const merchantId = options.merchantId ?? "M1PORTAL01";
  const origin = `http://localhost:${port}`;
  await Deno.mkdir(options.dataDir, { recursive: true });
  const proc = await ManagedProcess.spawn({
    name: options.name ?? "csob-sandbox",
    cmd: Deno.execPath(),
    args: ["run", "-A", join(REPO_ROOT, "scripts", "sandbox", "csob.ts")],
    cwd: REPO_ROOT,
    env: {
      CSOB_SANDBOX_PORT: String(port),
      CSOB_SANDBOX_HOST: "127.0.0.1",
      CSOB_SANDBOX_PUBLIC_URL: origin,
      CSOB_SANDBOX_DATA_DIR: options.dataDir,
      CSOB_SANDBOX_MERCHANT_ID: merchantId,
    },
    stopSignal: "SIGTERM",
    stopTimeoutMs: 5_000,
    verbose: options.verbose,
    logDir: options.logDir,
  });
  let merchantPrivateKeyPem: string;
  let gatewayPublicKeyPem: string;
  try {
    await proc.waitForLine(/"msg"\s*:\s*"csob sandbox started"/, 30_000);
    await proc.waitUntil(
      () => httpOk(`http://127.0.0.1:${port}/`),
      "serving its index page",
      10_000,
    );
    [merchantPrivateKeyPem, gatewayPublicKeyPem] = await Promise.all([
      Deno.readTextFile(join(options.dataDir, "merchant.key")),
      Deno.readTextFile(join(options.dataDir, "gateway.pub")),
    ]);
  } catch (e) {
    await proc.stop();
    throw e;
  }
  const url = `${origin}/api/v1.9`;
  return {
    ...serviceOf(proc),
    url,
    origin,
    merchantId,
    merchantPrivateKeyPem,
    gatewayPublicKeyPem,
    env: {
      CSOB_URL: url,
      CSOB_MERCHANT_ID: merchantId,
      CSOB_MERCHANT_PRIVATE_KEY: merchantPrivateKeyPem,
      CSOB_GATEWAY_PUBLIC_KEY: gatewayPublicKeyPem,
    },
  };
}
