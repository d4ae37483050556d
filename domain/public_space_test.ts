import { assertEquals } from "../tests/assert.ts";
import {
  DEMO_RATES,
  occupationDays,
  occupationFee,
  occupationsOverlap,
  permitNumber,
  placeKey,
  type PublicSpaceRate,
  rateOn,
} from "./public_space.ts";

Deno.test("[public space] the fee is started m² × started days × the rate, in whole crowns", () => {
  // Scaffolding 12 m² for 5 days at 10 Kč: 600 Kč.
  const r = occupationFee(DEMO_RATES, {
    purpose: "scaffolding",
    areaM2: 12,
    from: "2027-03-01",
    to: "2027-03-05",
  });
  assertEquals(r, {
    ok: true,
    value: { chargedM2: 12, days: 5, halerePerM2Day: 1_000, total: 60_000 },
  });
  // 2.1 m² is three started m²; one day of a market stall at 30 Kč: 90 Kč.
  const stall = occupationFee(DEMO_RATES, {
    purpose: "stall",
    areaM2: 2.1,
    from: "2027-03-01",
    to: "2027-03-01",
  });
  assertEquals(stall.ok && stall.value.total, 9_000);
  assertEquals(stall.ok && stall.value.chargedM2, 3);
});

Deno.test("[public space] a rate in haléře rounds the fee up to whole crowns", () => {
  const rates: PublicSpaceRate[] = [
    { purpose: "event", validFrom: "2026-01-01", halerePerM2Day: 1_050 },
  ];
  // 3 m² × 1 day × 10,50 Kč = 31,50 Kč → 32 Kč.
  const r = occupationFee(rates, {
    purpose: "event",
    areaM2: 3,
    from: "2027-01-01",
    to: "2027-01-01",
  });
  assertEquals(r.ok && r.value.total, 3_200);
  // 0.1 m² is one started m²: 10,50 Kč → 11 Kč.
  const small = occupationFee(rates, {
    purpose: "event",
    areaM2: 0.1,
    from: "2027-01-01",
    to: "2027-01-01",
  });
  assertEquals(small.ok && small.value.total, 1_100);
  // An exact sum stays: 2 m² × 10,50 Kč = 21 Kč.
  const exact = occupationFee(rates, {
    purpose: "event",
    areaM2: 2,
    from: "2027-01-01",
    to: "2027-01-01",
  });
  assertEquals(exact.ok && exact.value.total, 2_100);
});

Deno.test("[public space] the rate in force on the first day; limits refused", () => {
  const rates: PublicSpaceRate[] = [
    { purpose: "container", validFrom: "2026-01-01", halerePerM2Day: 1_000 },
    { purpose: "container", validFrom: "2027-01-01", halerePerM2Day: 1_500 },
  ];
  assertEquals(rateOn(rates, "container", "2026-12-31")?.halerePerM2Day, 1_000);
  assertEquals(rateOn(rates, "container", "2027-01-01")?.halerePerM2Day, 1_500);
  assertEquals(rateOn(rates, "stall", "2027-01-01"), null);
  const base = { purpose: "container" as const, from: "2027-01-01", to: "2027-01-02" };
  assertEquals(occupationFee(rates, { ...base, areaM2: 0 }), { ok: false, code: "invalidArea" });
  assertEquals(occupationFee(rates, { ...base, areaM2: 10_000_000 }), {
    ok: false,
    code: "invalidArea",
  });
  assertEquals(occupationFee(rates, { ...base, areaM2: 1, to: "2026-12-31" }), {
    ok: false,
    code: "invalidDates",
  });
  assertEquals(occupationFee(rates, { ...base, purpose: "stall", areaM2: 1 }), {
    ok: false,
    code: "noRate",
  });
  assertEquals(occupationDays("2027-03-30", "2027-04-02"), 4, "across the summer time change");
});

Deno.test("[public space] overlaps of one place: same street folded, dates intersecting", () => {
  assertEquals(placeKey("  Husova  ulice "), placeKey("HUSOVA ulice"));
  assertEquals(placeKey("Náměstí Míru"), "namesti miru");
  const a = { from: "2027-03-01", to: "2027-03-10" };
  assertEquals(occupationsOverlap(a, { from: "2027-03-10", to: "2027-03-12" }), true);
  assertEquals(occupationsOverlap(a, { from: "2027-02-20", to: "2027-03-01" }), true);
  assertEquals(occupationsOverlap(a, { from: "2027-03-11", to: "2027-03-12" }), false);
  assertEquals(permitNumber("LIP-2026/000042"), "ZAB-2026/000042");
});
