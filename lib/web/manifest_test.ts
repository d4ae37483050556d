import { fileURLToPath } from "node:url";
import { assertEquals } from "./testdata/assert.ts";
import { generateManifest } from "../../scripts/gen_manifest.ts";

const fixture = fileURLToPath(new URL("./testdata", import.meta.url));

Deno.test("[web] the fixture's committed routes.gen.ts is up to date", async () => {
  const committed = await Deno.readTextFile(`${fixture}/routes.gen.ts`);
  assertEquals(await generateManifest(fixture), committed);
});

Deno.test("[web] manifest generation is deterministic and sorted", async () => {
  const first = await generateManifest(fixture);
  assertEquals(await generateManifest(fixture), first);
  const keys = [...first.matchAll(/^ {4}"([^"]+)": \$/gm)].map((m) => m[1]);
  const routes = keys.filter((key) => key.startsWith("./routes/"));
  assertEquals(routes, [...routes].sort());
  assertEquals(keys.filter((key) => key.startsWith("./islands/")), [
    "./islands/Badge.tsx",
    "./islands/Counter.tsx",
    "./islands/Echo.tsx",
    "./islands/Panel.tsx",
  ]);
});
