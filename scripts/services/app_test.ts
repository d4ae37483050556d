/** The app's environment (app.ts); starting the worker and the web is `npm test`'s own test. */
import { assert, assertEquals } from "../../tests/assert.ts";
import { appEnv } from "./app.ts";

Deno.test("appEnv gives the app every variable it reads", () => {
  const env = appEnv({
    databaseUrl: "postgres://x@127.0.0.1:1/db",
    temporalAddress: "127.0.0.1:2",
    smtpUrl: "smtp://127.0.0.1:3",
    maildevUrl: "http://127.0.0.1:4",
    sessionSecret: "s".repeat(40),
    appEnv: "test",
    port: 5,
  });
  for (
    const key of [
      "DATABASE_URL",
      "TEMPORAL_ADDRESS",
      "TEMPORAL_NAMESPACE",
      "TEMPORAL_TASK_QUEUE",
      "SMTP_URL",
      "MAILDEV_URL",
      "SESSION_SECRET",
      "PORT",
      "CHROMIUM_PATH",
      "APP_ENV",
    ]
  ) assert(env[key], key);
  assertEquals(env.PORT, "5");
  assertEquals(env.APP_ENV, "test");
});
