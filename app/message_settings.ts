/**
 * A signed-in person's message settings (issue 13, /ucet/nastaveni), as use cases: payment
 * reminders by e-mail, SMS, both or none; town news per topic by e-mail, SMS, both or none, with
 * streets; and quiet hours for non-urgent SMS. Case updates keep their own choice
 * (app/identity.ts `setCaseNotificationChoice`: never none, the office must reach the person).
 *
 * Town news are the person's own subscriber rows, one per channel at their verified e-mail or
 * phone, active at once (the contact is verified), so a broadcast's audience is one query over
 * `subscribers` (db/repositories/subscribers.ts). A row at the same address that the person
 * subscribed to without an account becomes theirs. Each change is audited, and each
 * subscription change writes its consent event (source `settings`).
 */
import type { Transaction } from "kysely";
import type { Database } from "../db/schema.ts";
import { appendAudit } from "../db/repositories/audit.ts";
import { findPerson, listContacts } from "../db/repositories/persons.ts";
import {
  type Channel,
  CHANNEL_CHOICES,
  type ChannelChoice,
  type Topic,
  TOPICS,
} from "../domain/messaging.ts";
import { CONSENT_VERSION, parseClock } from "../domain/subscriptions.ts";
import type { FieldError } from "../domain/validation.ts";
import { randomToken } from "../lib/crypto.ts";
import { LOCALES } from "../lib/i18n.ts";
import type { Locale } from "../lib/state.ts";
import { resolveStreets, setFollowed } from "./subscriptions.ts";
import type { Deps, PersonActor } from "./deps.ts";

export interface MessageSettings {
  caseNotifications: string;
  /** The language of what the town sends the person. */
  language: Locale;
  reminders: ChannelChoice;
  /** Per topic: by which channels the person gets the town's news. */
  news: Record<Topic, ChannelChoice>;
  /** The streets of the news (none = the whole town). */
  streetIds: string[];
  quietFrom: number | null;
  quietTo: number | null;
  email: string | null;
  phone: string | null;
}

function choiceOf(email: boolean, sms: boolean): ChannelChoice {
  return email && sms ? "both" : email ? "email" : sms ? "sms" : "none";
}

async function verifiedContacts(db: Deps["db"] | Transaction<Database>, a: PersonActor) {
  const contacts = (await listContacts(db, a.tenantId, a.personId)).filter((c) => c.verified_at);
  return {
    email: contacts.find((c) => c.kind === "email")?.value ?? null,
    phone: contacts.find((c) => c.kind === "phone")?.value ?? null,
  };
}

export async function readMessageSettings(
  db: Deps["db"],
  actor: PersonActor,
): Promise<MessageSettings> {
  const [person, contacts, rows] = await Promise.all([
    findPerson(db, actor.tenantId, actor.personId),
    verifiedContacts(db, actor),
    db.selectFrom("subscribers").select(["id", "channel"]).where("tenant_id", "=", actor.tenantId)
      .where("person_id", "=", actor.personId).where("status", "=", "active").execute(),
  ]);
  const ids = rows.map((r) => r.id);
  const [topics, streets] = ids.length
    ? await Promise.all([
      db.selectFrom("subscriber_topics").select(["subscriber_id", "topic"])
        .where("tenant_id", "=", actor.tenantId).where("subscriber_id", "in", ids).execute(),
      db.selectFrom("subscriber_streets").select("street_id").distinct()
        .where("tenant_id", "=", actor.tenantId).where("subscriber_id", "in", ids).execute(),
    ])
    : [[], []];
  const follows = (channel: Channel, topic: Topic) =>
    topics.some((t) =>
      t.topic === topic && rows.some((r) => r.id === t.subscriber_id && r.channel === channel)
    );
  return {
    caseNotifications: person?.case_notifications ?? "email",
    language: person?.language ?? "cs",
    reminders: person?.reminder_notifications ?? "email",
    news: Object.fromEntries(
      TOPICS.map((x) => [x, choiceOf(follows("email", x), follows("sms", x))]),
    ) as Record<Topic, ChannelChoice>,
    streetIds: streets.map((s) => s.street_id),
    quietFrom: person?.quiet_hours_from ?? null,
    quietTo: person?.quiet_hours_to ?? null,
    ...contacts,
  };
}

function isChannelChoice(v: unknown): v is ChannelChoice {
  return typeof v === "string" && (CHANNEL_CHOICES as readonly string[]).includes(v);
}

