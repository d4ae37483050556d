/**
 * The local NIA stand-in over SAML2 (`node --import tsx scripts/nia_provider.ts`), and the dev
 * keys around it: the stand-in's signing key and, for the demo towns, the portal's SP signing and
 * encryption keys (RSA 2048, self-signed certificates made by `openssl`; kept in `keyDir` when
 * given so that `npm start` keeps its metadata across restarts, else in a temporary folder).
 * The keys never go to the log; `niaSamlEnv` (the web's `NIA_SAML`) carries them to the web.
 */
import { join } from "node:path";
import { ManagedProcess, type OutputOptions, type Service, serviceOf } from "./process.ts";
import { freePort, httpOk, nodeBinary, REPO_ROOT } from "./util.ts";

export interface NiaProviderOptions extends OutputOptions {
  port?: number;
  /** Host name in its URLs. Default localhost. */
  host?: string;
  /** Where the dev keys live (created when missing). Default: a temporary folder. */
  keyDir?: string;
  /** The least level of assurance the portal asks for. Default low. */
  minLoa?: "low" | "substantial" | "high";
}

export interface NiaProviderService extends Service {
  /** The stand-in's entity id (its metadata URL). */
  readonly entityId: string;
  readonly baseUrl: string;
  /** The value of `NIA_SAML` for the web server (lib/saml/config.ts). */
  readonly niaSamlEnv: string;
  /** The stand-in's signing key and certificate (tests forge answers with them). */
  readonly idpKeys: { signingKey: string; signingCert: string };
}

export interface DevKeyPair {
  key: string;
  cert: string;
}

/** A self-signed RSA key pair in `dir/<name>.key|.crt`, made once. */
export async function devKeyPair(dir: string, name: string): Promise<DevKeyPair> {
  const key = join(dir, `${name}.key`);
  const cert = join(dir, `${name}.crt`);
  try {
    return { key: await Deno.readTextFile(key), cert: await Deno.readTextFile(cert) };
  } catch {
    // made below
  }
  await Deno.mkdir(dir, { recursive: true, mode: 0o700 });
  const out = await new Deno.Command("openssl", {
    args: [
      "req",
      "-x509",
      "-newkey",
      "rsa:2048",
      "-nodes",
      "-sha256",
      "-days",
      "3650",
      "-subj",
      `/CN=${name} (development only)`,
      "-keyout",
      key,
      "-out",
      cert,
    ],
    stdout: "null",
    stderr: "piped",
  }).output();
  if (!out.success) {
    throw new Error(`openssl could not make a dev key: ${new TextDecoder().decode(out.stderr)}`);
  }
  await Deno.chmod(key, 0o600);
  return { key: await Deno.readTextFile(key), cert: await Deno.readTextFile(cert) };
}

export async function startNiaProvider(
  options: NiaProviderOptions = {},
): Promise<NiaProviderService> {
  const port = options.port ?? freePort();
  const baseUrl = `http://${options.host ?? "localhost"}:${port}`;
  const keyDir = options.keyDir ?? await Deno.makeTempDir({ prefix: "nia-keys-" });
  const [idp, spSigning, spEncryption] = await Promise.all([
    devKeyPair(keyDir, "nia-idp-signing"),
    devKeyPair(keyDir, "portal-sp-signing"),
    devKeyPair(keyDir, "portal-sp-encryption"),
  ]);
  const proc = await ManagedProcess.spawn({
    name: "nia",
    cmd: await nodeBinary(),
    args: ["--import", "tsx", join(REPO_ROOT, "scripts", "nia_provider.ts")],
    env: {
      NIA_PORT: String(port),
      NIA_BASE: baseUrl,
      NIA_SIGNING_KEY: idp.key,
      NIA_SIGNING_CERT: idp.cert,
      NIA_SP_ENCRYPTION_CERT: spEncryption.cert,
    },
    stopSignal: "SIGTERM",
    stopTimeoutMs: 5_000,
    verbose: options.verbose,
    logDir: options.logDir,
  });
  const metadataPath = "/FPSTS/FederationMetadata/2007-06/FederationMetadata.xml";
  let metadata: string;
  try {
    await proc.waitForLine(/"msg"\s*:\s*"nia provider started"/, 30_000);
    await proc.waitUntil(
      () => httpOk(`http://127.0.0.1:${port}${metadataPath}`),
      "serving its metadata",
      10_000,
    );
    metadata = await (await fetch(`http://127.0.0.1:${port}${metadataPath}`)).text();
  } catch (e) {
    await proc.stop();
    throw e;
  }
  const niaSamlEnv = JSON.stringify({
    idpMetadata: metadata,
    sp: {
      signingKey: spSigning.key,
      signingCert: spSigning.cert,
      encryptionKey: spEncryption.key,
      encryptionCert: spEncryption.cert,
    },
    minLoa: options.minLoa ?? "low",
  });
  return {
    ...serviceOf(proc),
    entityId: baseUrl + metadataPath,
    baseUrl,
    niaSamlEnv,
    idpKeys: { signingKey: idp.key, signingCert: idp.cert },
  };
}
