/**
 * Configuration from the environment, read once. Every variable is listed in the README.
 */
import { readEnv } from "./env.ts";

export type AppEnv = "development" | "test" | "production";

export interface Config {
  appEnv: AppEnv;
  port: number;
  databaseUrl: string;
  temporalAddress: string;
  temporalNamespace: string;
  temporalTaskQueue: string;
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
  logLevel: "debug" | "info" | "warn" | "error";
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
  return {
    appEnv: env,
    port: Number(readEnv("PORT") ?? 8000),
    databaseUrl: readEnv("DATABASE_URL") ?? "postgres://postgres@127.0.0.1:5433/portal",
    temporalAddress: readEnv("TEMPORAL_ADDRESS") ?? "127.0.0.1:7233",
    temporalNamespace: readEnv("TEMPORAL_NAMESPACE") ?? "default",
    temporalTaskQueue: readEnv("TEMPORAL_TASK_QUEUE") ?? "portal",
    smtpUrl: readEnv("SMTP_URL") ?? "smtp://127.0.0.1:1025",
    sessionSecret,
    mailFrom: readEnv("MAIL_FROM") ?? "Portál občana <portal@localhost>",
    smsGatewayUrl,
    smsGatewayToken: readEnv("SMS_GATEWAY_TOKEN") ?? "",
    logLevel: (readEnv("LOG_LEVEL") as Config["logLevel"] | undefined) ?? "info",
  };
}

let cached: Config | undefined;
export function config(): Config {
  return cached ??= loadConfig();
}
