/**
 * External identity over OpenID Connect against the local stand-in provider
 * (scripts/oidc_provider.ts, a real `oidc-provider`): the whole protocol without a browser —
 * authorization request, the provider's login page, its redirect back, code exchange with PKCE,
 * ID token validation and userinfo. Skipped when Node or the provider package is missing.
 */
import { assert, assertEquals } from "../tests/assert.ts";
import {
  beginLogin,
  completeLogin,
  identityClaims,
  levelOfAssurance,
  OidcError,
  type OidcErrorCode,
  type OidcProviderConfig,
  openPendingLogin,
  parseProviders,
  type PendingLogin,
  sealPendingLogin,
} from "./oidc.ts";
import { type OidcProviderService, startOidcProvider, which } from "../scripts/services/mod.ts";
import { loginAtProvider } from "../tests/support/oidc.ts";

function fileExists(path: string): boolean {
  try {
    return Deno.statSync(path).isFile;
  } catch {
    return false;
  }
}

const canStart = (await which("node")) !== null &&
  fileExists(new URL("../node_modules/oidc-provider/package.json", import.meta.url).pathname);
const flow = { ignore: !canStart, sanitizeOps: false, sanitizeResources: false } as const;

let started: Promise<{ service: OidcProviderService; providers: OidcProviderConfig[] }> | undefined;

/** The provider, started once for this file and stopped when the test process ends. */
function localProvider() {
  started ??= startOidcProvider({ name: "oidc-test" }).then((service) => {
    globalThis.addEventListener("unload", () => void service.stop());
    return { service, providers: parseProviders(service.providersEnv) };
  });
  return started;
}

async function provider(id = "bankid"): Promise<OidcProviderConfig> {
  const { providers } = await localProvider();
  return providers.find((p) => p.id === id)!;
}

/** A port nothing listens on: the callback URL is only read, never fetched. */
const PORTAL = "http://localhost:45871";

/** Logs in at the provider as the person whose button has this label; returns the callback. */
function loginAs(url: URL, buttonLabel: string | "cancel"): Promise<URL> {
  return loginAtProvider(url, buttonLabel, PORTAL);
}

async function begin(id = "bankid"): Promise<{ url: URL; pending: PendingLogin }> {
  const p = await provider(id);
  return await beginLogin(p, `${PORTAL}/prihlaseni/oidc/${id}/callback`, "/ucet");
}

async function assertOidcError(
  promise: Promise<unknown>,
  ...codes: OidcErrorCode[]
): Promise<OidcError> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  assert(error instanceof OidcError, `expected an OidcError, got ${error}`);
  assert(codes.includes(error.code), `expected ${codes.join("/")}, got ${error.message}`);
  return error;
}

Deno.test(
  "[oidc] a full code flow with PKCE returns the bank identity's claims",
  flow,
  async () => {
    const { url, pending } = await begin();
    assertEquals(url.searchParams.get("code_challenge_method"), "S256");
    assertEquals(url.searchParams.get("response_type"), "code");
    assertEquals(url.searchParams.get("state"), pending.state);
    assert(!url.href.includes(pending.codeVerifier), "the verifier never leaves the portal");

    const callback = await loginAs(url, "Přihlásit jako Jan Novák \\(úroveň značná\\)");
    assertEquals(callback.pathname, "/prihlaseni/oidc/bankid/callback");
    const claims = await completeLogin(await provider(), pending, callback);
    assertEquals(claims, {
      provider: "bankid",
      subject: "test-jan-novak",
      givenName: "Jan",
      familyName: "Novák",
      birthDate: "1978-03-15",
      address: "Hlavní 12, 250 82 Lipnice nad Hájem",
      levelOfAssurance: "substantial",
      email: "jan.novak@example.cz",
    });
  },
);

Deno.test("[oidc] the level of assurance follows the person's eIDAS acr", flow, async () => {
  const { url, pending } = await begin("mojeid");
  const callback = await loginAs(url, "Přihlásit jako Eva Svobodová \\(úroveň vysoká\\)");
  const claims = await completeLogin(await provider("mojeid"), pending, callback);
  assertEquals(claims.provider, "mojeid");
  assertEquals(claims.familyName, "Svobodová");
  assertEquals(claims.levelOfAssurance, "high");
});

Deno.test("[oidc] a replayed callback (the same state twice) is refused", flow, async () => {
  const { url, pending } = await begin();
  const callback = await loginAs(url, "Přihlásit jako Petr Malý \\(úroveň nízká\\)");
  const claims = await completeLogin(await provider(), pending, callback);
  assertEquals(claims.levelOfAssurance, "low");
  await assertOidcError(
    completeLogin(await provider(), pending, callback),
    "StateMismatch",
    "InvalidResponse",
  );
});

