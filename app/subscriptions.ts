/**
 * Subscriptions to the town's news without an account (issue 13), as use cases: asking for one
 * (double opt-in: a link by e-mail, a six-digit code by SMS), confirming it, changing topics and
 * streets, and withdrawing (the link's page, RFC 8058 one-click, an SMS keyword). Every step
 * writes its consent event (GDPR art. 7(1)) in the same transaction as the change.
 *
 * Asking never tells whether the address is subscribed already: the answer is the same, one row
 * per (town, channel, address) is kept, and a new confirmation is sent. An active subscriber who
 * asks again keeps what they follow until they confirm; the confirmation then applies what was
 * asked for (the latest `requested` consent event holds it).
 */
import type { Kysely, Transaction } from "kysely";
import type { Database } from "../db/schema.ts";
import { knownStreetIds, streetIdsOfParts } from "../db/repositories/streets.ts";
import { generateCode, maskPhone } from "../domain/identity.ts";
import { sha256Hex } from "../domain/files.ts";
import { type Channel, type SubscriberStatus, type Topic, TOPICS } from "../domain/messaging.ts";
import {
  type Choice,
  CONFIRM_MAX_ATTEMPTS,
  confirmationState,
  CONSENT_VERSION,
  isUnsubscribeKeyword,
  LINK_TTL_MS,
  SMS_CODE_TTL_MS,
  type SubscriptionRequest,
} from "../domain/subscriptions.ts";
import { hmac, randomToken, timingSafeEqual } from "../lib/crypto.ts";
import { sendMessage } from "../lib/messaging.ts";
import type { Locale, Translate } from "../lib/state.ts";
import { defaultDeps, type Deps } from "./deps.ts";

type Db = Kysely<Database> | Transaction<Database>;
type ConsentAction = Database["consent_events"]["action"];
type ConsentSource = Database["consent_events"]["source"];

export interface SubscribeContext {
  tenantId: string;
  townName: string;
  /** The town's own address, for the confirmation link. */
  origin: string;
  locale: Locale;
  t: Translate;
}

const hashToken = (token: string) => sha256Hex(new TextEncoder().encode(token));
const hashCode = (secret: string, subscriberId: string, code: string) =>
  hmac(secret, `subscription:${subscriberId}:${code}`);

async function consent(
  trx: Db,
  tenantId: string,
  e: {
    subscriberId: string;
    personId?: string | null;
    action: ConsentAction;
    source: ConsentSource;
    channel: Channel;
    topics: readonly string[];
    streetIds: readonly string[];
  },
): Promise<void> {
  await trx.insertInto("consent_events").values({
    tenant_id: tenantId,
    subscriber_id: e.subscriberId,
    person_id: e.personId ?? null,
    action: e.action,
    source: e.source,
    channel: e.channel,
    topics: [...e.topics],
    street_ids: [...e.streetIds],
    details: JSON.stringify({ consentVersion: CONSENT_VERSION }),
  }).execute();
}

/** The town's own street ids among those chosen, with every street of each chosen part. */
export async function resolveStreets(
  db: Db,
  tenantId: string,
  choice: Pick<Choice, "streetIds" | "parts">,
): Promise<string[]> {
  const ids = await knownStreetIds(db, tenantId, choice.streetIds);
  const ofParts = await streetIdsOfParts(db, tenantId, choice.parts);
  return [...new Set([...ids, ...ofParts])].sort();
}

/** Replaces what a subscriber follows (topics; streets, none = the whole town). */
export async function setFollowed(
  trx: Db,
  tenantId: string,
  subscriberId: string,
  topics: readonly string[],
  streetIds: readonly string[],
): Promise<void> {
  await trx.deleteFrom("subscriber_topics").where("tenant_id", "=", tenantId)
    .where("subscriber_id", "=", subscriberId).execute();
  await trx.deleteFrom("subscriber_streets").where("tenant_id", "=", tenantId)
    .where("subscriber_id", "=", subscriberId).execute();
  const known = TOPICS.filter((x) => topics.includes(x));
  if (known.length) {
    await trx.insertInto("subscriber_topics").values(
      known.map((topic) => ({ tenant_id: tenantId, subscriber_id: subscriberId, topic })),
    ).execute();
  }
  if (streetIds.length) {
    await trx.insertInto("subscriber_streets").values(
      streetIds.map((id) => ({ tenant_id: tenantId, subscriber_id: subscriberId, street_id: id })),
    ).execute();
  }
  await trx.updateTable("subscribers").set({ all_streets: streetIds.length === 0 })
    .where("tenant_id", "=", tenantId).where("id", "=", subscriberId).execute();
}

