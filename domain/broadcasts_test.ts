import assert from "node:assert/strict";
import {
  broadcastFormValues,
  classifySendError,
  fillPlaceholders,
  placeholdersIn,
  quietHoursEnd,
  SMS_MAX_SEGMENTS,
  smsLength,
  smsRateDeferral,
  smsWithUnsubscribe,
  validateBroadcast,
} from "./broadcasts.ts";

const STREET = "11111111-1111-4111-8111-111111111111";
const ctx = {
  now: new Date("2026-12-04T10:00:00Z"),
  knownStreetIds: new Set([STREET]),
  origin: "https://lipnice.example",
};

function form(fields: Record<string, string | string[]>): FormData {
  const f = new FormData();
  for (const [k, v] of Object.entries(fields)) {
    for (const one of typeof v === "string" ? [v] : v) f.append(k, one);
  }
  return f;
}

const good = {
  subject: "Odstávka vody v ulici {ulice}",
  body: "Dne {datum} od {od} do {do} nepoteče voda v ulici {ulice}.",
  smsBody: "Odstavka vody {ulice} {datum} {od}-{do}.",
  ph_ulice: "Lipová",
  ph_datum: "5. 12. 2026",
  ph_od: "8:00",
  ph_do: "12:00",
  channels: ["email", "sms"],
  topics: ["outages"],
  streets: [STREET],
};

Deno.test("[broadcasts] placeholders are found once each, in order, and filled", () => {
  assert.deepEqual(placeholdersIn("{ulice} a {datum}", "{ulice} {od}"), ["ulice", "datum", "od"]);
  assert.deepEqual(placeholdersIn("bez {Velkých} { mezer }"), []);
  assert.equal(fillPlaceholders("V ulici {ulice} {x}", { ulice: "Lipová" }), "V ulici Lipová {x}");
});

Deno.test("[broadcasts] SMS segments: GSM-7 160/153, UCS-2 70/67, extended characters count 2", () => {
  assert.deepEqual(smsLength("a".repeat(160)), {
    encoding: "gsm7",
    units: 160,
    segments: 1,
    perSegment: 160,
  });
  assert.equal(smsLength("a".repeat(161)).segments, 2);
  assert.equal(smsLength("a".repeat(306)).segments, 2);
  assert.equal(smsLength("a".repeat(307)).segments, 3);
  assert.equal(smsLength("€".repeat(80)).units, 160);
  assert.equal(smsLength("€".repeat(80)).segments, 1);
  const cz = smsLength("Příliš žluťoučký kůň");
  assert.equal(cz.encoding, "ucs2");
  assert.equal(cz.perSegment, 70);
  assert.equal(smsLength("ř".repeat(70)).segments, 1);
  assert.equal(smsLength("ř".repeat(71)).segments, 2);
  assert.equal(smsLength("ř".repeat(135)).segments, 3);
  // The unsubscribe line keeps a text without diacritics in GSM-7.
  assert.equal(
    smsLength(smsWithUnsubscribe("Voda", "https://x.cz/odber/odhlasit/a")).encoding,
    "gsm7",
  );
});

Deno.test("[broadcasts] quiet hours: deferred to their end in Prague, also across midnight", () => {
  // 22:00–07:00 (1320–420); 23:30 in Prague on 4 Dec 2026 (CET, +01:00) = 22:30 UTC.
  const late = new Date("2026-12-04T22:30:00Z");
  assert.equal(quietHoursEnd(late, 1320, 420)?.toISOString(), "2026-12-05T06:00:00.000Z");
  // 05:00 Prague: until 07:00 the same day.
  const early = new Date("2026-12-05T04:00:00Z");
  assert.equal(quietHoursEnd(early, 1320, 420)?.toISOString(), "2026-12-05T06:00:00.000Z");
  // 12:00 Prague: not quiet.
  assert.equal(quietHoursEnd(new Date("2026-12-05T11:00:00Z"), 1320, 420), null);
  // A window within one day, summer time (+02:00): 13:00–15:00, now 14:00 Prague.
  assert.equal(
    quietHoursEnd(new Date("2026-07-01T12:00:00Z"), 780, 900)?.toISOString(),
    "2026-07-01T13:00:00.000Z",
  );
  assert.equal(quietHoursEnd(late, null, null), null);
  assert.equal(quietHoursEnd(late, 600, 600), null, "an empty window");
});

