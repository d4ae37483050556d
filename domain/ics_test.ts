import { assert, assertEquals } from "../tests/assert.ts";
import { buildCalendar, escapeText, foldLine, icsUtc, unescapeText, unfoldLines } from "./ics.ts";

const encoder = new TextEncoder();
const decoder = new TextDecoder("utf-8", { fatal: true });

Deno.test("[ics] text values escape backslash, semicolon, comma and line breaks", () => {
  assertEquals(escapeText("a\\b;c,d\ne\r\nf"), "a\\\\b\\;c\\,d\\ne\\nf");
  assertEquals(escapeText("zvonek\u0007 a\ttab"), "zvonek a tab");
  for (const s of ["Poplatek ze psů; 2026, Malá\\Jana\nřádek", "čistý text"]) {
    assertEquals(unescapeText(escapeText(s)), s);
  }
});

Deno.test("[ics] a long line folds at 75 octets and never splits a UTF-8 sequence", () => {
  const summary = "SUMMARY:" +
    "Splatnost: Vodné a stočné – ŽĎÁR nad Sázavou, čtvrtletí 😀 ".repeat(6);
  const folded = foldLine(summary);
  const physical = folded.split("\r\n");
  assert(physical.length > 3, "it was folded");
  for (const [i, line] of physical.entries()) {
    const bytes = encoder.encode(line);
    assert(bytes.length <= 75, `line ${i} has ${bytes.length} octets`);
    if (i > 0) assertEquals(line[0], " ", "a continuation starts with a space");
    // Each physical line alone is valid UTF-8: the fold fell between code points.
    assertEquals(decoder.decode(bytes), line);
  }
  assertEquals(folded.replace(/\r\n /g, ""), summary);
  // Two-byte letters right at the boundary: 74 ASCII octets then "ž" (2 octets) must move.
  const edge = "X".repeat(74) + "žž";
  const [first, second] = foldLine(edge).split("\r\n");
  assertEquals(first, "X".repeat(74));
  assertEquals(second, " žž");
  assertEquals(foldLine("short"), "short");
  assertEquals(foldLine("Y".repeat(75)), "Y".repeat(75));
});

Deno.test("[ics] a calendar: CRLF lines, PUBLISH, one UID and DTSTAMP per all-day event, alarm", () => {
  const ics = buildCalendar({
    prodId: "-//Portál občana//Splatnosti//CS",
    name: "Splatnosti – Obec Lipnice nad Hájem",
    events: [{
      uid: "obligation-1@localhost",
      stamp: new Date("2026-03-01T10:15:30.500Z"),
      date: "2026-03-31",
      summary: "Splatnost: Poplatek ze psů 2026",
      description: "Částka: 1 500,00 Kč\nVS: 1234, účet: CZ65 0800",
      alarm: { daysBefore: 3, description: "Blíží se splatnost" },
    }],
  });
  assert(ics.endsWith("\r\n"));
  assert(!/[^\r]\n/.test(ics), "every line break is CRLF");
  const lines = unfoldLines(ics);
  assertEquals(lines.slice(0, 6), [
    "BEGIN:VCALENDAR",
    "VERSION:2.0",
    "PRODID:-//Portál občana//Splatnosti//CS",
    "CALSCALE:GREGORIAN",
    "METHOD:PUBLISH",
    "X-WR-CALNAME:Splatnosti – Obec Lipnice nad Hájem",
  ]);
  assertEquals(lines.at(-1), "END:VCALENDAR");
  assertEquals(lines.filter((l) => l.startsWith("UID:")), ["UID:obligation-1@localhost"]);
  assertEquals(lines.filter((l) => l.startsWith("DTSTAMP:")), ["DTSTAMP:20260301T101530Z"]);
  assert(lines.includes("DTSTART;VALUE=DATE:20260331"));
  assert(lines.includes("DTEND;VALUE=DATE:20260401"), "the end is the next day (exclusive)");
  assert(lines.includes("DESCRIPTION:Částka: 1 500\\,00 Kč\\nVS: 1234\\, účet: CZ65 0800"));
  assert(lines.includes("TRIGGER:-P3D"));
  assertEquals(lines.filter((l) => l === "BEGIN:VALARM").length, 1);
  assertEquals(icsUtc(new Date("2026-12-31T23:59:59Z")), "20261231T235959Z");
});

Deno.test("[ics] a calendar without events is still a valid, empty VCALENDAR", () => {
  const lines = unfoldLines(buildCalendar({ prodId: "-//x//y//CS", name: "Prázdný", events: [] }));
  assertEquals(lines[0], "BEGIN:VCALENDAR");
  assertEquals(lines.at(-1), "END:VCALENDAR");
  assert(!lines.includes("BEGIN:VEVENT"));
});
