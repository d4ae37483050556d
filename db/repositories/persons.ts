/**
 * Persons of a town (citizens, representatives) and their contacts. A verified e-mail or phone
 * belongs to at most one person per town (a partial unique index), so it can stand in for the
 * user name at login. Every function takes the tenant.
 */
import { type Kysely, sql, type Transaction } from "kysely";
import type { CaseNotificationChoice, Database, PersonContactRow, PersonRow } from "../schema.ts";
import { isUuid } from "./notices.ts";

type Db = Kysely<Database> | Transaction<Database>;

export interface NewPersonInput {
  username: string;
  givenName: string;
  familyName: string;
  passwordHash: string | null;
  status: "pending" | "active";
  birthDate?: string | null;
  address?: string | null;
  /** The language of the town's messages to the person (Czech unless said). */
  language?: "cs" | "en";
}

export async function insertPerson(db: Db, tenantId: string, p: NewPersonInput): Promise<string> {
  const row = await db.insertInto("persons").values({
    tenant_id: tenantId,
    username: p.username,
    given_name: p.givenName,
    family_name: p.familyName,
    password_hash: p.passwordHash,
    status: p.status,
    birth_date: p.birthDate ?? null,
    address: p.address ?? null,
    language: p.language ?? "cs",
    updated_at: new Date(),
  }).returning("id").executeTakeFirstOrThrow();
  return row.id;
}

export async function addContact(
  db: Db,
  tenantId: string,
  personId: string,
  kind: "email" | "phone",
  value: string,
  verified = false,
): Promise<string> {
  const row = await db.insertInto("person_contacts").values({
    tenant_id: tenantId,
    person_id: personId,
    kind,
    value,
    verified_at: verified ? new Date() : null,
  }).onConflict((oc) => oc.columns(["person_id", "kind", "value"]).doUpdateSet({ kind }))
    .returning("id").executeTakeFirstOrThrow();
  return row.id;
}

export function findPerson(db: Db, tenantId: string, id: string): Promise<PersonRow | undefined> {
  if (!isUuid(id)) return Promise.resolve(undefined);
  return db.selectFrom("persons").selectAll().where("tenant_id", "=", tenantId).where("id", "=", id)
    .executeTakeFirst();
}

/** Login identifier: the user name, or a verified e-mail, or a verified phone. */
export async function findPersonByLogin(
  db: Db,
  tenantId: string,
  identifier: { username?: string; email?: string; phone?: string },
): Promise<PersonRow | undefined> {
  if (identifier.username) {
    const byName = await db.selectFrom("persons").selectAll()
      .where("tenant_id", "=", tenantId).where("username", "=", identifier.username)
      .executeTakeFirst();
    if (byName) return byName;
  }
  for (const kind of ["email", "phone"] as const) {
    const value = identifier[kind];
    if (!value) continue;
    const row = await db.selectFrom("person_contacts")
      .innerJoin("persons", "persons.id", "person_contacts.person_id")
      .selectAll("persons")
      .where("person_contacts.tenant_id", "=", tenantId).where("person_contacts.kind", "=", kind)
      .where("person_contacts.value", "=", value)
      .where("person_contacts.verified_at", "is not", null)
      .executeTakeFirst();
    if (row) return row;
  }
  return undefined;
}

export function listContacts(
  db: Db,
  tenantId: string,
  personId: string,
): Promise<PersonContactRow[]> {
  return db.selectFrom("person_contacts").selectAll()
    .where("tenant_id", "=", tenantId).where("person_id", "=", personId)
    .orderBy("kind").orderBy("created_at").execute();
}

/** Is this e-mail or phone already someone's verified contact in this town? */
export async function contactTaken(
  db: Db,
  tenantId: string,
  kind: "email" | "phone",
  value: string,
): Promise<boolean> {
  const row = await db.selectFrom("person_contacts").select("id")
    .where("tenant_id", "=", tenantId).where("kind", "=", kind).where("value", "=", value)
    .where("verified_at", "is not", null).executeTakeFirst();
  return row !== undefined;
}

