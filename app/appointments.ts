/**
 * Appointments with the office (issue 15, part 1), as the citizen and the clerk take them:
 *
 * 1. `holdSlot`: a free seat of the chosen slot is held for 10 minutes (the seat's row; the
 *    primary key decides between two requests for the last seat) → the step-2 address carries a
 *    random token, only its SHA-256 stored. A full slot answers with the next free ones.
 * 2. `completeBooking`: contact and subject. Signed in: booked at once. Anonymous: the hold is
 *    kept 30 minutes while a link goes to the e-mail address; `confirmBookingEmail` books it.
 *    Booked: the seat is firm, a confirmation e-mail carries the ICS invitation
 *    (`METHOD:REQUEST`, `UID appointment-<id>@<host>`, `SEQUENCE 0`) and the reminder's workflow
 *    starts (outbox), all in one transaction.
 * 3. `moveAppointment`, `cancelAppointment`: until 2 hours before the start; SEQUENCE + 1, a new
 *    REQUEST (move) or a CANCEL, and a signal to the reminder's workflow.
 * Clerks: `clerkDay`, `markNoShow`, `blockSlot`, `bookForCaller`, each audited; their settings,
 * exceptions, unblocking and closing a day with bookings are in `app/appointment_admin.ts`.
 */
import type { Kysely, Transaction } from "kysely";
import type { Database } from "../db/schema.ts";
import { appendAudit } from "../db/repositories/audit.ts";
import { enqueueCommand } from "../db/repositories/commands.ts";
import { findPerson, listContacts } from "../db/repositories/persons.ts";
import {
  type AppointmentRow,
  findAppointment,
  findByConfirmToken,
  findByHoldToken,
  findService,
  findServiceBySlug,
  listDay,
  listPersonAppointments,
  listServices,
  loadSchedule,
  lockAppointment,
  type ServiceRow,
  sweepExpiredHolds,
  takenSeats,
  takeSeat,
} from "../db/repositories/appointments.ts";
import {
  addDays,
  BOOKING_HORIZON_DAYS,
  canChange,
  checkSlot,
  daySlots,
  EMAIL_CONFIRM_MINUTES,
  HOLD_MINUTES,
  isIsoDate,
  openDays,
  REMINDER_LEAD_MS,
  reminderAt,
  type SlotErrorCode,
} from "../domain/appointments.ts";
import { appointmentInvitation } from "../domain/appointment_ics.ts";
import {
  appointmentChanged,
  type AppointmentTiming,
  appointmentWorkflowId,
  startAppointmentReminder,
} from "../domain/workflows.ts";
import { sha256Hex } from "../domain/files.ts";
import { normalizeEmail, normalizePhone } from "../domain/identity.ts";
import { formatPragueDate, pragueStartOfDay } from "../domain/time.ts";
import { checkText, cleanText, type FieldError, isEmail } from "../domain/validation.ts";
import { sendMessage } from "../lib/messaging.ts";
import { randomToken } from "../lib/crypto.ts";
import type { Translate } from "../lib/state.ts";
import { isUuid } from "../db/repositories/ledger.ts";
import { appointmentTexts, formatSlot } from "./appointment_texts.ts";
import { personTranslator } from "./case_notifications.ts";

export interface AppointmentDeps {
  db: Kysely<Database>;
  now: () => Date;
  /** Tests run a worker of their own. */
  taskQueue?: string | null;
  /** Overrides for tests: the hold, the e-mail confirmation window, the reminder's lead. */
  holdMs?: number;
  confirmMs?: number;
  reminderLeadMs?: number;
}

/** The town and request an action happens in: links, UIDs and message texts (Czech). */
export interface AppointmentWhere {
  tenant: { id: string; slug: string; officialName: string };
  origin: string;
  requestId: string | null;
  t: Translate;
}

export type SlotView = { startsAt: string; free: number };

const TOKEN = /^[A-Za-z0-9_-]{43}$/;
const hashToken = (token: string) => sha256Hex(new TextEncoder().encode(token));
const host = (w: AppointmentWhere) => new URL(w.origin).hostname;

/** The town's services, grouped by department (the public list). */
export async function publicServices(db: Kysely<Database>, tenantId: string) {
  const services = await listServices(db, tenantId);
  const groups = new Map<string, typeof services>();
  for (const s of services) groups.set(s.department, [...(groups.get(s.department) ?? []), s]);
  return [...groups].map(([department, items]) => ({ department, services: items }));
}