export type SettingsOutcome = { ok: true } | { ok: false; errors: FieldError<string>[] };

/** Payment reminders: e-mail, SMS (a verified phone needed), both, or none. */
export async function setReminderChoice(
  deps: Deps,
  actor: PersonActor,
  choice: unknown,
): Promise<SettingsOutcome> {
  if (!isChannelChoice(choice)) {
    return { ok: false, errors: [{ field: "reminders", code: "invalidChoice" }] };
  }
  return await deps.db.transaction().execute(async (trx): Promise<SettingsOutcome> => {
    const { phone } = await verifiedContacts(trx, actor);
    if ((choice === "sms" || choice === "both") && !phone) {
      return { ok: false, errors: [{ field: "reminders", code: "noVerifiedPhone" }] };
    }
    await trx.updateTable("persons").set({ reminder_notifications: choice, updated_at: deps.now() })
      .where("tenant_id", "=", actor.tenantId).where("id", "=", actor.personId).execute();
    await appendAudit(trx, {
      tenantId: actor.tenantId,
      actorType: "person",
      actorId: actor.personId,
      action: "person.reminder_notifications",
      subjectType: "person",
      subjectId: actor.personId,
      requestId: actor.requestId,
      details: { choice },
    });
    return { ok: true };
  });
}

/**
 * The language of what the town sends the person: case steps, receipts, payment messages
 * (app/case_notifications.ts renders each in it). Czech or English.
 */
export async function setMessageLanguage(
  deps: Deps,
  actor: PersonActor,
  language: unknown,
): Promise<SettingsOutcome> {
  if (typeof language !== "string" || !(LOCALES as readonly string[]).includes(language)) {
    return { ok: false, errors: [{ field: "language", code: "invalidChoice" }] };
  }
  return await deps.db.transaction().execute(async (trx): Promise<SettingsOutcome> => {
    await trx.updateTable("persons")
      .set({ language: language as Locale, updated_at: deps.now() })
      .where("tenant_id", "=", actor.tenantId).where("id", "=", actor.personId).execute();
    await appendAudit(trx, {
      tenantId: actor.tenantId,
      actorType: "person",
      actorId: actor.personId,
      action: "person.message_language",
      subjectType: "person",
      subjectId: actor.personId,
      requestId: actor.requestId,
      details: { language },
    });
    return { ok: true };
  });
}

/** Quiet hours "HH:MM"–"HH:MM" (may span midnight); both empty = none. */
export async function setQuietHours(
  deps: Deps,
  actor: PersonActor,
  fromText: string,
  toText: string,
): Promise<SettingsOutcome> {
  const errors: FieldError<string>[] = [];
  let from: number | null = null;
  let to: number | null = null;
  if (fromText !== "" || toText !== "") {
    from = parseClock(fromText);
    to = parseClock(toText);
    if (from === null) errors.push({ field: "quietFrom", code: "invalidTime" });
    if (to === null) errors.push({ field: "quietTo", code: "invalidTime" });
    if (!errors.length && from === to) errors.push({ field: "quietTo", code: "sameTime" });
  }
  if (errors.length) return { ok: false, errors };
  await deps.db.transaction().execute(async (trx) => {
    await trx.updateTable("persons").set({
      quiet_hours_from: from,
      quiet_hours_to: to,
      updated_at: deps.now(),
    }).where("tenant_id", "=", actor.tenantId).where("id", "=", actor.personId).execute();
    await appendAudit(trx, {
      tenantId: actor.tenantId,
      actorType: "person",
      actorId: actor.personId,
      action: "person.quiet_hours",
      subjectType: "person",
      subjectId: actor.personId,
      requestId: actor.requestId,
      details: { from, to },
    });
  });
  return { ok: true };
}

export interface NewsChoice {
  news: Partial<Record<Topic, unknown>>;
  streetIds: string[];
  parts: string[];
}

/**
 * Town news per topic and channel, with streets: the person's subscriber row of each channel
 * follows the topics chosen for it; a channel with no topic left is withdrawn.
 */
