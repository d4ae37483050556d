import { assertEquals } from "../tests/assert.ts";
import {
  CONFIRM_MAX_ATTEMPTS,
  confirmationState,
  formatClock,
  inQuietHours,
  isUnsubscribeKeyword,
  parseAddress,
  parseClock,
  readCode,
  readTopics,
  validateSubscription,
} from "./subscriptions.ts";

Deno.test("an address is an e-mail (lower-cased) or a Czech/Slovak mobile in E.164", () => {
  assertEquals(parseAddress(" Jana.Mala@Example.CZ "), {
    channel: "email",
    address: "jana.mala@example.cz",
  });
  assertEquals(parseAddress("777 123 456"), { channel: "sms", address: "+420777123456" });
  assertEquals(parseAddress("00421 905 123 456"), { channel: "sms", address: "+421905123456" });
  assertEquals(parseAddress(""), { error: "required" });
  assertEquals(parseAddress("jana@"), { error: "invalidEmail" });
  assertEquals(parseAddress("12345"), { error: "invalidPhone" });
  assertEquals(parseAddress("+1 555 123 4567"), { error: "invalidPhone" });
});

Deno.test("topics are the known ones, each once, in the pages' order", () => {
  assertEquals(readTopics(["culture", "crisis", "culture", "bogus", 1]), ["crisis", "culture"]);
  assertEquals(readTopics([]), []);
});

Deno.test("the /odber form needs an address, a topic and the consent", () => {
  const form = new FormData();
  form.set("address", "nic");
  const bad = validateSubscription(form);
  assertEquals(bad.ok, false);
  if (!bad.ok) {
    assertEquals(bad.errors.map((e) => `${e.field}:${e.code}`), [
      "address:invalidPhone",
      "topic:topicsRequired",
      "consent:consentRequired",
    ]);
  }
  form.set("address", "obcan@example.cz");
  form.append("topic", "waste");
  form.append("street", "6f1c9a8e-0000-4000-8000-000000000001");
  form.append("part", "Hájek");
  form.set("consent", "yes");
  const good = validateSubscription(form);
  assertEquals(good.ok && good.value, {
    channel: "email",
    address: "obcan@example.cz",
    topics: ["waste"],
    streetIds: ["6f1c9a8e-0000-4000-8000-000000000001"],
    parts: ["Hájek"],
  });
});

Deno.test("a confirmation ends at its expiry or after the last wrong try", () => {
  const now = new Date("2026-12-04T10:00:00Z");
  const row = {
    confirm_secret_hash: "h",
    confirm_expires_at: new Date("2026-12-04T10:10:00Z"),
    confirm_attempts: 0,
  };
  assertEquals(confirmationState(row, now), "open");
  assertEquals(
    confirmationState({ ...row, confirm_attempts: CONFIRM_MAX_ATTEMPTS }, now),
    "expired",
  );
  assertEquals(confirmationState(row, new Date("2026-12-04T10:10:00Z")), "expired");
  assertEquals(confirmationState({ ...row, confirm_secret_hash: null }, now), "expired");
  assertEquals(readCode(" 123 456 "), "123456");
  assertEquals(readCode("12345"), null);
});

Deno.test("the SMS keyword: STOP, ODHLASIT, ODHLÁSIT in any case", () => {
  for (const text of ["STOP", "stop", " Stop. ", "ODHLASIT", "odhlásit", "OdHlÁsIt!"]) {
    assertEquals(isUnsubscribeKeyword(text), true, text);
  }
  for (const text of ["", "STOPKA", "prosím odhlásit", "ODHLAS"]) {
    assertEquals(isUnsubscribeKeyword(text), false, text);
  }
});

Deno.test("quiet hours may span midnight", () => {
  assertEquals(parseClock("22:00"), 1320);
  assertEquals(parseClock("7:05"), 425);
  assertEquals(parseClock("24:00"), null);
  assertEquals(parseClock("12:60"), null);
  assertEquals(formatClock(425), "07:05");
  assertEquals(inQuietHours(1320, 420, 1380), true); // 23:00
  assertEquals(inQuietHours(1320, 420, 60), true); // 01:00
  assertEquals(inQuietHours(1320, 420, 420), false); // 07:00 ends it
  assertEquals(inQuietHours(1320, 420, 720), false); // noon
  assertEquals(inQuietHours(780, 840, 800), true); // 13:00–14:00
  assertEquals(inQuietHours(null, null, 800), false);
  assertEquals(inQuietHours(600, 600, 600), false);
});
