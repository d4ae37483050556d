/** The web tier's entry (Deno): `deno run -A main.ts`. */
import { createPortalApp } from "./lib/app.ts";
import { config } from "./lib/config.ts";
import { closeDb } from "./lib/db.ts";
import { closeTemporalClient } from "./lib/temporal.ts";
import { log } from "./lib/log.ts";

const app = createPortalApp();
await app.prebuild();

const server = Deno.serve({
  port: config().port,
  hostname: "0.0.0.0",
  onListen: ({ port }) => log.lifecycle("web started", { port }),
}, app.fetch);

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  Deno.addSignalListener(signal, async () => {
    await server.shutdown();
    await closeTemporalClient();
    await closeDb();
    Deno.exit(0);
  });
}
