import { assertEquals } from "../../tests/assert.ts";
import { invalidateDataCaches, ttlCache } from "./cache.ts";

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

Deno.test("[cache] keys of another shape are dropped with their own town's data only", async () => {
  let loads = 0;
  const get = ttlCache(60_000, (key) => Promise.resolve(`${key}#${++loads}`), {
    tags: ["cache-test-board"],
    keyTenant: (key) => key.split(" ")[0],
  });
  assertEquals(await get("town-a current"), "town-a current#1");
  assertEquals(await get("town-a archive"), "town-a archive#2");
  assertEquals(await get("town-b current"), "town-b current#3");
  invalidateDataCaches("town-a", "cache-test-board");
  // Both views of town A are loaded again; town B keeps its entry.
  assertEquals(await get("town-a current"), "town-a current#4");
  assertEquals(await get("town-a archive"), "town-a archive#5");
  assertEquals(await get("town-b current"), "town-b current#3");
  invalidateDataCaches("town-b", "another-tag");
  assertEquals(await get("town-b current"), "town-b current#3");
});
