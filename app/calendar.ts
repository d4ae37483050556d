/**
 * The citizen's private calendar feed of due dates: a random 32-byte token in the feed's URL is
 * the only credential (a calendar app cannot sign in), so it is shown once, only its SHA-256 is
 * stored, and the person can revoke it. The feed lists the unpaid obligations of the token
 * owner's payees (their household), as all-day events with an alarm a few days before; their
 * booked appointments; their wedding ceremony and their public-space occupations (issue 15).
 */
import type { Kysely } from "kysely";
import type { Database } from "../db/schema.ts";
import { appendAudit } from "../db/repositories/audit.ts";
import { isUuid } from "../db/repositories/ledger.ts";
import { listPayees } from "../db/repositories/representations.ts";
import { buildCalendar, type IcsEvent } from "../domain/ics.ts";
import { appointmentUid } from "../domain/appointment_ics.ts";
import { formatCzk } from "../domain/money.ts";
import { sha256Hex } from "../domain/files.ts";
import { formatPragueDate } from "../domain/time.ts";
import { randomToken } from "../lib/crypto.ts";
import type { Translate } from "../lib/state.ts";
import { type PersonActor, personAudit } from "./deps.ts";
import { accountForms, openEntries } from "./ledger.ts";

export interface CalendarDeps {
  db: Kysely<Database>;
  now: () => Date;
}

/** Days before the due date the calendar reminds. */
export const ALARM_DAYS_BEFORE = 3;

/** A token as it appears in a feed URL: 32 random bytes, base64url without padding. */
const TOKEN = /^[A-Za-z0-9_-]{43}$/;

function tokenHash(token: string): Promise<string> {
  return sha256Hex(new TextEncoder().encode(token));
}

export interface CalendarFeedRow {
  id: string;
  created_at: Date;
}

/** The reader's active feeds, newest first (never the token: it is not stored). */
export function listCalendarFeeds(
  deps: CalendarDeps,
  actor: PersonActor,
): Promise<CalendarFeedRow[]> {
  return deps.db.selectFrom("calendar_tokens").select(["id", "created_at"])
    .where("tenant_id", "=", actor.tenantId).where("person_id", "=", actor.personId)
    .where("revoked_at", "is", null).orderBy("created_at", "desc").orderBy("id").execute();
}

/** At most this many active feeds per person. */
export const MAX_FEEDS = 10;

export type CreateFeedOutcome =
  | { kind: "ok"; id: string; token: string }
  | { kind: "invalid"; code: "tooMany" };

/** Makes a new feed address; the token is returned this once. Audited. */
export async function createCalendarFeed(
  deps: CalendarDeps,
  actor: PersonActor,
): Promise<CreateFeedOutcome> {
  const token = randomToken(32);
  const hash = await tokenHash(token);
  return await deps.db.transaction().execute(async (trx): Promise<CreateFeedOutcome> => {
    // Serialise one person's feed creations, so the limit holds under a double click.
    await trx.selectFrom("persons").select("id").where("tenant_id", "=", actor.tenantId)
      .where("id", "=", actor.personId).forUpdate().execute();
    const active = await trx.selectFrom("calendar_tokens")
      .select((eb) => eb.fn.countAll<string>().as("n"))
      .where("tenant_id", "=", actor.tenantId).where("person_id", "=", actor.personId)
      .where("revoked_at", "is", null).executeTakeFirstOrThrow();
    if (Number(active.n) >= MAX_FEEDS) return { kind: "invalid", code: "tooMany" };
    const row = await trx.insertInto("calendar_tokens").values({
      tenant_id: actor.tenantId,
      person_id: actor.personId,
      token_hash: hash,
      revoked_at: null,
    }).returning("id").executeTakeFirstOrThrow();
    await appendAudit(trx, {
      ...personAudit(actor),
      action: "calendar.created",
      subjectType: "calendar_token",
      subjectId: row.id,
    });
    return { kind: "ok", id: row.id, token };
  });
}