Deno.test("[broadcasts] at most N SMS an hour to one number: the next waits for the oldest", () => {
  const now = new Date("2026-12-04T10:00:00Z");
  const at = (min: number) => new Date(now.getTime() - min * 60_000);
  assert.equal(smsRateDeferral(now, [at(10), at(20)], 3), null);
  assert.equal(
    smsRateDeferral(now, [at(10), at(20), at(50)], 3)?.toISOString(),
    "2026-12-04T10:10:00.000Z",
  );
  assert.equal(smsRateDeferral(now, [at(10), at(20), at(70)], 3), null, "older than an hour");
});

Deno.test("[broadcasts] send errors: permanent for refused addresses and a gateway's 4xx", () => {
  assert.equal(classifySendError({ responseCode: 550 }), "permanent");
  assert.equal(classifySendError({ responseCode: 451 }), "temporary");
  assert.equal(classifySendError({ code: "EENVELOPE" }), "permanent");
  assert.equal(classifySendError(new Error("SMS gateway answered 400")), "permanent");
  assert.equal(classifySendError(new Error("SMS gateway answered 503")), "temporary");
  assert.equal(classifySendError(new Error("SMS gateway answered 429")), "temporary");
  assert.equal(classifySendError(new Error("connect ECONNREFUSED")), "temporary");
});

Deno.test("[broadcasts] a valid form: placeholders filled, streets kept, send now", () => {
  const r = validateBroadcast(broadcastFormValues(form(good)), ctx);
  assert.ok(r.ok, JSON.stringify(!r.ok && r.errors));
  assert.equal(r.value.subject, "Odstávka vody v ulici Lipová");
  assert.equal(r.value.smsBody, "Odstavka vody Lipová 5. 12. 2026 8:00-12:00.");
  assert.deepEqual(r.value.streetIds, [STREET]);
  assert.deepEqual(r.value.channels, ["email", "sms"]);
  assert.equal(r.value.sendAt, null);
});

Deno.test("[broadcasts] bad input: a placeholder with no value, no channel, SMS too long, past time", () => {
  const codes = (fields: Record<string, string | string[]>) => {
    const r = validateBroadcast(broadcastFormValues(form(fields)), ctx);
    return r.ok ? [] : r.errors.map((e) => `${e.field}:${e.code}`);
  };
  assert.deepEqual(codes({ ...good, ph_od: "" }), ["ph_od:placeholderMissing"]);
  assert.deepEqual(codes({ ...good, channels: [] }), ["channels:noChannel"]);
  assert.deepEqual(codes({ ...good, channels: ["fax"] }), ["channels:invalidChoice"]);
  assert.deepEqual(codes({ ...good, smsBody: "ř".repeat(300) }), ["smsBody:smsTooLong"]);
  assert.deepEqual(codes({ ...good, when: "later", sendAt: "2026-12-04T10:30" }), [
    "sendAt:dateInPast",
  ]);
  assert.deepEqual(codes({ ...good, when: "later", sendAt: "" }), ["sendAt:required"]);
  assert.deepEqual(codes({ ...good, topics: [] }), ["topics:noTopic"]);
  assert.deepEqual(codes({ ...good, topics: [], everyone: "ano" }), []);
  assert.deepEqual(codes({ ...good, streets: ["22222222-2222-4222-8222-222222222222"] }), [
    "streets:unknownStreet",
  ]);
  // SMS text not needed (nor its placeholders) without the SMS channel.
  assert.deepEqual(codes({ ...good, channels: ["email"], smsBody: "{jine}" }), []);
  assert.ok(SMS_MAX_SEGMENTS >= 2);
  // A later time in the future is fine (11:30 Prague = 10:30 UTC).
  const later = validateBroadcast(
    broadcastFormValues(form({ ...good, when: "later", sendAt: "2026-12-04T12:30" })),
    ctx,
  );
  assert.ok(later.ok);
  assert.equal(later.value.sendAt?.toISOString(), "2026-12-04T11:30:00.000Z");
});
