/**
 * Reading what the portal sent, from MailDev's REST API (MAILDEV_URL): e-mails, and SMS from
 * the dev SMS outbox, which delivers each SMS into the same inbox. MailDev's timestamps have
 * one-second resolution, so "the new message" means one that was not in the inbox when the
 * watch began: take the watch before the action, then await it.
 */
import { smsInboxAddress } from "../../lib/worker/sms.ts";
import { sql } from "kysely";
import { getDb } from "../../lib/db.ts";
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

/**
 * Test files run side by side and share the demo accounts: a new code voids the account's
 * previous one, and an inbox watch cannot tell whose message arrived. So a watch of a demo
 * account's phone or e-mail holds a PostgreSQL advisory lock on its inbox (the test database is
 * shared by every test process) until the message has been used: `release()` (the sign-in
 * helpers call it after the code step), else a few seconds after the message was read, else
 * when the same process watches the inbox again.
 */
const inboxHolds = new Map<string, () => void>();

/** Seconds a read message stays reserved for its reader when nobody calls `release()`. */
const READ_CODE_GRACE_MS = 8_000;

async function holdInbox(address: string): Promise<() => void> {
  inboxHolds.get(address)?.();
  const key = `test-inbox:${address.toLowerCase()}`;
  let release!: () => void;
  const released = new Promise<void>((r) => release = r);
  const acquired = new Promise<void>((resolve, reject) => {
    getDb().connection().execute(async (conn) => {
      await sql`select pg_advisory_lock(hashtext(${key}))`.execute(conn);
      resolve();
      await released;
      await sql`select pg_advisory_unlock(hashtext(${key}))`.execute(conn);
    }).catch(reject);
  });
  await acquired;
  const done = () => {
    if (inboxHolds.get(address) === done) inboxHolds.delete(address);
    release();
  };
  inboxHolds.set(address, done);
  return done;
}

export interface SmsCodeWatch {
  /** Waits for the next SMS to the phone; resolves to its six-digit code. */
  (): Promise<string>;
  /** The code was used (or will not be): another test may ask for one now. */
  release(): void;
}

export interface HeldWatch {
  /** Waits for the next message to the inbox. */
  (): Promise<Mail>;
  /** The message was read and any code in it used: another test may watch the inbox now. */
  release(): void;
}

/**
 * Watches for the next message to a demo account's `address`, holding its inbox for this test
 * (see above): every watch of a shared inbox goes through here, whether its message holds a code
 * or not, or another test's watch could read it.
 */
export async function watchHeldInbox(address: string): Promise<HeldWatch> {
  const release = await holdInbox(address);
  let next: (timeoutMs?: number) => Promise<Mail>;
  try {
    next = await watchInbox(address);
  } catch (err) {
    release();
    throw err;
  }
  const watch = async () => {
    try {
      const message = await next();
      setTimeout(release, READ_CODE_GRACE_MS);
      return message;
    } catch (err) {
      release();
      throw err;
    }
  };
  return Object.assign(watch, { release });
}

/** Watches for the next SMS to a demo account's `phone` (E.164), holding the phone. */
export const watchSms = (phone: string): Promise<HeldWatch> =>
  watchHeldInbox(smsInboxAddress(phone));

/** Watches for the next SMS to `phone` (E.164), holding the phone; resolves to its code. */
export async function watchSmsCode(phone: string): Promise<SmsCodeWatch> {
  const next = await watchSms(phone);
  const watch = async () => {
    const text = (await next()).text;
    try {
      return sixDigits(text);
    } catch (err) {
      next.release();
      throw err;
    }
  };
  return Object.assign(watch, { release: next.release });
}

/** Watches for the next e-mail to `address`; resolves to the code (or link code) in it. */
export async function watchEmailCode(address: string): Promise<() => Promise<string>> {
  const next = await watchInbox(address);
  return async () => sixDigits((await next()).text);
}