/** Revokes one of the reader's feeds; false when it is not theirs or already revoked. Audited. */
export async function revokeCalendarFeed(
  deps: CalendarDeps,
  actor: PersonActor,
  id: string,
): Promise<boolean> {
  if (!isUuid(id)) return false;
  return await deps.db.transaction().execute(async (trx) => {
    const row = await trx.updateTable("calendar_tokens").set({ revoked_at: deps.now() })
      .where("tenant_id", "=", actor.tenantId).where("person_id", "=", actor.personId)
      .where("id", "=", id).where("revoked_at", "is", null).returning("id").executeTakeFirst();
    if (!row) return false;
    await appendAudit(trx, {
      ...personAudit(actor),
      action: "calendar.revoked",
      subjectType: "calendar_token",
      subjectId: row.id,
    });
    return true;
  });
}

/**
 * The ICS text of a feed token in this town, or null for a token that is malformed, unknown,
 * revoked, or another town's. `host` makes the events' UIDs (`obligation-<id>@<host>`), `origin`
 * their links; `t` the Czech texts.
 */
export async function calendarFeed(
  deps: CalendarDeps,
  tenant: { id: string; officialName: string },
  token: string,
  where: { host: string; origin: string },
  t: Translate,
): Promise<string | null> {
  if (!TOKEN.test(token)) return null;
  const row = await deps.db.selectFrom("calendar_tokens").select(["person_id"])
    .where("tenant_id", "=", tenant.id).where("token_hash", "=", await tokenHash(token))
    .where("revoked_at", "is", null).executeTakeFirst();
  if (!row) return null;
  const now = deps.now();
  const payees = await listPayees(deps.db, tenant.id, row.person_id, formatPragueDate(now));
  if (payees.length === 0) return null; // the person is gone
  const entries = await openEntries(deps, tenant.id, payees);
  const events: IcsEvent[] = entries.map((o) => {
    const account = accountForms(o.account);
    const lines = [
      t("calendar.feed.amount", { amount: formatCzk(o.outstanding_halere) }),
      t("calendar.feed.person", { name: o.personName }),
      t("calendar.feed.vs", { vs: o.variable_symbol }),
      ...(o.specific_symbol ? [t("calendar.feed.ss", { ss: o.specific_symbol })] : []),
      ...(o.constant_symbol ? [t("calendar.feed.ks", { ks: o.constant_symbol })] : []),
      t("calendar.feed.account", {
        account: account.czech ? `${account.czech} (${account.ibanPrinted})` : account.ibanPrinted,
      }),
      t("calendar.feed.link", { url: `${where.origin}/ucet/predpisy/${o.id}` }),
    ];
    return {
      uid: `obligation-${o.id}@${where.host}`,
      stamp: now,
      date: o.due_date,
      summary: t("calendar.feed.summary", { name: o.name }),
      description: lines.join("\n"),
      url: `${where.origin}/ucet/predpisy/${o.id}`,
      alarm: {
        daysBefore: ALARM_DAYS_BEFORE,
        description: t("calendar.feed.alarm", { name: o.name }),
      },
    };
  });
  // The person's booked appointments (issue 15), the same UID and SEQUENCE as their e-mailed
  // invitations: a move changes the event, a cancellation drops it from the feed.
  const appointments = await deps.db.selectFrom("appointments as a")
    .innerJoin("appointment_services as s", "s.id", "a.service_id")
    .select(["a.id", "a.starts_at", "a.ends_at", "a.sequence", "a.subject", "s.name", "s.location"])
    .where("a.tenant_id", "=", tenant.id).where("a.person_id", "=", row.person_id)
    .where("a.status", "=", "booked")
    .where("a.starts_at", ">", new Date(now.getTime() - 30 * 86_400_000))
    .orderBy("a.starts_at").limit(500).execute();
  for (const a of appointments) {
    const url = `${where.origin}/ucet/rezervace/${a.id}`;
    events.push({
      uid: appointmentUid(a.id, where.host),
      stamp: now,
      date: formatPragueDate(a.starts_at),
      timed: { start: a.starts_at, end: a.ends_at, sequence: a.sequence, location: a.location },
      summary: t("appointments.ics.summary", { service: a.name }),
      description: [t("appointments.mail.subjectLine", { subject: a.subject }), url].join("\n"),
      url,
      alarm: { daysBefore: 1, description: t("appointments.ics.summary", { service: a.name }) },
    });
  }
  events.push(...await caseDates(deps, tenant.id, row.person_id, now, where, t));
  return buildCalendar({
    prodId: "-//Portál občana//Splatnosti//CS",
    name: t("calendar.feed.name", { town: tenant.officialName }),
    events,
  });
}