/** The slots of one day with their free seats (past ones left out). */
export async function slotsOfDay(
  deps: AppointmentDeps,
  tenantId: string,
  service: ServiceRow,
  date: string,
): Promise<SlotView[]> {
  const now = deps.now();
  const schedule = await loadSchedule(deps.db, tenantId, service, date);
  const slots = daySlots(schedule, date).filter((s) => s > now);
  if (slots.length === 0) return [];
  const taken = await takenSeats(
    deps.db,
    tenantId,
    service.id,
    pragueStartOfDay(date),
    pragueStartOfDay(addDays(date, 1)),
    now,
  );
  return slots.map((s) => ({
    startsAt: s.toISOString(),
    free: Math.max(0, service.desks - (taken.get(s.getTime()) ?? 0)),
  }));
}

/** The next `n` free slots after `after` (the answer to a full slot). */
export async function nextFreeSlots(
  deps: AppointmentDeps,
  tenantId: string,
  service: ServiceRow,
  after: Date,
  n = 5,
): Promise<SlotView[]> {
  const today = formatPragueDate(deps.now());
  const start = formatPragueDate(after) > today ? formatPragueDate(after) : today;
  const out: SlotView[] = [];
  for (let i = 0; i <= BOOKING_HORIZON_DAYS && out.length < n; i++) {
    const date = addDays(start, i);
    for (const s of await slotsOfDay(deps, tenantId, service, date)) {
      if (s.free > 0 && new Date(s.startsAt) > after) out.push(s);
      if (out.length >= n) break;
    }
  }
  return out;
}

/** A service's booking page: the days that have slots, the chosen day and its slots. */
export async function serviceDay(
  deps: AppointmentDeps,
  tenantId: string,
  slug: string,
  date: string | null,
) {
  const service = await findServiceBySlug(deps.db, tenantId, slug);
  if (!service) return null;
  const today = formatPragueDate(deps.now());
  const schedule = await loadSchedule(deps.db, tenantId, service, today);
  const days = openDays(schedule, today);
  const chosen = date && isIsoDate(date) && days.includes(date) ? date : days[0] ?? today;
  const slots = await slotsOfDay(deps, tenantId, service, chosen);
  return { service, days, date: chosen, slots };
}

export type HoldOutcome =
  | { ok: true; token: string }
  | { ok: false; code: SlotErrorCode; next: SlotView[] }
  | { ok: false; code: "notFound" };

/** Step 1: holds a seat of the slot for `HOLD_MINUTES`. */
export async function holdSlot(
  deps: AppointmentDeps,
  where: AppointmentWhere,
  input: { slug: string; slot: string; personId: string | null },
): Promise<HoldOutcome> {
  const service = await findServiceBySlug(deps.db, where.tenant.id, input.slug);
  if (!service) return { ok: false, code: "notFound" };
  const now = deps.now();
  const schedule = await loadSchedule(deps.db, where.tenant.id, service, formatPragueDate(now));
  const checked = checkSlot(schedule, input.slot, now);
  if (!checked.ok) return { ok: false, code: checked.code, next: [] };
  // Holds nobody finished are swept as others hold (the slot's own are freed in `takeSeat`).
  await sweepExpiredHolds(deps.db, where.tenant.id, now);
  const token = randomToken(32);
  const tokenHash = await hashToken(token);
  const expires = new Date(now.getTime() + (deps.holdMs ?? HOLD_MINUTES * 60_000));
  const held = await deps.db.transaction().execute(async (trx) => {
    const appt = await trx.insertInto("appointments").values({
      tenant_id: where.tenant.id,
      service_id: service.id,
      starts_at: checked.startsAt,
      ends_at: checked.endsAt,
      status: "held",
      person_id: input.personId,
      hold_token_hash: tokenHash,
      hold_expires_at: expires,
    }).returning("id").executeTakeFirstOrThrow();
    const seat = await takeSeat(trx, {
      tenantId: where.tenant.id,
      serviceId: service.id,
      desks: service.desks,
      startsAt: checked.startsAt,
      kind: "hold",
      appointmentId: appt.id,
      holdExpiresAt: expires,
    }, now);
    if (seat === null) {
      await trx.deleteFrom("appointments").where("id", "=", appt.id).execute();
      return false;
    }
    return true;
  });
  if (!held) {
    const next = await nextFreeSlots(deps, where.tenant.id, service, checked.startsAt);
    return { ok: false, code: "appointmentSlotFull", next };
  }
  return { ok: true, token };
}

