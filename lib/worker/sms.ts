/**
 * The SMS adapter. Production: an SMS gateway over HTTP (`SMS_GATEWAY_URL`, bearer
 * `SMS_GATEWAY_TOKEN`, JSON `{ to, text, id }`); lib/config.ts refuses to start production
 * without one. Development and tests: the dev outbox, which delivers each SMS as an e-mail into
 * the same MailDev inbox as the portal's mail (to `sms-<number>@sms.localhost`, subject
 * "SMS pro +420 …"), so it is visible beside it.
 */
import { formatPhone } from "../../domain/identity.ts";
import { type Config, config } from "../config.ts";
import type { Mailer } from "./mail.ts";

export interface SmsSender {
  /** `id` is stable per message, so a gateway (or the inbox) can drop a resend. */
  send(to: string, text: string, id: string): Promise<void>;
}

export function smsInboxAddress(e164: string): string {
  return `sms-${e164.replace(/\D/g, "")}@sms.localhost`;
}

export function createSmsSender(
  deps: { mailer: Mailer },
  settings: Pick<Config, "smsGatewayUrl" | "smsGatewayToken"> = config(),
): SmsSender {
  const gateway = settings.smsGatewayUrl;
  if (gateway) {
    const token = settings.smsGatewayToken;
    return {
      async send(to, text, id) {
        const res = await fetch(gateway, {
          method: "POST",
          headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
          body: JSON.stringify({ to, text, id }),
          signal: AbortSignal.timeout(15_000),
        });
        await res.body?.cancel();
        if (!res.ok) throw new Error(`SMS gateway answered ${res.status}`);
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
