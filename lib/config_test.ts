/** Configuration from the environment (lib/config.ts): what production refuses to start without. */
import { assertEquals, assertThrows } from "../tests/assert.ts";
import { loadConfig } from "./config.ts";

const SECRET = "s".repeat(40);

/** Runs `fn` with these variables set (undefined: unset), then puts the environment back. */
function withEnv<T>(vars: Record<string, string | undefined>, fn: () => T): T {
  const saved = Object.fromEntries(Object.keys(vars).map((k) => [k, Deno.env.get(k)]));
  const apply = (values: Record<string, string | undefined>) => {
    for (const [k, v] of Object.entries(values)) {
      if (v === undefined) Deno.env.delete(k);
      else Deno.env.set(k, v);
    }
  };
  apply(vars);
  try {
    return fn();
  } finally {
    apply(saved);
  }
}

Deno.test("production refuses to start without SESSION_SECRET", () => {
  withEnv({
    APP_ENV: "production",
    SESSION_SECRET: undefined,
    SMS_GATEWAY_URL: "https://sms.example/send",
  }, () => {
    assertThrows(() => loadConfig(), Error, "SESSION_SECRET");
  });
});

Deno.test("production refuses to start without an SMS gateway (SMS would go to the dev outbox)", () => {
  withEnv({ APP_ENV: "production", SESSION_SECRET: SECRET, SMS_GATEWAY_URL: undefined }, () => {
    assertThrows(() => loadConfig(), Error, "SMS_GATEWAY_URL");
  });
  withEnv({ APP_ENV: "production", SESSION_SECRET: SECRET, SMS_GATEWAY_URL: "" }, () => {
    assertThrows(() => loadConfig(), Error, "SMS_GATEWAY_URL");
  });
  const cfg = withEnv({
    APP_ENV: "production",
    SESSION_SECRET: SECRET,
    SMS_GATEWAY_URL: "https://sms.example/send",
    SMS_GATEWAY_TOKEN: "t0ken",
    SMS_GATEWAY_SECRET: SECRET,
  }, () => loadConfig());
  assertEquals([cfg.smsGatewayUrl, cfg.smsGatewayToken], ["https://sms.example/send", "t0ken"]);
  assertEquals(cfg.smsGatewaySecret, SECRET);
});

Deno.test("a gateway without its signing secret refuses to start (receipts would be unsigned)", () => {
  for (const secret of [undefined, "short"]) {
    withEnv({
      APP_ENV: "production",
      SESSION_SECRET: SECRET,
      SMS_GATEWAY_URL: "https://sms.example/send",
      SMS_GATEWAY_SECRET: secret,
    }, () => assertThrows(() => loadConfig(), Error, "SMS_GATEWAY_SECRET"));
  }
});

Deno.test("development and tests need no SMS gateway: SMS go to the dev outbox", () => {
  for (const appEnv of ["development", "test"]) {
    const cfg = withEnv(
      { APP_ENV: appEnv, SESSION_SECRET: SECRET, SMS_GATEWAY_URL: undefined },
      () => loadConfig(),
    );
    assertEquals(cfg.smsGatewayUrl, undefined);
  }
});