/** A hold or a booking awaiting its e-mail by its token, with its service; null if unknown. */
export async function heldBooking(deps: AppointmentDeps, tenantId: string, token: string) {
  if (!TOKEN.test(token)) return null;
  const appt = await findByHoldToken(deps.db, tenantId, await hashToken(token));
  // A hold let go (expired, its seat taken by another) still answers "expired", not 404.
  if (!appt || (appt.status !== "held" && appt.status !== "expired")) return null;
  const service = await findService(deps.db, tenantId, appt.service_id);
  if (!service) return null;
  const expired = appt.status === "expired" || !appt.hold_expires_at ||
    appt.hold_expires_at <= deps.now();
  return { appointment: appt, service, expired };
}

export interface ContactValues {
  name: string;
  email: string;
  phone: string;
  subject: string;
}

export function contactValues(form: FormData): ContactValues {
  return {
    name: cleanText(form.get("name")),
    email: cleanText(form.get("email")),
    phone: cleanText(form.get("phone")),
    subject: cleanText(form.get("subject")),
  };
}

/** Contact and subject: a name; an e-mail (required without an account), a phone optional. */
export function validateContact(
  v: ContactValues,
  emailRequired: boolean,
): { ok: true; email: string | null; phone: string | null } | {
  ok: false;
  errors: FieldError<string>[];
} {
  const errors: FieldError<string>[] = [];
  checkText(errors, "name", v.name, { required: true, max: 200 });
  let email: string | null = null;
  if (v.email === "") {
    if (emailRequired) errors.push({ field: "email", code: "required" });
  } else if (!isEmail(v.email)) errors.push({ field: "email", code: "invalidEmail" });
  else email = normalizeEmail(v.email);
  let phone: string | null = null;
  if (v.phone !== "") {
    phone = normalizePhone(v.phone);
    if (!phone) errors.push({ field: "phone", code: "invalidPhone" });
  }
  checkText(errors, "subject", v.subject, { required: true, max: 500 });
  return errors.length ? { ok: false, errors } : { ok: true, email, phone };
}

/** The signed-in person's name and verified contacts, to prefill step 2. */
export async function personContact(db: Kysely<Database>, tenantId: string, personId: string) {
  const [p, contacts] = await Promise.all([
    findPerson(db, tenantId, personId),
    listContacts(db, tenantId, personId),
  ]);
  const verified = contacts.filter((c) => c.verified_at);
  return {
    name: p ? `${p.given_name} ${p.family_name}` : "",
    email: verified.find((c) => c.kind === "email")?.value ?? "",
    phone: verified.find((c) => c.kind === "phone")?.value ?? "",
  };
}

export type CompleteOutcome =
  | { kind: "booked"; id: string; manageToken: string }
  | { kind: "pendingEmail"; email: string }
  | { kind: "invalid"; errors: FieldError<string>[] }
  | { kind: "expired"; next: SlotView[] }
  | { kind: "notFound" };

type Actor = { type: "person"; id: string } | { type: "anonymous" } | {
  type: "clerk";
  id: string;
};

function auditActor(a: Actor) {
  return a.type === "anonymous"
    ? { actorType: "anonymous" as const, actorId: null }
    : { actorType: a.type, actorId: a.id };
}

/** The reminder's timing facts for the workflow, from the row. */
export function timing(
  deps: AppointmentDeps,
  a: AppointmentRow,
  ended: boolean,
): AppointmentTiming {
  const remind = reminderAt(a.starts_at, deps.now(), deps.reminderLeadMs ?? REMINDER_LEAD_MS);
  return {
    version: a.sequence,
    startsAt: a.starts_at.toISOString(),
    remindAt: remind?.toISOString() ?? null,
    ended,
  };
}

/**
 * Whom a booking's message is written for: a person with an account in the language they chose
 * (/ucet/nastaveni), else in the language of the request (the booker's page; a clerk's, when a
 * clerk booked for a caller).
 */
