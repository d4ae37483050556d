/** Small crypto helpers (Deno and Node alike). */
import { createHmac } from "node:crypto";

const encoder = new TextEncoder();

export function base64url(bytes: Uint8Array): string {
  let binary = "";
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

export function randomToken(bytes = 32): string {
  return base64url(crypto.getRandomValues(new Uint8Array(bytes)));
}

const keys = new Map<string, Promise<CryptoKey>>();

function hmacKey(secret: string): Promise<CryptoKey> {
  let key = keys.get(secret);
  if (!key) {
    key = crypto.subtle.importKey(
      "raw",
      encoder.encode(secret),
      { name: "HMAC", hash: "SHA-256" },
      false,
      ["sign"],
    );
    keys.set(secret, key);
  }
  return key;
}

/** HMAC-SHA256, base64url. Synchronous (node:crypto): it runs on hot request paths. */
export function hmac(secret: string, data: string): string {
  return createHmac("sha256", secret).update(data).digest("base64url");
}

/** Constant-time comparison of two strings (length may leak, content does not). */
export function timingSafeEqual(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}

const derived = new Map<string, Promise<Uint8Array>>();

/**
 * A key for jose's HS256, derived from the session secret for that purpose only. Derived once
 * per secret and purpose (every signed-in request verifies its session token with it; a WebCrypto
 * HMAC per request cost more than the rest of the session check). Callers must not modify it.
 */
export function derivedKey(secret: string, purpose: string): Promise<Uint8Array> {
  const id = `${purpose}\u0000${secret}`;
  let key = derived.get(id);
  if (!key) {
    key = hmacKey(secret).then((hmac) =>
      crypto.subtle.sign("HMAC", hmac, encoder.encode(`key:${purpose}`))
    ).then((bytes) => new Uint8Array(bytes));
    derived.set(id, key);
    key.catch(() => derived.delete(id));
  }
  return key;
}
