import { assertEquals } from "../tests/assert.ts";
import { gzipSize, moduleImports, scriptUrls } from "./page_js.ts";

Deno.test("[bench] the scripts of an island page are found, and imports of minified modules", () => {
  const html = `<html><head><script src="/static/x.js"></script></head><body>
<!--frsh-Counter:0--><div></div><!--/frsh-Counter:0-->
<script type="application/json" id="__frsh_props">[{}]</script>
<script type="module" nonce="abc">
import { revive } from "/_frsh/js/frsh-client-AAAA.js";
import Counter from "/_frsh/js/Counter-BBBB.js";
revive({ Counter });
</script></body></html>`;
  assertEquals(scriptUrls(html), [
    "/static/x.js",
    "/_frsh/js/frsh-client-AAAA.js",
    "/_frsh/js/Counter-BBBB.js",
  ]);
  assertEquals(
    moduleImports(`import{a as b,c}from"./chunk-CCCC.js";import"./side.js";export{d}from"./e.js";`),
    ["./chunk-CCCC.js", "./side.js", "./e.js"],
  );
  assertEquals(scriptUrls("<html><body><p>No script.</p></body></html>"), []);
});

Deno.test("[bench] gzip sizes are measured on the bytes", async () => {
  const text = new TextEncoder().encode("a".repeat(10_000));
  const size = await gzipSize(text);
  assertEquals(size > 0 && size < 200, true);
});
