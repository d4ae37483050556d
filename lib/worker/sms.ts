/**
 * The SMS adapter. Production: an SMS gateway over HTTP (`SMS_GATEWAY_URL`), speaking the
 * protocol in lib/sms_gateway.ts: a signed JSON `{ id, to, text, callbackUrl }`, the bearer
 * `SMS_GATEWAY_TOKEN`; the gateway's delivery receipts come back signed to the town's
 * `POST /api/v1/sms/dorucenky`. lib/config.ts refuses to start production without one.
 * `npm start` and `npm test` run the local sandbox gateway (scripts/sandbox/sms.ts), which
 * delivers each SMS into MailDev. Without a gateway (a bare development run): the dev outbox,
 * which delivers each SMS as an e-mail into the same MailDev inbox as the portal's mail (to
 * `sms-<number>@sms.localhost`, subject "SMS pro +420 …"), so it is visible beside it.
 */
import { formatPhone } from "../../domain/identity.ts";
import { type Config, config } from "../config.ts";
import { RECEIPT_PATH, signedHeaders } from "../sms_gateway.ts";
import type { Tenant } from "../state.ts";
import type { Mailer } from "./mail.ts";

export interface SmsSender {
  /**
   * `id` is the gateway message id (domain/messaging.ts `gatewayMessageId`): stable per message,
   * so the gateway (or the inbox) drops a resend, and its receipt finds the row again.
   * `callbackUrl`: where the receipt goes (`smsCallbackUrl(tenant)`); without it, no receipt.
   * Throws `SmsRefused` when the gateway refused the message for good (do not retry), any
   * other error when it may take it later.
   */
  send(to: string, text: string, id: string, options?: { callbackUrl?: string }): Promise<void>;
}

/** The gateway refused the message for good (a 4xx other than 429): retrying cannot help. */
export class SmsRefused extends Error {
  constructor(readonly status: number) {
    super(`SMS gateway refused the message (${status})`);
    this.name = "SmsRefused";
  }
}

export function smsInboxAddress(e164: string): string {
  return `sms-${e164.replace(/\D/g, "")}@sms.localhost`;
}

const LOOPBACK = /^(localhost|.+\.localhost|127\.0\.0\.1|\[::1\])$/;

/**
 * Where the gateway sends a town's delivery receipts: `SMS_CALLBACK_ORIGIN` when configured (a
 * gateway that reaches the portal by another name), else the town's public origin (outside
 * production a loopback origin gets this process's `PORT`, the web's, as lib/http/tenant.ts
 * `tenantOrigin` does), then `/api/v1/sms/dorucenky`.
 */
export function smsCallbackUrl(
  tenant: Pick<Tenant, "publicOrigin" | "hosts">,
  settings: Pick<Config, "smsCallbackOrigin" | "appEnv" | "port"> = config(),
): string {
  if (settings.smsCallbackOrigin) return `${settings.smsCallbackOrigin}${RECEIPT_PATH}`;
  const url = new URL(tenant.publicOrigin || `https://${tenant.hosts[0] ?? "localhost"}`);
  if (settings.appEnv !== "production" && LOOPBACK.test(url.hostname) && settings.port > 0) {
    url.port = String(settings.port);
  }
  return `${url.origin}${RECEIPT_PATH}`;
}

export function createSmsSender(
  deps: { mailer: Mailer; fetch?: typeof fetch },
  settings: Pick<Config, "smsGatewayUrl" | "smsGatewayToken" | "smsGatewaySecret"> = config(),
): SmsSender {
  const gateway = settings.smsGatewayUrl;
  if (gateway) {
    const { smsGatewayToken: token, smsGatewaySecret: secret } = settings;
    const doFetch = deps.fetch ?? fetch;
    return {
      async send(to, text, id, options) {
        const body = JSON.stringify({ id, to, text, callbackUrl: options?.callbackUrl ?? null });
        const res = await doFetch(gateway, {
          method: "POST",
          headers: {
            "content-type": "application/json",
            authorization: `Bearer ${token}`,
            ...signedHeaders(secret, body),
          },
          body,
          signal: AbortSignal.timeout(15_000),
        });
        await res.body?.cancel();
        if (res.ok) return;
        if (res.status >= 400 && res.status < 500 && res.status !== 429 && res.status !== 408) {
          throw new SmsRefused(res.status);
        }
        throw new Error(`SMS gateway answered ${res.status}`);
      },
    };
  }
  return {
    send: (to, text, id) =>
      deps.mailer.send({
        to: smsInboxAddress(to),
        subject: `SMS pro ${formatPhone(to)}`,
        text,
        messageId: `<sms-${id}@portal-obcana>`,
      }),
  };
}
