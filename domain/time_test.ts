import assert from "node:assert/strict";
import {
  formatPragueDate,
  formatPragueDateTime,
  isPragueMidnight,
  pragueOffsetMinutes,
  pragueStartOfDay,
} from "./time.ts";

Deno.test("[time] winter instants are written with +01:00, summer ones with +02:00", () => {
  assert.equal(formatPragueDateTime(new Date("2026-01-15T09:30:00Z")), "2026-01-15T10:30:00+01:00");
  assert.equal(formatPragueDateTime(new Date("2026-07-15T08:30:00Z")), "2026-07-15T10:30:00+02:00");
  assert.equal(pragueOffsetMinutes(new Date("2026-01-15T09:30:00Z")), 60);
  assert.equal(pragueOffsetMinutes(new Date("2026-07-15T08:30:00Z")), 120);
});

Deno.test("[time] spring forward on 2026-03-29: 02:00 CET becomes 03:00 CEST", () => {
  assert.equal(
    formatPragueDateTime(new Date("2026-03-29T00:59:59Z")),
    "2026-03-29T01:59:59+01:00",
  );
  assert.equal(
    formatPragueDateTime(new Date("2026-03-29T01:00:00Z")),
    "2026-03-29T03:00:00+02:00",
  );
  assert.equal(formatPragueDateTime(new Date("2026-03-28T23:00:00Z")), "2026-03-29T00:00:00+01:00");
  assert.equal(formatPragueDateTime(new Date("2026-03-29T22:00:00Z")), "2026-03-30T00:00:00+02:00");
});

Deno.test("[time] fall back on 2026-10-25: 02:30 happens twice, with different offsets", () => {
  assert.equal(
    formatPragueDateTime(new Date("2026-10-25T00:30:00Z")),
    "2026-10-25T02:30:00+02:00",
  );
  assert.equal(
    formatPragueDateTime(new Date("2026-10-25T01:30:00Z")),
    "2026-10-25T02:30:00+01:00",
  );
  assert.equal(formatPragueDateTime(new Date("2026-10-24T22:00:00Z")), "2026-10-25T00:00:00+02:00");
  assert.equal(formatPragueDateTime(new Date("2026-10-25T23:00:00Z")), "2026-10-26T00:00:00+01:00");
});

Deno.test("[time] the written string denotes exactly the same instant", () => {
  for (
    const iso of [
      "2026-03-29T00:59:59.999Z",
      "2026-03-29T01:00:00Z",
      "2026-10-25T00:30:00.250Z",
      "2026-10-25T01:30:00Z",
      "2026-12-31T23:00:00Z",
      "2024-02-29T12:00:00Z",
    ]
  ) {
    const d = new Date(iso);
    assert.equal(new Date(formatPragueDateTime(d)).getTime(), d.getTime(), iso);
  }
  assert.equal(
    formatPragueDateTime(new Date("2026-10-25T00:30:00.250Z")),
    "2026-10-25T02:30:00.250+02:00",
  );
});

Deno.test("[time] the Prague calendar date differs from the UTC date around midnight", () => {
  assert.equal(formatPragueDate(new Date("2026-07-14T22:30:00Z")), "2026-07-15");
  assert.equal(formatPragueDate(new Date("2026-07-14T21:59:59Z")), "2026-07-14");
  assert.equal(formatPragueDate(new Date("2026-01-14T23:00:00Z")), "2026-01-15");
  assert.equal(formatPragueDate(new Date("2026-01-14T22:59:59Z")), "2026-01-14");
  assert.equal(formatPragueDate(new Date("2026-12-31T23:30:00Z")), "2027-01-01");
});

Deno.test("[time] Prague midnight round-trips through the date-only form across both DST days", () => {
  for (const day of ["2026-03-29", "2026-03-30", "2026-10-25", "2026-10-26", "2026-07-01"]) {
    const midnight = pragueStartOfDay(day);
    assert.ok(isPragueMidnight(midnight), day);
    assert.equal(formatPragueDate(midnight), day);
  }
  assert.equal(pragueStartOfDay("2026-03-29").toISOString(), "2026-03-28T23:00:00.000Z");
  assert.equal(pragueStartOfDay("2026-03-30").toISOString(), "2026-03-29T22:00:00.000Z");
  assert.equal(pragueStartOfDay("2026-10-25").toISOString(), "2026-10-24T22:00:00.000Z");
  assert.equal(pragueStartOfDay("2026-10-26").toISOString(), "2026-10-25T23:00:00.000Z");
  assert.equal(isPragueMidnight(new Date("2026-07-01T00:00:00Z")), false);
  assert.equal(isPragueMidnight(new Date("2026-06-30T22:00:00.001Z")), false);
});

Deno.test("[time] invalid input is refused", () => {
  assert.throws(() => formatPragueDateTime(new Date("nonsense")), RangeError);
  assert.throws(() => formatPragueDate(new Date(NaN)), RangeError);
  assert.throws(() => pragueStartOfDay("2026-02-30"), RangeError);
  assert.throws(() => pragueStartOfDay("29.3.2026"), RangeError);
});