export async function bookerTranslator(
  trx: Transaction<Database>,
  where: AppointmentWhere,
  a: { person_id: string | null },
): Promise<Translate> {
  return (a.person_id && await personTranslator(trx, where.tenant.id, a.person_id)) || where.t;
}

/**
 * The invitation e-mail (REQUEST or CANCEL) for the row as it is now; once per SEQUENCE. A
 * cancellation because the office closes the day says so and links to booking another time.
 */
export async function sendInvitation(
  trx: Transaction<Database>,
  deps: AppointmentDeps,
  where: AppointmentWhere,
  a: AppointmentRow,
  service: ServiceRow,
  method: "REQUEST" | "CANCEL",
  manageUrl: string | null,
  closed?: { rebookUrl: string },
): Promise<void> {
  if (!a.email) return;
  const texts = appointmentTexts(await bookerTranslator(trx, where, a), service, a, manageUrl);
  const ics = appointmentInvitation({
    method,
    appointmentId: a.id,
    host: host(where),
    sequence: a.sequence,
    startsAt: a.starts_at,
    endsAt: a.ends_at,
    stamp: deps.now(),
    summary: texts.summary,
    description: texts.description,
    location: service.location || where.tenant.officialName,
    organizer: { name: where.tenant.officialName, email: `rezervace@${host(where)}` },
    attendee: { name: a.name, email: a.email },
    url: manageUrl ?? undefined,
  });
  const kind = closed
    ? "closed"
    : method === "CANCEL"
    ? "cancelled"
    : a.sequence === 0
    ? "booked"
    : "moved";
  await sendMessage(trx, where.tenant.id, {
    idempotencyKey: `appointment:${a.id}:${a.sequence}:${method}`,
    channel: "email",
    recipient: a.email,
    subject: texts.mailSubject(kind),
    body: texts.mailBody(kind, closed?.rebookUrl),
    personId: a.person_id,
    kind: "case",
    secret: false,
    calendarIcs: ics,
  });
}

/** Makes a held (or e-mail-confirmed) booking firm: seat, row, invitation, reminder, audit. */
async function finalize(
  trx: Transaction<Database>,
  deps: AppointmentDeps,
  where: AppointmentWhere,
  a: AppointmentRow,
  service: ServiceRow,
  actor: Actor,
): Promise<{ id: string; manageToken: string }> {
  const now = deps.now();
  const manageToken = randomToken(32);
  const workflowId = appointmentWorkflowId(where.tenant.slug, a.id);
  const booked = await trx.updateTable("appointments").set({
    status: "booked",
    hold_expires_at: null,
    hold_token_hash: await hashToken(manageToken),
    confirm_token_hash: null,
    booked_at: now,
    workflow_id: workflowId,
    updated_at: now,
  }).where("id", "=", a.id).returningAll().executeTakeFirstOrThrow();
  await trx.updateTable("appointment_seats").set({ kind: "booking", hold_expires_at: null })
    .where("tenant_id", "=", where.tenant.id).where("appointment_id", "=", a.id).execute();
  await sendInvitation(
    trx,
    deps,
    where,
    booked,
    service,
    "REQUEST",
    manageUrl(where, booked, manageToken),
  );
  await enqueueCommand(
    trx,
    startAppointmentReminder({
      tenantId: where.tenant.id,
      tenantSlug: where.tenant.slug,
      appointmentId: a.id,
      workflowId,
      serviceName: service.name,
      origin: where.origin,
      timing: timing(deps, booked, false),
    }, deps.taskQueue),
  );
  await appendAudit(trx, {
    tenantId: where.tenant.id,
    ...auditActor(actor),
    requestId: where.requestId,
    action: "appointment.booked",
    subjectType: "appointment",
    subjectId: a.id,
    details: { service: service.slug, startsAt: a.starts_at.toISOString() },
  });
  return { id: a.id, manageToken };
}

function manageUrl(
  where: AppointmentWhere,
  a: { id: string; person_id: string | null },
  token: string,
) {
  return a.person_id
    ? `${where.origin}/ucet/rezervace/${a.id}`
    : `${where.origin}/rezervace/sprava/${token}`;
}

