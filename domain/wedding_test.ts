import { assertEquals } from "../tests/assert.ts";
import {
  checkCeremonyDate,
  czechSlot,
  freeSlots,
  isCeremonyDay,
  nextWeddingStep,
  slotInstant,
} from "./wedding.ts";
import { DAY_MS } from "./cases.ts";

Deno.test("[wedding] ceremonies on Fridays and Saturdays, 14 to 400 days ahead", () => {
  assertEquals(isCeremonyDay("2027-05-14"), true, "a Friday");
  assertEquals(isCeremonyDay("2027-05-15"), true, "a Saturday");
  assertEquals(isCeremonyDay("2027-05-16"), false, "a Sunday");
  assertEquals(checkCeremonyDate("2027-05-15", "10:30", "2027-01-04"), null);
  assertEquals(checkCeremonyDate("2027-05-16", "10:30", "2027-01-04")?.code, "notCeremonyDay");
  assertEquals(checkCeremonyDate("2027-01-08", "10:30", "2027-01-04")?.code, "tooSoon");
  assertEquals(checkCeremonyDate("2028-05-13", "10:30", "2027-01-04")?.code, "tooFar");
  assertEquals(checkCeremonyDate("2027-05-15", "09:15", "2027-01-04")?.code, "invalidChoice");
});

Deno.test("[wedding] a slot is its Prague instant; free slots skip the taken ones", () => {
  const at = slotInstant("2027-05-15", "10:30")!;
  assertEquals(at.toISOString(), "2027-05-15T08:30:00.000Z", "summer time");
  assertEquals(slotInstant("2027-01-15", "10:30")!.toISOString(), "2027-01-15T09:30:00.000Z");
  assertEquals(czechSlot(at), "sobota 15. 5. 2027 v 10:30");
  const free = freeSlots("2027-05-15", new Set([at.getTime()]), 3);
  assertEquals(free.map(czechSlot), [
    "sobota 15. 5. 2027 v 10:00",
    "sobota 15. 5. 2027 v 11:00",
    "sobota 15. 5. 2027 v 11:30",
  ]);
});

Deno.test("[wedding] reminders a month and a week before, each once; a late one skipped", () => {
  const ceremony = Date.UTC(2027, 4, 15, 8, 30);
  const confirmed = ceremony - 60 * DAY_MS;
  assertEquals(nextWeddingStep(ceremony, new Set(), confirmed), {
    kind: "weddingReminderMonth",
    at: ceremony - 30 * DAY_MS,
  });
  assertEquals(nextWeddingStep(ceremony, new Set(["weddingReminderMonth"]), confirmed), {
    kind: "weddingReminderWeek",
    at: ceremony - 7 * DAY_MS,
  });
  const both = new Set(["weddingReminderMonth", "weddingReminderWeek"]);
  assertEquals(nextWeddingStep(ceremony, both, confirmed).kind, "weddingHeld");
  // Confirmed three weeks before: no reminder a month before, the week's one still.
  assertEquals(
    nextWeddingStep(ceremony, new Set(), ceremony - 21 * DAY_MS).kind,
    "weddingReminderWeek",
  );
  // A shorter day (tests) scales the lead times.
  assertEquals(
    nextWeddingStep(ceremony, new Set(), ceremony - 60_000, 1_000).at,
    ceremony - 30_000,
  );
});
