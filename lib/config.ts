/**
 * Configuration from the environment, read once. Every variable is listed in the README.
 */
import { readEnv } from "./env.ts";
import type { CsobConfig } from "./payments/csob.ts";

export type AppEnv = "development" | "test" | "production";

export interface Config {
  appEnv: AppEnv;
  port: number;
  databaseUrl: string;
  temporalAddress: string;
  temporalNamespace: string;
  temporalTaskQueue: string;
  /**
   * The Temporal UI (`TEMPORAL_UI_URL`, default http://localhost:8233, the dev server's): clerks
   * with the admin role (the town's operators) get a link from a case to its workflow there.
   */
  temporalUiUrl: string;
  smtpUrl: string;
  /** HMAC key for session tokens and CSRF tokens; at least 32 characters. */
  sessionSecret: string;
  /** Sender of the portal's e-mails. */
  mailFrom: string;
  /**
   * The SMS gateway (`SMS_GATEWAY_URL`, bearer `SMS_GATEWAY_TOKEN`); required in production.
   * Unset elsewhere: SMS go to the development outbox (MailDev), see lib/worker/sms.ts.
   */
  smsGatewayUrl: string | undefined;
  smsGatewayToken: string;
  /**
   * `SMS_GATEWAY_SECRET`: the HMAC key that signs what the portal sends the gateway and what
   * the gateway sends back (delivery receipts), lib/sms_gateway.ts. Required with a gateway.
   */
  smsGatewaySecret: string;
  /** `SMS_CALLBACK_ORIGIN`: the origin the gateway posts receipts to; default the town's own. */
  smsCallbackOrigin: string | undefined;
  payments: {
    /**
     * Card payments through the ČSOB payment gateway, eAPI 1.9 (lib/payments/csob.ts), or
     * undefined when card payments are off. `CARD_PAYMENTS` (`on`/`off`) switches them; unset, they
     * are on exactly when `CSOB_URL` is set. When on, all of `CSOB_URL` (the API base, e.g.
     * https://api.platebnibrana.csob.cz/api/v1.9), `CSOB_MERCHANT_ID`, `CSOB_MERCHANT_PRIVATE_KEY`
     * and `CSOB_GATEWAY_PUBLIC_KEY` (PEM values; `\n` escapes allowed) are required, in every
     * environment. `npm start` and `npm test` point them at the local sandbox
     * (scripts/sandbox/csob.ts).
     */
    csob: Omit<CsobConfig, "fetch" | "timeoutMs" | "now"> | undefined;
  };
  logLevel: "debug" | "info" | "warn" | "error";
  /**
   * Bank statements dropped for import (`STATEMENT_DROP_DIR`, default `.data/statements`): one
   * folder per town's slug; the worker imports what is there every `STATEMENT_DROP_INTERVAL`
   * (a Temporal duration, default `1 minute`; tests shorten it) and moves each file to
   * `processed/` or `failed/`.
   */
  statementDrop: { dir: string; interval: string };
}

/** An http(s) origin with an optional path, without a trailing slash. */
function temporalUiUrl(): string {
  const raw = readEnv("TEMPORAL_UI_URL") || "http://localhost:8233";
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new Error(`TEMPORAL_UI_URL must be an http(s) URL, not ${raw}`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:" || url.search || url.hash) {
    throw new Error(`TEMPORAL_UI_URL must be an http(s) URL without query, not ${raw}`);
  }
  return url.href.replace(/\/+$/, "");
}

const DURATION = /^\d+(\.\d+)?\s*(ms|s|m|h|d|seconds?|minutes?|hours?|days?)$/;

function statementDrop(): Config["statementDrop"] {
  const interval = readEnv("STATEMENT_DROP_INTERVAL") || "1 minute";
  if (!DURATION.test(interval)) {
    throw new Error(
      `STATEMENT_DROP_INTERVAL must be a duration such as 1 minute or 5s, not ${interval}`,
    );
  }
  return { dir: readEnv("STATEMENT_DROP_DIR") || ".data/statements", interval };
}

