/** The web tier's entry (Deno): `deno run -A main.ts`. */
import { createPortalApp } from "./lib/http/app.ts";
import { config } from "./lib/config.ts";
import { closeDb, setDatabaseApplicationName } from "./lib/db.ts";
import { closeOutcomeWaiter } from "./lib/outcomes.ts";
import { log } from "./lib/log.ts";

setDatabaseApplicationName("portal-web");
const app = createPortalApp();
await app.prebuild();

const server = Deno.serve({
  port: config().port,
  hostname: Deno.env.get("HOST") || "127.0.0.1", // loopback unless HOST says otherwise (README)
  onListen: ({ port }) => log.lifecycle("web started", { port }),
}, app.fetch);

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  Deno.addSignalListener(signal, async () => {
    await server.shutdown();
    await app.close();
    await closeOutcomeWaiter();
    await closeDb();
    Deno.exit(0);
  });
}
