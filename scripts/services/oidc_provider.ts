/**
 * The local OpenID provider standing in for Bank iD and MojeID (NIA has its SAML2 stand-in,
 * scripts/services/nia_provider.ts)
 * (`node --import tsx scripts/oidc_provider.ts`).
 */
import { join } from "node:path";
import { ManagedProcess, type OutputOptions, type Service, serviceOf } from "./process.ts";
import { freePort, httpOk, nodeBinary, randomSecret, REPO_ROOT } from "./util.ts";

/** A portal-side identity provider, served by the one local OpenID provider. */
export interface LocalOidcClient {
  /** The portal's provider id ("bankid"); the callback path is `/prihlaseni/oidc/<id>/callback`. */
  id: string;
  /** Shown on the login button. */
  name: string;
}

/** Bank iD and MojeID, each a client of its own at the local provider (as in real life). */
export const LOCAL_OIDC_CLIENTS: readonly LocalOidcClient[] = [
  { id: "bankid", name: "Bank iD" },
  { id: "mojeid", name: "MojeID" },
];

export interface OidcProviderOptions extends OutputOptions {
  /** Default: a free port. */
  port?: number;
  /** Host name in the issuer URL (what browser and web server both reach). Default localhost. */
  issuerHost?: string;
  /** Default: `LOCAL_OIDC_CLIENTS`. */
  clients?: readonly LocalOidcClient[];
  /**
   * Portal origins to register redirect URIs for. Default: the web server of `npm start`
   * (http://localhost:8000, http://127.0.0.1:8000, http://dubova.localhost:8000). The provider
   * also accepts the same callback path on any other loopback origin and port (tests serve the
   * in-process app on random ports; see scripts/oidc_provider.ts).
   */
  portalOrigins?: readonly string[];
  /** Process name, for the `[name]` prefix and `<name>.log`. Default "oidc". */
  name?: string;
}

export interface OidcProviderService extends Service {
  /** e.g. http://localhost:9090 */
  readonly issuer: string;
  /** The value of `OIDC_PROVIDERS` for the web server and the worker (see lib/oidc.ts). */
  readonly providersEnv: string;
}

/** Starts the local OpenID provider (`node --import tsx scripts/oidc_provider.ts`). */
export async function startOidcProvider(
  options: OidcProviderOptions = {},
): Promise<OidcProviderService> {
  const port = options.port ?? freePort();
  const issuer = `http://${options.issuerHost ?? "localhost"}:${port}`;
  const origins = options.portalOrigins ??
    ["http://localhost:8000", "http://127.0.0.1:8000", "http://dubova.localhost:8000"];
  const clients = (options.clients ?? LOCAL_OIDC_CLIENTS).map((c) => ({
    ...c,
    clientId: `portal-${c.id}`,
    clientSecret: randomSecret(),
  }));
  const proc = await ManagedProcess.spawn({
    name: options.name ?? "oidc",
    cmd: await nodeBinary(),
    args: ["--import", "tsx", join(REPO_ROOT, "scripts", "oidc_provider.ts")],
    env: {
      OIDC_PORT: String(port),
      OIDC_ISSUER: issuer,
      OIDC_CLIENTS: JSON.stringify(clients.map((c) => ({
        client_id: c.clientId,
        client_secret: c.clientSecret,
        redirect_uris: origins.map((o) => `${o}/prihlaseni/oidc/${c.id}/callback`),
      }))),
    },
    stopSignal: "SIGTERM",
    stopTimeoutMs: 5_000,
    verbose: options.verbose,
    logDir: options.logDir,
  });
  try {
    await proc.waitForLine(/"msg"\s*:\s*"oidc provider started"/, 30_000);
    await proc.waitUntil(
      () => httpOk(`http://127.0.0.1:${port}/.well-known/openid-configuration`),
      "serving its discovery document",
      10_000,
    );
  } catch (e) {
    await proc.stop();
    throw e;
  }
  const providersEnv = JSON.stringify(clients.map((c) => ({
    id: c.id,
    name: c.name,
    issuer,
    clientId: c.clientId,
    clientSecret: c.clientSecret,
  })));
  return { ...serviceOf(proc), issuer, providersEnv };
}
