/** Fast tests of the orchestration helpers (util.ts). */
import { join } from "node:path";
import { assert, assertEquals, assertNotEquals } from "../../tests/assert.ts";
import { freePort, isPortFree, persistentSecret, randomSecret, REPO_ROOT } from "./util.ts";

Deno.test("REPO_ROOT is the folder with package.json and deno.json", async () => {
  assert((await Deno.stat(join(REPO_ROOT, "package.json"))).isFile);
  assert((await Deno.stat(join(REPO_ROOT, "deno.json"))).isFile);
});

Deno.test("freePort hands out distinct free ports; isPortFree sees a listener", () => {
  const a = freePort();
  const b = freePort();
  assertNotEquals(a, b);
  assert(isPortFree(a));
  const listener = Deno.listen({ hostname: "127.0.0.1", port: a });
  try {
    assertEquals(isPortFree(a), false);
  } finally {
    listener.close();
  }
});

Deno.test("randomSecret is long and random; persistentSecret is kept in its file", async () => {
  const s = randomSecret();
  assert(s.length >= 32 && /^[A-Za-z0-9_-]+$/.test(s));
  assertNotEquals(s, randomSecret());
  const dir = await Deno.makeTempDir();
  try {
    const file = join(dir, "sub", "session-secret");
    const first = await persistentSecret(file);
    assertEquals(await persistentSecret(file), first);
    assertEquals((await Deno.stat(file)).mode! & 0o777, 0o600);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