/** The person whose verified contact this e-mail or phone is, if anyone's. */
export async function verifiedContactHolder(
  db: Db,
  tenantId: string,
  kind: "email" | "phone",
  value: string,
): Promise<string | null> {
  const row = await db.selectFrom("person_contacts").select("person_id")
    .where("tenant_id", "=", tenantId).where("kind", "=", kind).where("value", "=", value)
    .where("verified_at", "is not", null).executeTakeFirst();
  return row?.person_id ?? null;
}

/** Marks a contact verified; false if another person verified the same value first. */
export async function verifyContact(db: Db, tenantId: string, contactId: string): Promise<boolean> {
  try {
    const res = await db.updateTable("person_contacts").set({ verified_at: new Date() })
      .where("tenant_id", "=", tenantId).where("id", "=", contactId)
      .where("verified_at", "is", null).executeTakeFirst();
    return res.numUpdatedRows > 0n;
  } catch (err) {
    if ((err as { code?: string }).code === "23505") return false; // unique_violation
    throw err;
  }
}

/**
 * A contact change taking effect: the new contact is verified and the person's other contacts
 * of that kind go. Returns the values that went (to tell them), or null when another person
 * verified the same value first (nothing changed).
 */
export async function replaceContact(
  db: Transaction<Database>,
  tenantId: string,
  personId: string,
  contactId: string,
  kind: "email" | "phone",
): Promise<string[] | null> {
  if (!(await verifyContact(db, tenantId, contactId))) return null;
  const gone = await db.deleteFrom("person_contacts")
    .where("tenant_id", "=", tenantId).where("person_id", "=", personId)
    .where("kind", "=", kind).where("id", "!=", contactId)
    .returning(["value", "verified_at"]).execute();
  return gone.filter((c) => c.verified_at !== null).map((c) => c.value);
}

/** The person's contact of that kind not verified yet (a change waiting for its code). */
export function pendingContact(
  db: Db,
  tenantId: string,
  personId: string,
  kind: "email" | "phone",
): Promise<PersonContactRow | undefined> {
  return db.selectFrom("person_contacts").selectAll()
    .where("tenant_id", "=", tenantId).where("person_id", "=", personId)
    .where("kind", "=", kind).where("verified_at", "is", null)
    .orderBy("created_at", "desc").limit(1).executeTakeFirst();
}

export async function activatePerson(db: Db, tenantId: string, personId: string): Promise<void> {
  await db.updateTable("persons").set({ status: "active", updated_at: new Date() })
    .where("tenant_id", "=", tenantId).where("id", "=", personId).where("status", "=", "pending")
    .execute();
}

export async function setPassword(
  db: Db,
  tenantId: string,
  personId: string,
  passwordHash: string,
): Promise<void> {
  await db.updateTable("persons").set({ password_hash: passwordHash, updated_at: new Date() })
    .where("tenant_id", "=", tenantId).where("id", "=", personId).execute();
}

export async function setSmsSecondFactor(
  db: Db,
  tenantId: string,
  personId: string,
  on: boolean,
): Promise<void> {
  await db.updateTable("persons").set({ sms_second_factor: on, updated_at: new Date() })
    .where("tenant_id", "=", tenantId).where("id", "=", personId).execute();
}

export async function setCaseNotifications(
  db: Db,
  tenantId: string,
  personId: string,
  choice: CaseNotificationChoice,
): Promise<void> {
  await db.updateTable("persons").set({ case_notifications: choice, updated_at: new Date() })
    .where("tenant_id", "=", tenantId).where("id", "=", personId).execute();
}

export async function verifiedPhone(
  db: Db,
  tenantId: string,
  personId: string,
): Promise<string | null> {
  const row = await db.selectFrom("person_contacts").select("value")
    .where("tenant_id", "=", tenantId).where("person_id", "=", personId)
    .where("kind", "=", "phone").where("verified_at", "is not", null)
    .orderBy("verified_at", "desc").executeTakeFirst();
  return row?.value ?? null;
}