/** Step 2: contact and subject; books (signed in) or asks to confirm the e-mail (anonymous). */
export async function completeBooking(
  deps: AppointmentDeps,
  where: AppointmentWhere,
  token: string,
  personId: string | null,
  values: ContactValues,
): Promise<CompleteOutcome> {
  const held = await heldBooking(deps, where.tenant.id, token);
  if (!held || (held.appointment.person_id && held.appointment.person_id !== personId)) {
    return { kind: "notFound" };
  }
  const checked = validateContact(values, personId === null);
  if (!checked.ok) return { kind: "invalid", errors: checked.errors };
  const now = deps.now();
  const outcome = await deps.db.transaction().execute(async (trx): Promise<CompleteOutcome> => {
    const a = await lockAppointment(trx, where.tenant.id, held.appointment.id);
    if (!a || a.status !== "held" || !a.hold_expires_at || a.hold_expires_at <= now) {
      return { kind: "expired", next: [] };
    }
    const withContact = await trx.updateTable("appointments").set({
      name: values.name,
      email: checked.email,
      phone: checked.phone,
      subject: values.subject,
      person_id: personId,
      updated_at: now,
    }).where("id", "=", a.id).returningAll().executeTakeFirstOrThrow();
    if (personId) {
      const r = await finalize(trx, deps, where, withContact, held.service, {
        type: "person",
        id: personId,
      });
      return { kind: "booked", ...r };
    }
    // Anonymous: the seat stays held while the e-mail address is confirmed.
    const confirm = randomToken(32);
    const until = new Date(now.getTime() + (deps.confirmMs ?? EMAIL_CONFIRM_MINUTES * 60_000));
    await trx.updateTable("appointments").set({
      status: "pending_email",
      confirm_token_hash: await hashToken(confirm),
      hold_expires_at: until,
    }).where("id", "=", a.id).execute();
    await trx.updateTable("appointment_seats").set({ hold_expires_at: until })
      .where("tenant_id", "=", where.tenant.id).where("appointment_id", "=", a.id).execute();
    const texts = appointmentTexts(where.t, held.service, withContact, null);
    await sendMessage(trx, where.tenant.id, {
      idempotencyKey: `appointment:${a.id}:confirm`,
      channel: "email",
      recipient: checked.email!,
      subject: texts.confirmSubject,
      body: texts.confirmBody(`${where.origin}/rezervace/potvrzeni/${confirm}`, until),
      personId: null,
      kind: "code",
      secret: true,
    });
    await appendAudit(trx, {
      tenantId: where.tenant.id,
      actorType: "anonymous",
      actorId: null,
      requestId: where.requestId,
      action: "appointment.emailRequested",
      subjectType: "appointment",
      subjectId: a.id,
    });
    return { kind: "pendingEmail", email: checked.email! };
  });
  if (outcome.kind === "expired") {
    return {
      kind: "expired",
      next: await nextFreeSlots(deps, where.tenant.id, held.service, held.appointment.starts_at),
    };
  }
  return outcome;
}

/** The e-mail link's page: what it confirms, or null when unknown. */
export async function pendingByConfirmToken(
  deps: AppointmentDeps,
  tenantId: string,
  token: string,
) {
  if (!TOKEN.test(token)) return null;
  const a = await findByConfirmToken(deps.db, tenantId, await hashToken(token));
  if (!a) return null;
  const service = await findService(deps.db, tenantId, a.service_id);
  return service ? { appointment: a, service } : null;
}

/** The anonymous booking's e-mail confirmed: booked, unless its hold expired meanwhile. */
export async function confirmBookingEmail(
  deps: AppointmentDeps,
  where: AppointmentWhere,
  token: string,
): Promise<CompleteOutcome> {
  const pending = await pendingByConfirmToken(deps, where.tenant.id, token);
  if (!pending) return { kind: "notFound" };
  const now = deps.now();
  const r = await deps.db.transaction().execute(async (trx): Promise<CompleteOutcome> => {
    const a = await lockAppointment(trx, where.tenant.id, pending.appointment.id);
    if (!a || a.status !== "pending_email" || !a.hold_expires_at || a.hold_expires_at <= now) {
      return { kind: "expired", next: [] };
    }
    const seat = await trx.selectFrom("appointment_seats").select("seat")
      .where("tenant_id", "=", where.tenant.id).where("appointment_id", "=", a.id)
      .executeTakeFirst();
    if (!seat) return { kind: "expired", next: [] };
    return {
      kind: "booked",
      ...(await finalize(trx, deps, where, a, pending.service, { type: "anonymous" })),
    };
  });
  if (r.kind === "expired") {
    return {
      kind: "expired",
      next: await nextFreeSlots(deps, where.tenant.id, pending.service, now),
    };
  }
  return r;
}

