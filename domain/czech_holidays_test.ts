import { assertEquals } from "../tests/assert.ts";
import { czechHoliday, czechHolidays, easterSunday } from "./czech_holidays.ts";

Deno.test("[holidays] Easter Sunday by the Gregorian computus, checked against known years", () => {
  const known: Record<number, string> = {
    2000: "2000-04-23",
    2008: "2008-03-23",
    2011: "2011-04-24",
    2019: "2019-04-21",
    2024: "2024-03-31",
    2025: "2025-04-20",
    2026: "2026-04-05",
    2027: "2027-03-28",
    2038: "2038-04-25",
  };
  for (const [year, date] of Object.entries(known)) assertEquals(easterSunday(Number(year)), date);
});

Deno.test("[holidays] 2026 has thirteen public holidays, Good Friday and Easter Monday included", () => {
  const days = czechHolidays(2026);
  assertEquals(days.length, 13);
  assertEquals(czechHoliday("2026-04-03"), "goodFriday");
  assertEquals(czechHoliday("2026-04-06"), "easterMonday");
  assertEquals(czechHoliday("2026-04-05"), null, "Easter Sunday is a Sunday, not a holiday");
  assertEquals(czechHoliday("2026-12-24"), "christmasEve");
  assertEquals(czechHoliday("2026-09-28"), "statehood");
  assertEquals(czechHoliday("2026-11-17"), "freedom");
  assertEquals(czechHoliday("2026-12-07"), null);
  assertEquals(days.map((d) => d.date), [...days.map((d) => d.date)].sort());
});

Deno.test("[holidays] Good Friday only from 2016 on (Act 359/2015 Sb.)", () => {
  assertEquals(czechHoliday("2015-04-03"), null);
  assertEquals(czechHoliday("2015-04-06"), "easterMonday");
  assertEquals(czechHoliday("2016-03-25"), "goodFriday");
  assertEquals(czechHolidays(2015).length, 12);
});
