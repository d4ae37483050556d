import { assertEquals } from "../../tests/assert.ts";
import { ttlCache } from "./cache.ts";

Deno.test("[cache] concurrent misses share one load, and a failed load is retried", async () => {
  let loads = 0;
  const get = ttlCache(60_000, (key) => {
    loads++;
    return key === "bad" && loads === 1
      ? Promise.reject(new Error("down"))
      : Promise.resolve(key.length);
  });
  await get("bad").catch(() => {});
  assertEquals(await get("bad"), 3);
  assertEquals(await Promise.all([get("abcd"), get("abcd"), get("abcd")]), [4, 4, 4]);
  assertEquals(loads, 3);
});

Deno.test("[cache] an entry expires after its time to live", async () => {
  let loads = 0;
  const get = ttlCache(1, () => Promise.resolve(++loads));
  assertEquals(await get("k"), 1);
  await new Promise((r) => setTimeout(r, 5));
  assertEquals(await get("k"), 2);
});
