/**
 * The private calendar feed carries the dates of the person's own cases (issue 15): the
 * ceremony slot they hold (a timed event with its place) and each public-space occupation that
 * was not refused (an all-day event over its days, with the permit number once issued), read
 * back by ical.js; a released slot and a refused occupation drop out, another person's never
 * show.
 */
import ICAL from "ical.js";
import { assert, assertEquals } from "./assert.ts";
import { demoTowns, hasServices, shared } from "./support/app.ts";
import { getDb } from "../lib/db.ts";
import { insertPerson } from "./support/people.ts";
import { translator } from "../lib/i18n.ts";
import { calendarFeed, createCalendarFeed } from "../app/calendar.ts";

const opts = { ...shared, ignore: !hasServices };

function person(tenantId: string, family: string) {
  return insertPerson(tenantId, { prefix: "kalendar", givenName: "Eva", familyName: family });
}

async function caseOf(tenantId: string, personId: string, slug: string, agenda: string) {
  return await getDb().insertInto("cases").values({
    tenant_id: tenantId,
    reference: `KAL-${crypto.randomUUID().slice(0, 8)}`,
    form_slug: slug,
    agenda,
    person_id: personId,
    acting_for: null,
    on_behalf_of: null,
    idempotency_key: `kalendar-${crypto.randomUUID()}`,
    values: JSON.stringify({}),
    assigned_clerk_id: null,
    last_clerk_id: null,
    due_at: new Date(Date.now() + 86_400_000),
    updated_at: new Date(),
    escalated_at: null,
    decision_text: null,
  }).returning(["id", "reference"]).executeTakeFirstOrThrow();
}

function events(ics: string) {
  const cal = new ICAL.Component(ICAL.parse(ics));
  return cal.getAllSubcomponents("vevent").map((v) => {
    const ev = new ICAL.Event(v);
    return {
      uid: ev.uid,
      summary: ev.summary,
      location: ev.location ?? null,
      start: ev.startDate.toString(),
      end: ev.endDate.toString(),
      allDay: ev.startDate.isDate,
    };
  }).filter((e) => /^(ceremony|occupation)-/.test(e.uid)).sort((a, b) =>
    a.uid.localeCompare(b.uid)
  );
}

Deno.test({
  name: "[calendar] the feed holds the person's ceremony slot and occupations, not released, " +
    "refused or another person's",
  ...opts,
  async fn() {
    const { lipnice } = await demoTowns();
    const t = lipnice.id;
    const db = getDb();
    const eva = await person(t, "Svatební");
    const other = await person(t, "Jiná");
    const wedding = await caseOf(t, eva.id, "svatba", "matrika");
    // A slot far ahead at a minute and second of its own (the slot index is the town's: test
    // files running side by side must not share one).
    const slot = new Date(Date.UTC(2031, 5, 13, 9, 0, 0) + Math.floor(Math.random() * 3_600_000));
    slot.setUTCMilliseconds(0);
    const utc = (d: Date) => d.toISOString().replace(".000", "");
    const ceremony = await db.insertInto("ceremony_bookings").values({
      tenant_id: t,
      case_id: wedding.id,
      starts_at: slot,
      place_code: "obradni-sin",
      other_place: null,
      fee_halere: 0,
    }).returning("id").executeTakeFirstOrThrow();
    const released = await caseOf(t, eva.id, "svatba", "matrika");
    await db.insertInto("ceremony_bookings").values({
      tenant_id: t,
      case_id: released.id,
      starts_at: new Date(slot.getTime() + 7 * 86_400_000),
      place_code: "obradni-sin",
      other_place: null,
      fee_halere: 0,
      released_at: new Date(),
    }).execute();
    const occupations = [];
    for (
      const [who, street, permit, refused] of [
        [eva.id, "Náměstí Míru", "ZAB-2027/000123", false],
        [eva.id, "Lesní", null, true],
        [other.id, "Polní", null, false],
      ] as const
    ) {
      const c = await caseOf(t, who, "zabor-verejneho-prostranstvi", "poplatky");
      occupations.push(
        await db.insertInto("public_space_occupations").values({
          tenant_id: t,
          case_id: c.id,
          street,
          street_key: street.toLowerCase(),
          area_m2: 6,
          purpose: "scaffolding",
          date_from: "2027-05-03",
          date_to: "2027-05-07",
          fee_halere: 30_000,
          permit_number: permit,
          permit_issued_at: permit ? new Date() : null,
          refused_at: refused ? new Date() : null,
        }).returning("id").executeTakeFirstOrThrow(),
      );
    }

    const deps = { db, now: () => new Date() };
    const feed = await createCalendarFeed(deps, {
      tenantId: t,
      personId: eva.id,
      onBehalfOf: null,
      requestId: null,
    });
    assert(feed.kind === "ok");
    const ics = await calendarFeed(
      deps,
      { id: t, officialName: "Obec Lipnice nad Hájem" },
      feed.token,
      { host: "lipnice.example", origin: "https://lipnice.example" },
      translator("cs"),
    );
    assert(ics);
    const place = (await db.selectFrom("ceremony_places").select("name")
      .where("tenant_id", "=", t).where("code", "=", "obradni-sin").executeTakeFirst())?.name ??
      "";
    assertEquals(events(ics), [
      {
        uid: `ceremony-${ceremony.id}@lipnice.example`,
        summary: `Svatební obřad – ${place}`,
        location: place,
        start: utc(slot),
        end: utc(new Date(slot.getTime() + 30 * 60_000)),
        allDay: false,
      },
      {
        uid: `occupation-${occupations[0].id}@lipnice.example`,
        summary: "Zábor veřejného prostranství – Náměstí Míru (povolení ZAB-2027/000123)",
        location: null,
        start: "2027-05-03",
        end: "2027-05-08",
        allDay: true,
      },
    ]);
  },
});
