// Temporary (a11y engineer's visual check); deleted after use.
import { generateManifest } from "./scripts/gen_manifest.ts";
const src = await generateManifest(Deno.cwd());
await Deno.writeTextFile("zz_tmp_a11y_routes.gen.ts", src);
const app = (await Deno.readTextFile("lib/app.ts")).replace('"../routes.gen.ts"', '"../zz_tmp_a11y_routes.gen.ts"')
  .replace("middleware: [", "middleware: [(c: any, next: any) => { void c.res; return next(); },");
await Deno.writeTextFile("lib/zz_tmp_a11y_app.ts", app);
const { createPortalApp } = await import("./lib/zz_tmp_a11y_app.ts");
const a = createPortalApp();
Deno.serve({ port: 8765, hostname: "127.0.0.1" }, a.fetch);