export function myAppointments(db: Kysely<Database>, tenantId: string, personId: string) {
  return listPersonAppointments(db, tenantId, personId);
}

/** Whose booking: a signed-in person's by id, or anyone's by the e-mailed manage token. */
export type BookingRef = { personId: string; id: string } | { token: string };

export async function findBooking(deps: AppointmentDeps, tenantId: string, ref: BookingRef) {
  let a: AppointmentRow | undefined;
  if ("token" in ref) {
    if (!TOKEN.test(ref.token)) return null;
    a = await findByHoldToken(deps.db, tenantId, await hashToken(ref.token));
  } else {
    if (!isUuid(ref.id)) return null;
    a = await findAppointment(deps.db, tenantId, ref.id);
    if (a && a.person_id !== ref.personId) a = undefined;
  }
  if (!a || !["booked", "cancelled", "no_show"].includes(a.status)) return null;
  const service = await findService(deps.db, tenantId, a.service_id);
  if (!service) return null;
  return {
    appointment: a,
    service,
    changeable: a.status === "booked" && canChange(a.starts_at, deps.now()),
  };
}

export type ChangeOutcome =
  | { ok: true }
  | { ok: false; code: "notFound" | "appointmentTooLate" }
  | { ok: false; code: SlotErrorCode; next: SlotView[] };

/** Moves a booking to another slot of its service (until the cutoff): SEQUENCE + 1, REQUEST. */
export async function moveAppointment(
  deps: AppointmentDeps,
  where: AppointmentWhere,
  ref: BookingRef,
  slot: string,
): Promise<ChangeOutcome> {
  const found = await findBooking(deps, where.tenant.id, ref);
  if (!found || found.appointment.status !== "booked") return { ok: false, code: "notFound" };
  if (!found.changeable) return { ok: false, code: "appointmentTooLate" };
  const { service } = found;
  const now = deps.now();
  const schedule = await loadSchedule(deps.db, where.tenant.id, service, formatPragueDate(now));
  const checked = checkSlot(schedule, slot, now);
  if (!checked.ok) return { ok: false, code: checked.code, next: [] };
  const actor: Actor = "token" in ref
    ? { type: "anonymous" }
    : { type: "person", id: ref.personId };
  const r = await deps.db.transaction().execute(async (trx): Promise<ChangeOutcome> => {
    const a = await lockAppointment(trx, where.tenant.id, found.appointment.id);
    if (!a || a.status !== "booked") return { ok: false, code: "notFound" };
    if (!canChange(a.starts_at, now)) return { ok: false, code: "appointmentTooLate" };
    if (a.starts_at.getTime() === checked.startsAt.getTime()) return { ok: true };
    await trx.deleteFrom("appointment_seats").where("tenant_id", "=", where.tenant.id)
      .where("appointment_id", "=", a.id).execute();
    const seat = await takeSeat(trx, {
      tenantId: where.tenant.id,
      serviceId: service.id,
      desks: service.desks,
      startsAt: checked.startsAt,
      kind: "booking",
      appointmentId: a.id,
      holdExpiresAt: null,
    }, now);
    if (seat === null) throw new SlotFull();
    const moved = await trx.updateTable("appointments").set({
      starts_at: checked.startsAt,
      ends_at: checked.endsAt,
      sequence: a.sequence + 1,
      reminder_sent_at: null,
      updated_at: now,
    }).where("id", "=", a.id).returningAll().executeTakeFirstOrThrow();
    const token = "token" in ref ? ref.token : "";
    await sendInvitation(
      trx,
      deps,
      where,
      moved,
      service,
      "REQUEST",
      manageUrl(where, moved, token),
    );
    if (a.workflow_id) {
      await enqueueCommand(
        trx,
        appointmentChanged(
          { tenantId: where.tenant.id, appointmentId: a.id, workflowId: a.workflow_id },
          timing(deps, moved, false),
        ),
      );
    }
    await appendAudit(trx, {
      tenantId: where.tenant.id,
      ...auditActor(actor),
      requestId: where.requestId,
      action: "appointment.moved",
      subjectType: "appointment",
      subjectId: a.id,
      details: { from: a.starts_at.toISOString(), to: checked.startsAt.toISOString() },
    });
    return { ok: true };
  }).catch((err) => {
    if (err instanceof SlotFull) return null;
    throw err;
  });
  if (r === null) {
    return {
      ok: false,
      code: "appointmentSlotFull",
      next: await nextFreeSlots(deps, where.tenant.id, service, checked.startsAt),
    };
  }
  return r;
}