/**
 * Asks for a subscription: the row (new, or the one this address has), the consent request and
 * the confirmation message, together. The caller answers the same whatever happened here.
 */
export async function subscribe(
  deps: Deps,
  ctx: SubscribeContext,
  req: SubscriptionRequest,
): Promise<void> {
  const { tenantId } = ctx;
  const now = deps.now();
  await deps.db.transaction().execute(async (trx) => {
    const streetIds = await resolveStreets(trx, tenantId, req);
    const find = () =>
      trx.selectFrom("subscribers").select(["id", "status"])
        .where("tenant_id", "=", tenantId).where("channel", "=", req.channel)
        .where("address", "=", req.address).forUpdate().executeTakeFirst();
    // The row of this address: the one it has, or a new pending one. Two requests at once for a
    // new address: the second insert waits for the first and finds its row.
    const existing = (await find()) ?? (await trx.insertInto("subscribers").values({
      tenant_id: tenantId,
      channel: req.channel,
      address: req.address,
      person_id: null,
      status: "pending",
      confirm_secret_hash: null,
      confirm_expires_at: null,
      unsubscribe_token: randomToken(),
      language: ctx.locale,
      confirmed_at: null,
      unsubscribed_at: null,
    }).onConflict((oc) => oc.columns(["tenant_id", "channel", "address"]).doNothing())
      .returning(["id", "status"]).executeTakeFirst()) ??
      (await find());
    if (!existing) throw new Error("the subscriber row vanished");
    const id = existing.id;
    const token = req.channel === "email" ? randomToken() : null;
    const code = req.channel === "sms"
      ? generateCode(crypto.getRandomValues(new Uint8Array(4)))
      : "";
    // The link's token as its sha256 (hex); the SMS code as an HMAC under the secret (six digits
    // are too few to keep as a plain hash).
    const secretHash = token ? await hashToken(token) : hashCode(deps.secret, id, code);
    await trx.updateTable("subscribers").set({
      confirm_secret_hash: secretHash,
      confirm_expires_at: new Date(now.getTime() + (token ? LINK_TTL_MS : SMS_CODE_TTL_MS)),
      confirm_attempts: 0,
      updated_at: now,
      // An active subscription stays as it is until the new choice is confirmed.
      ...(existing.status === "active" ? {} : { status: "pending" as const }),
    }).where("tenant_id", "=", tenantId).where("id", "=", id).execute();
    if (existing.status !== "active") {
      await setFollowed(trx, tenantId, id, req.topics, streetIds);
    }
    await consent(trx, tenantId, {
      subscriberId: id,
      action: "requested",
      source: "form",
      channel: req.channel,
      topics: req.topics,
      streetIds,
    });
    const params = {
      town: ctx.townName,
      link: token ? `${ctx.origin}/odber/potvrdit?token=${token}` : "",
      code,
      days: String(LINK_TTL_MS / 86_400_000),
      minutes: String(SMS_CODE_TTL_MS / 60_000),
    };
    await sendMessage(trx, tenantId, {
      idempotencyKey: `subscription:${id}:${secretHash.slice(0, 24)}`,
      channel: req.channel,
      recipient: req.address,
      subject: token ? ctx.t("subscriptions.mail.subject", params) : null,
      body: ctx.t(token ? "subscriptions.mail.body" : "subscriptions.sms.code", params),
      personId: null,
      kind: "code",
      secret: true,
    });
  });
}

export type ConfirmOutcome =
  | { ok: true; unsubscribeToken: string }
  | { ok: false; code: "invalid" | "expired" };

async function activate(
  trx: Db,
  tenantId: string,
  row: { id: string; channel: Channel },
  source: ConsentSource,
  now: Date,
): Promise<void> {
  // What was asked for last (the form's request) is what the confirmation confirms.
  const asked = await trx.selectFrom("consent_events").select(["topics", "street_ids"])
    .where("tenant_id", "=", tenantId).where("subscriber_id", "=", row.id)
    .where("action", "=", "requested").orderBy("id", "desc").limit(1).executeTakeFirst();
  const topics = asked?.topics ?? [];
  const streetIds = asked?.street_ids ?? [];
  await setFollowed(trx, tenantId, row.id, topics, streetIds);
  await trx.updateTable("subscribers").set({
    status: "active",
    confirmed_at: now,
    unsubscribed_at: null,
    confirm_secret_hash: null,
    confirm_expires_at: null,
    confirm_attempts: 0,
    updated_at: now,
  }).where("tenant_id", "=", tenantId).where("id", "=", row.id).execute();
  await consent(trx, tenantId, {
    subscriberId: row.id,
    action: "confirmed",
    source,
    channel: row.channel,
    topics,
    streetIds,
  });
}

