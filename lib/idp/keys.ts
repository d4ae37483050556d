/**
 * The town's OpenID provider signing key (Deno and Node alike): one ES256 key per town,
 * generated on first use and stored with its private part encrypted (AES-256-GCM under a key
 * derived from the portal's session secret for this purpose only, lib/crypto.ts `derivedKey`).
 * The web's provider signs ID tokens with it; the worker signs back-channel logout tokens.
 */
import type { Kysely } from "kysely";
import type { Database } from "../../db/schema.ts";
import { base64url, derivedKey, randomToken } from "../crypto.ts";

export type PrivateJwk = JsonWebKey & { kid: string; alg: "ES256"; use: "sig" };

const PURPOSE = "oidc-signing-keys";

function fromBase64url(text: string): Uint8Array {
  const b64 = text.replace(/-/g, "+").replace(/_/g, "/");
  const bin = atob(b64 + "=".repeat((4 - b64.length % 4) % 4));
  return Uint8Array.from(bin, (c) => c.charCodeAt(0));
}

async function aesKey(secret: string): Promise<CryptoKey> {
  return await crypto.subtle.importKey(
    "raw",
    (await derivedKey(secret, PURPOSE)) as BufferSource,
    "AES-GCM",
    false,
    ["encrypt", "decrypt"],
  );
}

/** base64url(iv ‖ ciphertext), bound to the town by the additional data. */
export async function encryptJwk(secret: string, tenantId: string, jwk: PrivateJwk) {
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const data = new TextEncoder().encode(JSON.stringify(jwk));
  const sealed = new Uint8Array(
    await crypto.subtle.encrypt(
      { name: "AES-GCM", iv, additionalData: new TextEncoder().encode(tenantId) },
      await aesKey(secret),
      data,
    ),
  );
  const out = new Uint8Array(iv.length + sealed.length);
  out.set(iv);
  out.set(sealed, iv.length);
  return base64url(out);
}

export async function decryptJwk(
  secret: string,
  tenantId: string,
  sealed: string,
): Promise<PrivateJwk> {
  const bytes = fromBase64url(sealed);
  const plain = await crypto.subtle.decrypt(
    {
      name: "AES-GCM",
      iv: bytes.slice(0, 12),
      additionalData: new TextEncoder().encode(tenantId),
    },
    await aesKey(secret),
    bytes.slice(12),
  );
  return JSON.parse(new TextDecoder().decode(plain)) as PrivateJwk;
}

/** The town's signing key; made and stored on first use (a concurrent first use keeps one). */
export async function townSigningKey(
  db: Kysely<Database>,
  secret: string,
  tenantId: string,
): Promise<PrivateJwk> {
  const stored = await db.selectFrom("oidc_signing_keys").select(["encrypted_jwk"])
    .where("tenant_id", "=", tenantId).executeTakeFirst();
  if (stored) return await decryptJwk(secret, tenantId, stored.encrypted_jwk);
  const pair = await crypto.subtle.generateKey({ name: "ECDSA", namedCurve: "P-256" }, true, [
    "sign",
    "verify",
  ]) as CryptoKeyPair;
  const exported = await crypto.subtle.exportKey("jwk", pair.privateKey);
  const jwk: PrivateJwk = {
    kty: exported.kty,
    crv: exported.crv,
    x: exported.x,
    y: exported.y,
    d: exported.d,
    kid: randomToken(12),
    alg: "ES256",
    use: "sig",
  };
  await db.insertInto("oidc_signing_keys").values({
    tenant_id: tenantId,
    kid: jwk.kid,
    encrypted_jwk: await encryptJwk(secret, tenantId, jwk),
  }).onConflict((oc) => oc.column("tenant_id").doNothing()).execute();
  const row = await db.selectFrom("oidc_signing_keys").select(["encrypted_jwk"])
    .where("tenant_id", "=", tenantId).executeTakeFirstOrThrow();
  return await decryptJwk(secret, tenantId, row.encrypted_jwk);
}

/** sha256 (base64url) of a client secret, as the client registry stores it. */
export async function hashClientSecret(secret: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(secret));
  return base64url(new Uint8Array(digest));
}