/** Usernames are unique per town; a clash on the random suffix is retried by the caller. */
export function isUniqueViolation(err: unknown): boolean {
  return (err as { code?: string }).code === "23505";
}

export { sql };

const FOLD_FROM = "ÁÄČĎÉĚËÍĹĽŇÓÔÖŔŘŠŤÚŮÜÝŽáäčďéěëíĺľňóôöŕřšťúůüýž";
const FOLD_TO = "AACDEEEILLNOOORRSTUUUYZaacdeeeillnooorrstuuuyz";

/** `lower(translate(…))`: Czech and Slovak letters without diacritics, whatever the collation. */
function folded(expr: ReturnType<typeof sql>) {
  return sql<string>`lower(translate(${expr}, ${FOLD_FROM}, ${FOLD_TO}))`;
}

function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

export interface PersonSearchHit {
  id: string;
  username: string;
  given_name: string;
  family_name: string;
  birth_date: string | null;
  status: "pending" | "active" | "disabled" | "deleted";
  /** Levels of assurance of the person's linked external identities. */
  levels: string[];
}

/**
 * The office's person search within one town: part of the name (either order, diacritics
 * ignored), of the user name or of a verified e-mail, or a verified phone number (whole, or
 * a run of its digits). `query.text` is already folded (see `foldText` in domain/clerks.ts).
 */
export function searchPersons(
  db: Db,
  tenantId: string,
  query: { text: string; phone: string | null; digits: string | null },
  limit: number,
): Promise<PersonSearchHit[]> {
  const pattern = likePattern(query.text);
  return db.selectFrom("persons")
    .select([
      "persons.id",
      "persons.username",
      "persons.given_name",
      "persons.family_name",
      "persons.birth_date",
      "persons.status",
    ])
    .select((eb) =>
      eb.fn.coalesce(
        eb.selectFrom("external_identities")
          .select(sql<string[]>`array_agg(distinct level_of_assurance)`.as("levels"))
          .where("external_identities.tenant_id", "=", tenantId)
          .whereRef("external_identities.person_id", "=", "persons.id"),
        sql<string[]>`'{}'::text[]`,
      ).as("levels")
    )
    .where("persons.tenant_id", "=", tenantId)
    .where((eb) => {
      const contact = (kind: "email" | "phone", match: ReturnType<typeof sql<boolean>>) =>
        eb.exists(
          eb.selectFrom("person_contacts").select("person_contacts.id")
            .where("person_contacts.tenant_id", "=", tenantId)
            .whereRef("person_contacts.person_id", "=", "persons.id")
            .where("person_contacts.kind", "=", kind)
            .where("person_contacts.verified_at", "is not", null)
            .where(match),
        );
      const ors = [
        eb(
          folded(sql`persons.given_name || ' ' || persons.family_name`),
          "like",
          pattern,
        ),
        eb(
          folded(sql`persons.family_name || ' ' || persons.given_name`),
          "like",
          pattern,
        ),
        eb(folded(sql`persons.username`), "like", pattern),
        contact("email", sql<boolean>`lower(person_contacts.value) like ${pattern}`),
      ];
      if (query.phone) {
        ors.push(contact("phone", sql<boolean>`person_contacts.value = ${query.phone}`));
      }
      if (query.digits) {
        ors.push(
          contact("phone", sql<boolean>`person_contacts.value like ${likePattern(query.digits)}`),
        );
      }
      return eb.or(ors);
    })
    .orderBy("persons.family_name").orderBy("persons.given_name").orderBy("persons.username")
    .limit(limit)
    .execute();
}

/** Records a birth date read from a checked document; a known one is never overwritten. */
export async function setBirthDateIfUnknown(
  db: Db,
  tenantId: string,
  personId: string,
  birthDate: string,
): Promise<boolean> {
  const res = await db.updateTable("persons")
    .set({ birth_date: birthDate, updated_at: new Date() })
    .where("tenant_id", "=", tenantId).where("id", "=", personId)
    .where("birth_date", "is", null).executeTakeFirst();
  return res.numUpdatedRows > 0n;
}
