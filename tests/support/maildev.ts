/**
 * Reading what the portal sent, from MailDev's REST API (MAILDEV_URL): e-mails, and SMS from
 * the dev SMS outbox, which delivers each SMS into the same inbox. MailDev's timestamps have
 * one-second resolution, so "the new message" means one that was not in the inbox when the
 * watch began: take the watch before the action, then await it.
 */
import { smsInboxAddress } from "../../lib/worker/sms.ts";
import { waitFor } from "./wait.ts";

export interface Mail {
  id: string;
  subject: string;
  text: string;
  to: { address: string }[];
}

export const maildevUrl = Deno.env.get("MAILDEV_URL");

async function messagesTo(address: string): Promise<Mail[]> {
  const res = await fetch(`${maildevUrl}/email`);
  if (!res.ok) throw new Error(`MailDev answered ${res.status}`);
  const all = (await res.json()) as Mail[];
  return all.filter((m) => m.to.some((t) => t.address.toLowerCase() === address.toLowerCase()));
}

/** Snapshots the inbox of `address`; the returned function waits for the next new message. */
export async function watchInbox(address: string): Promise<(timeoutMs?: number) => Promise<Mail>> {
  const seen = new Set((await messagesTo(address)).map((m) => m.id));
  return (timeoutMs = 20_000) =>
    waitFor(async () => (await messagesTo(address)).find((m) => !seen.has(m.id)), {
      what: `a new message to ${address}`,
      timeoutMs,
      intervalMs: 150,
    });
}

function sixDigits(text: string): string {
  const m = /kod=(\d{6})/.exec(text) ?? /\b(\d{6})\b/.exec(text);
  if (!m) throw new Error(`no code in the message: ${text.slice(0, 200)}`);
  return m[1];
}

/** Watches for the next SMS to `phone` (E.164); resolves to its six-digit code. */
export async function watchSmsCode(phone: string): Promise<() => Promise<string>> {
  const next = await watchInbox(smsInboxAddress(phone));
  return async () => sixDigits((await next()).text);
}

/** Watches for the next e-mail to `address`; resolves to the code (or link code) in it. */
export async function watchEmailCode(address: string): Promise<() => Promise<string>> {
  const next = await watchInbox(address);
  return async () => sixDigits((await next()).text);
}