class SlotFull extends Error {
  override name = "SlotFull";
}

/** Cancels a booking (until the cutoff): the seat is freed, SEQUENCE + 1, CANCEL sent. */
export async function cancelAppointment(
  deps: AppointmentDeps,
  where: AppointmentWhere,
  ref: BookingRef,
): Promise<ChangeOutcome> {
  const found = await findBooking(deps, where.tenant.id, ref);
  if (!found || found.appointment.status !== "booked") return { ok: false, code: "notFound" };
  if (!found.changeable) return { ok: false, code: "appointmentTooLate" };
  const now = deps.now();
  const actor: Actor = "token" in ref
    ? { type: "anonymous" }
    : { type: "person", id: ref.personId };
  return await deps.db.transaction().execute(async (trx): Promise<ChangeOutcome> => {
    const a = await lockAppointment(trx, where.tenant.id, found.appointment.id);
    if (!a || a.status !== "booked") return { ok: false, code: "notFound" };
    if (!canChange(a.starts_at, now)) return { ok: false, code: "appointmentTooLate" };
    await trx.deleteFrom("appointment_seats").where("tenant_id", "=", where.tenant.id)
      .where("appointment_id", "=", a.id).execute();
    const cancelled = await trx.updateTable("appointments").set({
      status: "cancelled",
      sequence: a.sequence + 1,
      cancelled_at: now,
      updated_at: now,
    }).where("id", "=", a.id).returningAll().executeTakeFirstOrThrow();
    await sendInvitation(trx, deps, where, cancelled, found.service, "CANCEL", null);
    if (a.workflow_id) {
      await enqueueCommand(
        trx,
        appointmentChanged(
          { tenantId: where.tenant.id, appointmentId: a.id, workflowId: a.workflow_id },
          timing(deps, cancelled, true),
        ),
      );
    }
    await appendAudit(trx, {
      tenantId: where.tenant.id,
      ...auditActor(actor),
      requestId: where.requestId,
      action: "appointment.cancelled",
      subjectType: "appointment",
      subjectId: a.id,
    });
    return { ok: true };
  });
}

// ---------------------------------------------------------------------------------------------
// Clerks

/** The clerk's day: every service's bookings and blocks, and the services to book or block. */
export async function clerkDay(
  deps: AppointmentDeps,
  tenantId: string,
  date: string,
  onlyClerk?: string,
) {
  const rows = await listDay(
    deps.db,
    tenantId,
    pragueStartOfDay(date),
    pragueStartOfDay(addDays(date, 1)),
    onlyClerk,
  );
  const services = await listServices(deps.db, tenantId);
  return { rows, services };
}

export interface ClerkCtx {
  where: AppointmentWhere;
  clerkId: string;
}

/** A no-show, recorded once the appointment has started. Audited. */
export async function markNoShow(
  deps: AppointmentDeps,
  ctx: ClerkCtx,
  id: string,
): Promise<"ok" | "notFound" | "notYet"> {
  if (!isUuid(id)) return "notFound";
  const now = deps.now();
  return await deps.db.transaction().execute(async (trx) => {
    const a = await lockAppointment(trx, ctx.where.tenant.id, id);
    if (!a || a.status !== "booked") return "notFound";
    if (a.starts_at > now) return "notYet";
    const after = await trx.updateTable("appointments").set({
      status: "no_show",
      no_show_at: now,
      updated_at: now,
    })
      .where("id", "=", a.id).returningAll().executeTakeFirstOrThrow();
    if (a.workflow_id) {
      await enqueueCommand(
        trx,
        appointmentChanged(
          { tenantId: a.tenant_id, appointmentId: a.id, workflowId: a.workflow_id },
          { ...timing(deps, after, true), version: a.sequence + 1 },
        ),
      );
    }
    await appendAudit(trx, {
      tenantId: ctx.where.tenant.id,
      actorType: "clerk",
      actorId: ctx.clerkId,
      requestId: ctx.where.requestId,
      action: "appointment.noShow",
      subjectType: "appointment",
      subjectId: a.id,
    });
    return "ok";
  });
}