export async function setNewsSubscriptions(
  deps: Deps,
  actor: PersonActor,
  input: NewsChoice,
): Promise<SettingsOutcome> {
  const news = {} as Record<Topic, ChannelChoice>;
  for (const topic of TOPICS) {
    const v = input.news[topic] ?? "none";
    if (!isChannelChoice(v)) {
      return { ok: false, errors: [{ field: `news-${topic}`, code: "invalidChoice" }] };
    }
    news[topic] = v;
  }
  const now = deps.now();
  const { tenantId, personId } = actor;
  return await deps.db.transaction().execute(async (trx): Promise<SettingsOutcome> => {
    const contacts = await verifiedContacts(trx, actor);
    const streetIds = await resolveStreets(trx, tenantId, input);
    for (const channel of ["email", "sms"] as const) {
      const topics = TOPICS.filter((x) => news[x] === channel || news[x] === "both");
      const address = channel === "email" ? contacts.email : contacts.phone;
      if (topics.length && !address) {
        const field = `news-${topics[0]}`;
        return { ok: false, errors: [{ field, code: "noVerifiedPhone" }] };
      }
      // The person's rows of this channel at another address (a contact since replaced).
      const mine = await trx.selectFrom("subscribers").select(["id", "address", "status"])
        .where("tenant_id", "=", tenantId).where("person_id", "=", personId)
        .where("channel", "=", channel).forUpdate().execute();
      for (const old of mine.filter((r) => r.address !== address && r.status !== "unsubscribed")) {
        await withdrawRow(trx, actor, old.id, channel, now);
      }
      if (!address) continue;
      const find = () =>
        trx.selectFrom("subscribers").select(["id", "status", "person_id"])
          .where("tenant_id", "=", tenantId).where("channel", "=", channel)
          .where("address", "=", address).forUpdate().executeTakeFirst();
      const existing = await find();
      if (!topics.length) {
        if (existing?.person_id === personId && existing.status !== "unsubscribed") {
          await withdrawRow(trx, actor, existing.id, channel, now);
        }
        continue;
      }
      // The row of this address (an /odber subscription of it becomes the person's), or a new
      // one; an /odber request for a new address committing meanwhile makes the insert wait and
      // do nothing, and its row is taken over.
      const row = existing ?? (await trx.insertInto("subscribers").values({
        tenant_id: tenantId,
        channel,
        address,
        person_id: personId,
        status: "active",
        confirm_secret_hash: null,
        confirm_expires_at: null,
        unsubscribe_token: randomToken(),
        confirmed_at: now,
        unsubscribed_at: null,
      }).onConflict((oc) => oc.columns(["tenant_id", "channel", "address"]).doNothing())
        .returning(["id", "status", "person_id"]).executeTakeFirst()) ??
        (await find());
      if (!row) throw new Error("the subscriber row vanished");
      const id = row.id;
      await trx.updateTable("subscribers").set({
        person_id: personId,
        status: "active",
        confirmed_at: existing?.status === "active" ? undefined : now,
        unsubscribed_at: null,
        confirm_secret_hash: null,
        confirm_expires_at: null,
        confirm_attempts: 0,
        updated_at: now,
      }).where("tenant_id", "=", tenantId).where("id", "=", id).execute();
      await setFollowed(trx, tenantId, id, topics, streetIds);
      await trx.insertInto("consent_events").values({
        tenant_id: tenantId,
        subscriber_id: id,
        person_id: personId,
        action: existing?.status === "active" ? "changed" : "confirmed",
        source: "settings",
        channel,
        topics,
        street_ids: streetIds,
        details: JSON.stringify({ consentVersion: CONSENT_VERSION }),
      }).execute();
    }
    await appendAudit(trx, {
      tenantId,
      actorType: "person",
      actorId: personId,
      action: "person.news_subscriptions",
      subjectType: "person",
      subjectId: personId,
      requestId: actor.requestId,
      details: { news, streets: streetIds.length },
    });
    return { ok: true };
  });
}

async function withdrawRow(
  trx: Transaction<Database>,
  actor: PersonActor,
  id: string,
  channel: Channel,
  now: Date,
): Promise<void> {
  await trx.updateTable("subscribers").set({
    status: "unsubscribed",
    unsubscribed_at: now,
    updated_at: now,
  }).where("tenant_id", "=", actor.tenantId).where("id", "=", id).execute();
  await trx.insertInto("consent_events").values({
    tenant_id: actor.tenantId,
    subscriber_id: id,
    person_id: actor.personId,
    action: "withdrawn",
    source: "settings",
    channel,
    topics: [],
    street_ids: [],
    details: JSON.stringify({ consentVersion: CONSENT_VERSION }),
  }).execute();
}
