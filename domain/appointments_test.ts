import ICAL from "ical.js";
import { assert, assertEquals } from "../tests/assert.ts";
import {
  canChange,
  checkSlot,
  daySlots,
  openDays,
  parseMinutes,
  reminderAt,
  type ServiceSchedule,
  validateException,
} from "./appointments.ts";
import { appointmentInvitation } from "./appointment_ics.ts";

const schedule: ServiceSchedule = {
  durationMinutes: 20,
  hours: [
    { weekday: 1, opens: 8 * 60, closes: 12 * 60 },
    { weekday: 1, opens: 13 * 60, closes: 17 * 60 },
    { weekday: 3, opens: 8 * 60, closes: 9 * 60 },
  ],
  exceptions: [
    { date: "2026-12-14", closed: true, opens: null, closes: null },
    { date: "2026-12-19", closed: false, opens: 9 * 60, closes: 10 * 60 },
  ],
};
const now = new Date("2026-12-01T10:00:00Z");

Deno.test("[appointments] a Monday's slots: both ranges, Prague time, the last one ends at close", () => {
  const slots = daySlots(schedule, "2026-12-07");
  assertEquals(slots.length, 12 + 12);
  assertEquals(slots[0].toISOString(), "2026-12-07T07:00:00.000Z"); // 8:00 CET
  assertEquals(slots[11].toISOString(), "2026-12-07T10:40:00.000Z"); // 11:40
  assertEquals(slots[12].toISOString(), "2026-12-07T12:00:00.000Z"); // 13:00
  assertEquals(daySlots(schedule, "2026-12-09").length, 3);
});

Deno.test("[appointments] summer time: 8:00 in July is 6:00 UTC", () => {
  assertEquals(daySlots(schedule, "2027-07-12")[0].toISOString(), "2027-07-12T06:00:00.000Z");
});

Deno.test("[appointments] exceptions: a closed day has no slots; extra hours open a Saturday", () => {
  assertEquals(daySlots(schedule, "2026-12-14"), []);
  assertEquals(daySlots(schedule, "2026-12-19").length, 3);
  assert(!openDays(schedule, "2026-12-13", 3).includes("2026-12-14"));
  assert(openDays(schedule, "2026-12-13", 7).includes("2026-12-19"));
});

Deno.test("[appointments] holidays: Easter Monday and Christmas have no slots", () => {
  assertEquals(daySlots(schedule, "2027-03-29"), []); // Easter Monday 2027
  assertEquals(checkSlot(schedule, "2027-03-29T07:00:00Z", new Date("2027-03-01T00:00:00Z")), {
    ok: false,
    code: "appointmentSlotHoliday",
  });
  assertEquals(daySlots(schedule, "2026-12-28").length, 24, "an ordinary Monday");
});

Deno.test("[appointments] checkSlot: invalid, past, too far, outside the hours, off the grid", () => {
  const code = (slot: string) => {
    const r = checkSlot(schedule, slot, now);
    return r.ok ? "ok" : r.code;
  };
  assertEquals(code("2026-12-07T07:00:00.000Z"), "ok");
  assertEquals(code("2026-12-07T08:00:00+01:00"), "ok");
  assertEquals(code("nonsense"), "appointmentSlotInvalid");
  assertEquals(code("2026-12-07"), "appointmentSlotInvalid");
  assertEquals(code("2026-11-30T07:00:00.000Z"), "appointmentSlotPast");
  assertEquals(code("2027-06-07T07:00:00.000Z"), "appointmentSlotTooFar");
  assertEquals(code("2026-12-07T05:00:00.000Z"), "appointmentSlotClosed");
  assertEquals(code("2026-12-07T07:10:00.000Z"), "appointmentSlotClosed");
  assertEquals(code("2026-12-08T07:00:00.000Z"), "appointmentSlotClosed"); // a Tuesday
  const ok = checkSlot(schedule, "2026-12-07T07:00:00.000Z", now);
  assert(ok.ok);
  assertEquals(ok.endsAt.toISOString(), "2026-12-07T07:20:00.000Z");
});