/** The e-mailed link's token confirms the subscription (once; within 7 days). */
export async function confirmByLink(
  deps: Deps,
  tenantId: string,
  token: string,
): Promise<ConfirmOutcome> {
  const hash = await hashToken(token);
  const now = deps.now();
  return await deps.db.transaction().execute(async (trx): Promise<ConfirmOutcome> => {
    const row = await trx.selectFrom("subscribers")
      .select([
        "id",
        "channel",
        "unsubscribe_token",
        "confirm_secret_hash",
        "confirm_expires_at",
        "confirm_attempts",
      ])
      .where("tenant_id", "=", tenantId).where("channel", "=", "email")
      .where("confirm_secret_hash", "=", hash).forUpdate().executeTakeFirst();
    if (!row) return { ok: false, code: "invalid" };
    if (confirmationState(row, now) !== "open") return { ok: false, code: "expired" };
    await activate(trx, tenantId, row, "link", now);
    return { ok: true, unsubscribeToken: row.unsubscribe_token };
  });
}

/**
 * The SMS code confirms the phone's subscription. An unknown number answers like a wrong code;
 * a wrong code counts a try, and the last allowed try ends the code ("expired").
 */
export async function confirmByCode(
  deps: Deps,
  tenantId: string,
  phone: string,
  code: string,
): Promise<ConfirmOutcome> {
  const now = deps.now();
  return await deps.db.transaction().execute(async (trx): Promise<ConfirmOutcome> => {
    const row = await trx.selectFrom("subscribers")
      .select([
        "id",
        "channel",
        "unsubscribe_token",
        "confirm_secret_hash",
        "confirm_expires_at",
        "confirm_attempts",
      ])
      .where("tenant_id", "=", tenantId).where("channel", "=", "sms")
      .where("address", "=", phone).forUpdate().executeTakeFirst();
    if (!row || !row.confirm_secret_hash) return { ok: false, code: "invalid" };
    if (confirmationState(row, now) !== "open") return { ok: false, code: "expired" };
    if (!timingSafeEqual(hashCode(deps.secret, row.id, code), row.confirm_secret_hash)) {
      const attempts = row.confirm_attempts + 1;
      await trx.updateTable("subscribers").set({ confirm_attempts: attempts, updated_at: now })
        .where("tenant_id", "=", tenantId).where("id", "=", row.id).execute();
      return { ok: false, code: attempts >= CONFIRM_MAX_ATTEMPTS ? "expired" : "invalid" };
    }
    await activate(trx, tenantId, row, "code", now);
    return { ok: true, unsubscribeToken: row.unsubscribe_token };
  });
}

export interface SubscriptionView {
  channel: Channel;
  /** Masked: the link may have been forwarded. */
  address: string;
  status: SubscriberStatus;
  topics: Topic[];
  streetIds: string[];
  allStreets: boolean;
  /** When consent was last given (confirmed), or null while pending. */
  consentAt: Date | null;
  withdrawnAt: Date | null;
  /** A person's own row (from /ucet/nastaveni). */
  personal: boolean;
}

function maskEmail(email: string): string {
  const [local, domain] = email.split("@");
  return `${local.slice(0, 1)}${"•".repeat(Math.min(6, Math.max(1, local.length - 1)))}@${domain}`;
}

/** The subscription an unsubscribe token names in this town, or null. */
export async function findSubscription(
  db: Db,
  tenantId: string,
  token: string,
): Promise<SubscriptionView | null> {
  const row = await db.selectFrom("subscribers")
    .select([
      "id",
      "channel",
      "address",
      "status",
      "all_streets",
      "confirmed_at",
      "unsubscribed_at",
      "person_id",
    ])
    .where("tenant_id", "=", tenantId).where("unsubscribe_token", "=", token).executeTakeFirst();
  if (!row) return null;
  const [topics, streets, consented] = await Promise.all([
    db.selectFrom("subscriber_topics").select("topic").where("tenant_id", "=", tenantId)
      .where("subscriber_id", "=", row.id).execute(),
    db.selectFrom("subscriber_streets").select("street_id").where("tenant_id", "=", tenantId)
      .where("subscriber_id", "=", row.id).execute(),
    db.selectFrom("consent_events").select("created_at").where("tenant_id", "=", tenantId)
      .where("subscriber_id", "=", row.id).where("action", "in", ["confirmed", "changed"])
      .orderBy("id", "desc").limit(1).executeTakeFirst(),
  ]);
  return {
    channel: row.channel,
    address: row.channel === "email" ? maskEmail(row.address) : maskPhone(row.address),
    status: row.status,
    topics: TOPICS.filter((x) => topics.some((r) => r.topic === x)),
    streetIds: streets.map((s) => s.street_id),
    allStreets: row.all_streets,
    consentAt: row.status === "pending" ? null : (consented?.created_at ?? row.confirmed_at),
    withdrawnAt: row.unsubscribed_at,
    personal: row.person_id !== null,
  };
}

