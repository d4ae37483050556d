import { assertEquals } from "./assert.ts";
import { generateManifest } from "../scripts/gen_manifest.ts";

Deno.test("[web] the committed routes.gen.ts matches routes/ and islands/", async () => {
  const root = new URL("..", import.meta.url).pathname;
  const committed = await Deno.readTextFile(`${root}/routes.gen.ts`);
  assertEquals(await generateManifest(root), committed, "run: deno task manifest");
});