function appEnv(): AppEnv {
  const v = readEnv("APP_ENV") ?? "development";
  if (v === "development" || v === "test" || v === "production") return v;
  throw new Error(`APP_ENV must be development, test or production, not ${v}`);
}

export function loadConfig(): Config {
  const env = appEnv();
  const sessionSecret = readEnv("SESSION_SECRET") ??
    (env === "production" ? "" : "development-only-secret-change-me-0123456789");
  if (sessionSecret.length < 32) {
    throw new Error("SESSION_SECRET must be set to at least 32 characters");
  }
  const smsGatewayUrl = readEnv("SMS_GATEWAY_URL") || undefined;
  if (env === "production" && !smsGatewayUrl) {
    // Without a gateway SMS would go to the development outbox: codes never reach the phone.
    throw new Error("SMS_GATEWAY_URL must be set in production (an SMS gateway over HTTP)");
  }
  const smsGatewaySecret = readEnv("SMS_GATEWAY_SECRET") ?? "";
  if (smsGatewayUrl && smsGatewaySecret.length < 32) {
    // Unsigned receipts would let anyone mark a message delivered or failed.
    throw new Error("SMS_GATEWAY_SECRET must be set to at least 32 characters with a gateway");
  }
  const smsCallbackOrigin = readEnv("SMS_CALLBACK_ORIGIN")?.replace(/\/+$/, "") || undefined;
  const cardPayments = readEnv("CARD_PAYMENTS") || (readEnv("CSOB_URL") ? "on" : "off");
  if (cardPayments !== "on" && cardPayments !== "off") {
    throw new Error(`CARD_PAYMENTS must be on or off, not ${cardPayments}`);
  }
  let csob: Config["payments"]["csob"];
  if (cardPayments === "on") {
    const vars = [
      "CSOB_URL",
      "CSOB_MERCHANT_ID",
      "CSOB_MERCHANT_PRIVATE_KEY",
      "CSOB_GATEWAY_PUBLIC_KEY",
    ];
    const missing = vars.filter((name) => !readEnv(name));
    if (missing.length > 0) {
      // A citizen would be sent to pay by card and the payment could not even start.
      throw new Error(`card payments are on (CARD_PAYMENTS): ${missing.join(", ")} must be set`);
    }
    csob = {
      url: readEnv("CSOB_URL")!,
      merchantId: readEnv("CSOB_MERCHANT_ID")!,
      merchantPrivateKeyPem: readEnv("CSOB_MERCHANT_PRIVATE_KEY")!,
      gatewayPublicKeyPem: readEnv("CSOB_GATEWAY_PUBLIC_KEY")!,
    };
  }
  return {
    appEnv: env,
    port: Number(readEnv("PORT") ?? 8000),
    databaseUrl: readEnv("DATABASE_URL") ?? "postgres://postgres@127.0.0.1:5433/portal",
    temporalAddress: readEnv("TEMPORAL_ADDRESS") ?? "127.0.0.1:7233",
    temporalNamespace: readEnv("TEMPORAL_NAMESPACE") ?? "default",
    temporalTaskQueue: readEnv("TEMPORAL_TASK_QUEUE") ?? "portal",
    temporalUiUrl: temporalUiUrl(),
    smtpUrl: readEnv("SMTP_URL") ?? "smtp://127.0.0.1:1025",
    sessionSecret,
    mailFrom: readEnv("MAIL_FROM") ?? "Portál občana <portal@localhost>",
    smsGatewayUrl,
    smsGatewayToken: readEnv("SMS_GATEWAY_TOKEN") ?? "",
    smsGatewaySecret,
    smsCallbackOrigin,
    payments: { csob },
    logLevel: (readEnv("LOG_LEVEL") as Config["logLevel"] | undefined) ?? "info",
    statementDrop: statementDrop(),
  };
}

let cached: Config | undefined;
export function config(): Config {
  return cached ??= loadConfig();
}