/** Changes topics and streets of a pending or active subscription (the manage page). */
export async function changeSubscription(
  deps: Deps,
  tenantId: string,
  token: string,
  choice: Choice,
): Promise<"changed" | "unknown" | "withdrawn"> {
  return await deps.db.transaction().execute(async (trx) => {
    const row = await trx.selectFrom("subscribers").select(["id", "channel", "status", "person_id"])
      .where("tenant_id", "=", tenantId).where("unsubscribe_token", "=", token).forUpdate()
      .executeTakeFirst();
    if (!row) return "unknown" as const;
    if (row.status === "unsubscribed") return "withdrawn" as const;
    const streetIds = await resolveStreets(trx, tenantId, choice);
    await setFollowed(trx, tenantId, row.id, choice.topics, streetIds);
    await trx.updateTable("subscribers").set({ updated_at: deps.now() })
      .where("tenant_id", "=", tenantId).where("id", "=", row.id).execute();
    await consent(trx, tenantId, {
      subscriberId: row.id,
      personId: row.person_id,
      action: "changed",
      source: "link",
      channel: row.channel,
      topics: choice.topics,
      streetIds,
    });
    return "changed" as const;
  });
}

async function withdraw(
  trx: Db,
  tenantId: string,
  row: { id: string; channel: Channel; person_id: string | null },
  source: ConsentSource,
  now: Date,
): Promise<void> {
  await trx.updateTable("subscribers").set({
    status: "unsubscribed",
    unsubscribed_at: now,
    confirm_secret_hash: null,
    confirm_expires_at: null,
    updated_at: now,
  }).where("tenant_id", "=", tenantId).where("id", "=", row.id).execute();
  await consent(trx, tenantId, {
    subscriberId: row.id,
    personId: row.person_id,
    action: "withdrawn",
    source,
    channel: row.channel,
    topics: [],
    streetIds: [],
  });
}

/**
 * Withdraws the subscription the token names (the page's button, or the mail provider's
 * RFC 8058 one-click POST). False for a token this town never issued; withdrawing twice is
 * answered like once (no second consent event).
 */
export async function unsubscribe(
  deps: Deps,
  tenantId: string,
  token: string,
  source: "unsubscribe_link" | "one_click",
): Promise<boolean> {
  return await deps.db.transaction().execute(async (trx) => {
    const row = await trx.selectFrom("subscribers").select(["id", "channel", "status", "person_id"])
      .where("tenant_id", "=", tenantId).where("unsubscribe_token", "=", token).forUpdate()
      .executeTakeFirst();
    if (!row) return false;
    if (row.status !== "unsubscribed") await withdraw(trx, tenantId, row, source, deps.now());
    return true;
  });
}

/**
 * An inbound SMS from `phone` (E.164) to the town's number: the keyword STOP, ODHLASIT or
 * ODHLÁSIT (any case, diacritics optional) withdraws that number's subscription. Returns
 * "unsubscribed" (also when it was withdrawn already), "not-keyword" for any other text, or
 * "unknown" for a number with no subscription in this town.
 */
export async function unsubscribeBySmsKeyword(
  tenantId: string,
  phone: string,
  text: string,
  deps: Pick<Deps, "db" | "now"> = defaultDeps(),
): Promise<"unsubscribed" | "not-keyword" | "unknown"> {
  if (!isUnsubscribeKeyword(text)) return "not-keyword";
  return await deps.db.transaction().execute(async (trx) => {
    const row = await trx.selectFrom("subscribers").select(["id", "channel", "status", "person_id"])
      .where("tenant_id", "=", tenantId).where("channel", "=", "sms").where("address", "=", phone)
      .forUpdate().executeTakeFirst();
    if (!row) return "unknown" as const;
    if (row.status !== "unsubscribed") {
      await withdraw(trx, tenantId, row, "sms_keyword", deps.now());
    }
    return "unsubscribed" as const;
  });
}