Deno.test("[appointments] the cutoff is 2 hours; the reminder a day before, none when too late", () => {
  const start = new Date("2026-12-07T07:00:00Z");
  assert(canChange(start, new Date("2026-12-07T05:00:00Z")));
  assert(!canChange(start, new Date("2026-12-07T05:00:01Z")));
  assertEquals(reminderAt(start, now)?.toISOString(), "2026-12-06T07:00:00.000Z");
  assertEquals(reminderAt(start, new Date("2026-12-06T20:00:00Z")), null);
});

Deno.test("[appointments] invitations: REQUEST then CANCEL, one UID, SEQUENCE as given (ical.js)", () => {
  const base = {
    appointmentId: "7c9e6679-7425-40de-944b-e07fc1f90ae7",
    host: "lipnice.example.cz",
    startsAt: new Date("2026-12-07T07:00:00Z"),
    endsAt: new Date("2026-12-07T07:20:00Z"),
    stamp: now,
    summary: "Občanské průkazy a pasy – návštěva úřadu",
    description: "Kdy: 7. 12. 2026 8:00\nKde: přízemí; přepážka 1, 2",
    location: "Obecní úřad",
    organizer: { name: "Obec Lipnice nad Hájem", email: "rezervace@lipnice.example.cz" },
    attendee: { name: "Tomáš Horák", email: "tomas@example.cz" },
  };
  const parse = (text: string) => {
    const cal = new ICAL.Component(ICAL.parse(text));
    const ev = cal.getFirstSubcomponent("vevent")!;
    return {
      method: cal.getFirstPropertyValue("method"),
      uid: ev.getFirstPropertyValue("uid"),
      sequence: ev.getFirstPropertyValue("sequence"),
      status: ev.getFirstPropertyValue("status"),
      description: ev.getFirstPropertyValue("description"),
      start: (ev.getFirstPropertyValue("dtstart") as ICAL.Time).toJSDate().toISOString(),
    };
  };
  const req = parse(appointmentInvitation({ ...base, method: "REQUEST", sequence: 0 }));
  const cancel = parse(appointmentInvitation({ ...base, method: "CANCEL", sequence: 1 }));
  assertEquals(req.method, "REQUEST");
  assertEquals(cancel.method, "CANCEL");
  assertEquals(req.uid, "appointment-7c9e6679-7425-40de-944b-e07fc1f90ae7@lipnice.example.cz");
  assertEquals(cancel.uid, req.uid);
  assertEquals([req.sequence, cancel.sequence], [0, 1]);
  assertEquals([req.status, cancel.status], ["CONFIRMED", "CANCELLED"]);
  assertEquals(req.description, base.description, "escaped and read back whole");
  assertEquals(req.start, "2026-12-07T07:00:00.000Z");
});

Deno.test("[appointments] a clerk's exception: a closed day, or extra hours that end later", () => {
  const today = "2026-12-01";
  const base = {
    serviceId: "",
    date: "2026-12-05",
    kind: "extra",
    opens: "9:00",
    closes: "12:30",
    note: "",
  };
  const ok = validateException(base, today);
  assert(ok.ok);
  assertEquals([ok.value.opens, ok.value.closes, ok.value.serviceId], [540, 750, null]);
  const codes = (v: Partial<typeof base>) => {
    const r = validateException({ ...base, ...v }, today);
    return r.ok ? [] : r.errors.map((e) => `${e.field}:${e.code}`);
  };
  assertEquals(codes({ closes: "08:00" }), ["closes:appointmentTimeOrder"]);
  assertEquals(codes({ opens: "25:00" }), ["opens:appointmentTimeInvalid"]);
  assertEquals(codes({ date: "2026-11-30" }), ["exceptionDate:dateInPast"]);
  assertEquals(codes({ date: "2026-02-30" }), ["exceptionDate:invalidDate"]);
  assertEquals(codes({ kind: "closed", opens: "", closes: "" }), []);
  assertEquals(codes({ kind: "whatever" }), ["kind:invalidChoice"]);
  assertEquals(parseMinutes("24:00"), 1440);
  assertEquals(parseMinutes("8:5"), null);
});
