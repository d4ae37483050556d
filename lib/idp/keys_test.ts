import { assert, assertEquals } from "../../tests/assert.ts";
import { decryptJwk, encryptJwk, hashClientSecret, type PrivateJwk } from "./keys.ts";

const SECRET = "a-test-session-secret-0123456789-abcdef";
const JWK: PrivateJwk = {
  kty: "EC",
  crv: "P-256",
  x: "x-part",
  y: "y-part",
  d: "the-private-part-never-stored-in-clear",
  kid: "k1",
  alg: "ES256",
  use: "sig",
};

Deno.test("[oidc keys] a town's signing key is stored encrypted and opens only for that town", async () => {
  const sealed = await encryptJwk(SECRET, "town-a", JWK);
  assert(
    !sealed.includes("private") && !atob(
      sealed.replace(/-/g, "+").replace(/_/g, "/") +
        "=".repeat((4 - sealed.length % 4) % 4),
    ).includes("private"),
  );
  assertEquals(await decryptJwk(SECRET, "town-a", sealed), JWK);
  let otherTown = false;
  try {
    await decryptJwk(SECRET, "town-b", sealed);
  } catch {
    otherTown = true;
  }
  assert(otherTown, "another town's id does not open it");
  let otherSecret = false;
  try {
    await decryptJwk(SECRET + "x", "town-a", sealed);
  } catch {
    otherSecret = true;
  }
  assert(otherSecret, "another portal secret does not open it");
});

Deno.test("[oidc keys] client secrets are kept as their sha256", async () => {
  const h = await hashClientSecret("s3cret");
  assertEquals(h, "HsHCa1DV08WNlYMYGvgHZlX-AHVr9yhZQLo2cPmfy6A");
  assert(!h.includes("s3cret"));
});