/** A wedding ceremony's length in the feed (the registry office books one slot per half hour). */
const CEREMONY_MINUTES = 30;

/**
 * The dates of the person's own cases that a calendar should hold: a ceremony slot they hold
 * (not released), and each public-space occupation not refused (its days, with the permit
 * number once issued). Each event links to its case; UIDs stay the same when a date moves.
 */
async function caseDates(
  deps: CalendarDeps,
  tenantId: string,
  personId: string,
  now: Date,
  where: { host: string; origin: string },
  t: Translate,
): Promise<IcsEvent[]> {
  const since = new Date(now.getTime() - 30 * 86_400_000);
  const [ceremonies, occupations] = await Promise.all([
    deps.db.selectFrom("ceremony_bookings as b")
      .innerJoin("cases as c", "c.id", "b.case_id")
      .leftJoin(
        "ceremony_places as p",
        (j) => j.onRef("p.tenant_id", "=", "b.tenant_id").onRef("p.code", "=", "b.place_code"),
      )
      .select([
        "b.id",
        "b.case_id",
        "b.starts_at",
        "b.other_place",
        "p.name as place",
        "c.reference",
      ])
      .where("b.tenant_id", "=", tenantId).where("c.person_id", "=", personId)
      .where("b.released_at", "is", null).where("b.starts_at", ">", since)
      .orderBy("b.starts_at").limit(50).execute(),
    deps.db.selectFrom("public_space_occupations as o")
      .innerJoin("cases as c", "c.id", "o.case_id")
      .select([
        "o.id",
        "o.case_id",
        "o.street",
        "o.date_from",
        "o.date_to",
        "o.permit_number",
        "c.reference",
      ])
      .where("o.tenant_id", "=", tenantId).where("c.person_id", "=", personId)
      .where("o.refused_at", "is", null).where("o.date_to", ">=", formatPragueDate(since))
      .orderBy("o.date_from").limit(200).execute(),
  ]);
  const events: IcsEvent[] = [];
  for (const b of ceremonies) {
    const url = `${where.origin}/ucet/podani/${b.case_id}`;
    const place = b.other_place || b.place || "";
    events.push({
      uid: `ceremony-${b.id}@${where.host}`,
      stamp: now,
      date: formatPragueDate(b.starts_at),
      timed: {
        start: b.starts_at,
        end: new Date(b.starts_at.getTime() + CEREMONY_MINUTES * 60_000),
        sequence: 0,
        location: place,
      },
      summary: t("calendar.feed.ceremony", { place }),
      description: [t("calendar.feed.case", { reference: b.reference }), url].join("\n"),
      url,
      alarm: { daysBefore: 7, description: t("calendar.feed.ceremony", { place }) },
    });
  }
  for (const o of occupations) {
    const url = `${where.origin}/ucet/podani/${o.case_id}`;
    const summary = o.permit_number
      ? t("calendar.feed.occupationPermit", { street: o.street, permit: o.permit_number })
      : t("calendar.feed.occupation", { street: o.street });
    events.push({
      uid: `occupation-${o.id}@${where.host}`,
      stamp: now,
      date: String(o.date_from),
      lastDate: String(o.date_to),
      summary,
      description: [t("calendar.feed.case", { reference: o.reference }), url].join("\n"),
      url,
      alarm: { daysBefore: 1, description: summary },
    });
  }
  return events;
}