/** Blocks every free seat of a slot (a clerk away, a meeting). Audited. */
export async function blockSlot(
  deps: AppointmentDeps,
  ctx: ClerkCtx,
  input: { serviceId: string; slot: string; reason: string },
): Promise<{ ok: true; seats: number } | { ok: false; code: SlotErrorCode | "notFound" }> {
  if (!isUuid(input.serviceId)) return { ok: false, code: "notFound" };
  const service = await findService(deps.db, ctx.where.tenant.id, input.serviceId);
  if (!service) return { ok: false, code: "notFound" };
  const now = deps.now();
  const schedule = await loadSchedule(deps.db, ctx.where.tenant.id, service, formatPragueDate(now));
  const checked = checkSlot(schedule, input.slot, now);
  if (!checked.ok) return { ok: false, code: checked.code };
  return await deps.db.transaction().execute(async (trx) => {
    let seats = 0;
    while (
      await takeSeat(trx, {
        tenantId: ctx.where.tenant.id,
        serviceId: service.id,
        desks: service.desks,
        startsAt: checked.startsAt,
        kind: "block",
        appointmentId: null,
        holdExpiresAt: null,
        blockedBy: ctx.clerkId,
        blockReason: input.reason.slice(0, 200),
      }, now) !== null
    ) seats++;
    await appendAudit(trx, {
      tenantId: ctx.where.tenant.id,
      actorType: "clerk",
      actorId: ctx.clerkId,
      requestId: ctx.where.requestId,
      action: "appointment.blocked",
      subjectType: "appointment_service",
      subjectId: service.id,
      details: {
        startsAt: checked.startsAt.toISOString(),
        seats,
        reason: input.reason.slice(0, 500),
      },
    });
    return { ok: true as const, seats };
  });
}

/** A booking for a caller on the phone: no hold, no e-mail confirmation; audited as the clerk's. */
export async function bookForCaller(
  deps: AppointmentDeps,
  ctx: ClerkCtx,
  input: { serviceId: string; slot: string; values: ContactValues },
): Promise<
  | { ok: true; id: string; manageToken: string }
  | { ok: false; errors: FieldError<string>[]; next: SlotView[] }
> {
  const fail = (field: string, code: string, next: SlotView[] = []) => ({
    ok: false as const,
    errors: [{ field, code }],
    next,
  });
  const service = isUuid(input.serviceId)
    ? await findService(deps.db, ctx.where.tenant.id, input.serviceId)
    : undefined;
  if (!service) return fail("serviceId", "invalidChoice");
  const contact = validateContact(input.values, false);
  if (!contact.ok) return { ok: false, errors: contact.errors, next: [] };
  const now = deps.now();
  const schedule = await loadSchedule(deps.db, ctx.where.tenant.id, service, formatPragueDate(now));
  const checked = checkSlot(schedule, input.slot, now);
  if (!checked.ok) return fail("slot", checked.code);
  const booked = await deps.db.transaction().execute(async (trx) => {
    const a = await trx.insertInto("appointments").values({
      tenant_id: ctx.where.tenant.id,
      service_id: service.id,
      starts_at: checked.startsAt,
      ends_at: checked.endsAt,
      status: "held",
      person_id: null,
      name: input.values.name,
      email: contact.email,
      phone: contact.phone,
      subject: input.values.subject,
      hold_token_hash: null,
      hold_expires_at: null,
      booked_by_clerk: ctx.clerkId,
    }).returningAll().executeTakeFirstOrThrow();
    const seat = await takeSeat(trx, {
      tenantId: ctx.where.tenant.id,
      serviceId: service.id,
      desks: service.desks,
      startsAt: checked.startsAt,
      kind: "booking",
      appointmentId: a.id,
      holdExpiresAt: null,
    }, now);
    if (seat === null) throw new SlotFull();
    return await finalize(trx, deps, ctx.where, a, service, { type: "clerk", id: ctx.clerkId });
  }).catch((err) => {
    if (err instanceof SlotFull) return null;
    throw err;
  });
  if (booked === null) {
    return fail(
      "slot",
      "appointmentSlotFull",
      await nextFreeSlots(deps, ctx.where.tenant.id, service, checked.startsAt),
    );
  }
  return { ok: true, ...booked };
}

export { formatSlot };