Deno.test("[oidc] a callback with a tampered or missing state is refused", flow, async () => {
  const { url, pending } = await begin();
  const callback = await loginAs(url, "Přihlásit jako Jan Novák \\(úroveň značná\\)");
  const forged = new URL(callback);
  forged.searchParams.set("state", pending.state.slice(0, -2) + "xx");
  await assertOidcError(completeLogin(await provider(), pending, forged), "StateMismatch");
  const none = new URL(callback);
  none.searchParams.delete("state");
  await assertOidcError(completeLogin(await provider(), pending, none), "StateMismatch");
  // Another login's pending data does not fit this callback either.
  const other = await begin();
  await assertOidcError(completeLogin(await provider(), other.pending, callback), "StateMismatch");
});

Deno.test("[oidc] a callback for another provider's login is refused", flow, async () => {
  const { url, pending } = await begin("bankid");
  const callback = await loginAs(url, "Přihlásit jako Jan Novák \\(úroveň značná\\)");
  await assertOidcError(
    completeLogin(await provider("mojeid"), pending, callback),
    "UnknownProvider",
  );
  // The code is bound to bankid's client: presented by mojeid's client it is refused.
  await assertOidcError(
    completeLogin(await provider("mojeid"), { ...pending, provider: "mojeid" }, callback),
    "InvalidResponse",
  );
});

Deno.test("[oidc] a person who cancels at the provider gets access_denied", flow, async () => {
  const { url, pending } = await begin();
  const callback = await loginAs(url, "cancel");
  assertEquals(callback.searchParams.get("error"), "access_denied");
  const error = await assertOidcError(
    completeLogin(await provider(), pending, callback),
    "ProviderError",
  );
  assertEquals(error.detail, "access_denied");
});

Deno.test("[oidc] an unknown or missing acr counts as the low level of assurance", () => {
  assertEquals(levelOfAssurance("http://eidas.europa.eu/LoA/substantial"), "substantial");
  assertEquals(levelOfAssurance("http://eidas.europa.eu/LoA/high"), "high");
  assertEquals(levelOfAssurance("urn:example:loa:gold"), "low");
  assertEquals(levelOfAssurance(undefined), "low");
  assertEquals(levelOfAssurance("toString"), "low");
  const claims = identityClaims(
    "bankid",
    { sub: "abc", acr: "urn:example:loa:gold", given_name: "Jan", family_name: "Novák" },
    { email: "jan@example.cz", email_verified: false, address: { locality: "Dubová" } },
  );
  assertEquals(claims.levelOfAssurance, "low");
  assertEquals(claims.email, null, "an unverified e-mail is not passed on");
  assertEquals(claims.address, "Dubová");
  assertEquals(claims.birthDate, null);
});

Deno.test("[oidc] the pending-login cookie cannot be read, altered, reused elsewhere or kept", async () => {
  const secret = "a-test-secret-of-at-least-thirty-two-characters";
  const pending: PendingLogin = {
    provider: "bankid",
    state: "state-1",
    nonce: "nonce-1",
    codeVerifier: "verifier-that-must-stay-secret",
    redirectUri: `${PORTAL}/prihlaseni/oidc/bankid/callback`,
    next: "/ucet",
    tenantId: "t-1",
    createdAt: Date.now(),
  };
  const sealed = await sealPendingLogin(pending, secret);
  assert(!sealed.includes("verifier"), "encrypted, not just signed");
  assertEquals(await openPendingLogin(sealed, secret), pending);
  const parts = sealed.split(".");
  parts[3] = (parts[3][0] === "A" ? "B" : "A") + parts[3].slice(1);
  assertEquals(await openPendingLogin(parts.join("."), secret), null, "altered");
  assertEquals(await openPendingLogin(sealed, secret + "-other"), null, "another secret");
  assertEquals(await openPendingLogin(undefined, secret), null);
  assertEquals(await openPendingLogin("garbage", secret), null);
  const old = await sealPendingLogin({ ...pending, createdAt: Date.now() - 11 * 60_000 }, secret);
  assertEquals(await openPendingLogin(old, secret), null, "expired after ten minutes");
});

Deno.test("[oidc] OIDC_PROVIDERS is checked when read", () => {
  assertEquals(parseProviders(""), []);
  const one = parseProviders(
    '[{"id":"bankid","name":"Bank iD","issuer":"https://bankid.example",' +
      '"clientId":"c","clientSecret":"s"}]',
  );
  assertEquals(one[0].name, "Bank iD");
  let failed = 0;
  const http = '[{"id":"bankid","name":"n","issuer":"http://bankid.example","clientId":"c",' +
    '"clientSecret":"s"}]';
  // NIA speaks SAML2 only: an OpenID provider "nia" is a configuration error, not a fallback.
  const nia = '[{"id":"nia","name":"Identita občana (NIA)","issuer":"https://nia.example",' +
    '"clientId":"c","clientSecret":"s"}]';
  for (const bad of ["{", "{}", '[{"id":"bankid"}]', '[{"id":"NIA x","name":"n"}]', http, nia]) {
    try {
      parseProviders(bad);
    } catch {
      failed++;
    }
  }
  assertEquals(failed, 6);
});
