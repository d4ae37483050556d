import { assert, assertEquals } from "../tests/assert.ts";
import {
  computeDogFee,
  type DogFeeOrdinance,
  type DogHolder,
  type DogInput,
  STATUTORY_CAPS,
  validateOrdinance,
} from "./dog_fee.ts";

/** A town like Lipnice nad Hájem: 600 / 900 Kč, reduced 200 / 300 Kč, assistance dogs exempt. */
const ORDINANCE: DogFeeOrdinance = {
  title: "Obecně závazná vyhláška č. 2/2026 o místním poplatku ze psů",
  validFrom: "2026-01-01",
  rates: { first: 60_000, further: 90_000, reducedFirst: 20_000, reducedFurther: 30_000 },
  townExemptions: ["assistanceDog"],
  proofRequired: ["disabilityPension", "blind", "assistanceDog"],
  dueMonthDay: "03-31",
};

const YEAR = 2026;
const dog = (label: string, keptFrom: string, more: Partial<DogInput> = {}): DogInput => ({
  label,
  keptFrom,
  ...more,
});
const young: DogHolder = { birthDate: "1985-04-02" };

const cases: {
  name: string;
  holder?: DogHolder;
  dogs: DogInput[];
  amounts: number[];
  total: number;
  ordinance?: DogFeeOrdinance;
}[] = [
  {
    name: "one dog kept all year pays the first-dog rate",
    dogs: [dog("Rex", "2021-05-10")],
    amounts: [60_000],
    total: 60_000,
  },
  {
    name: "a dog kept from 15 March pays March to December (10 started months)",
    dogs: [dog("Rex", "2026-03-15")],
    amounts: [50_000],
    total: 50_000,
  },
  {
    name: "a dog kept from the last day of a month pays that month too",
    dogs: [dog("Rex", "2026-11-30")],
    amounts: [10_000],
    total: 10_000,
  },
  {
    name: "a dog kept until 1 May pays January to May",
    dogs: [dog("Rex", "2019-01-01", { keptUntil: "2026-05-01" })],
    amounts: [25_000],
    total: 25_000,
  },
  {
    name: "a dog kept 10 to 20 June pays one month",
    dogs: [dog("Rex", "2026-06-10", { keptUntil: "2026-06-20" })],
    amounts: [5_000],
    total: 5_000,
  },
  {
    name: "a puppy owes from the day it turns three months",
    dogs: [dog("Štěně", "2026-02-01", { birthDate: "2026-01-20" })],
    amounts: [45_000], // from 20 April: April–December
    total: 45_000,
  },
  {
    name: "a dog kept in an earlier year only owes nothing",
    dogs: [dog("Rex", "2020-01-01", { keptUntil: "2025-12-31" })],
    amounts: [0],
    total: 0,
  },
  {
    name: "the second dog pays the further-dog rate; the earlier kept dog is the first",
    dogs: [dog("Bobík", "2024-06-01"), dog("Rex", "2019-03-01")],
    amounts: [90_000, 60_000],
    total: 150_000,
  },
  {
    name: "three dogs: the first rate once, the further rate twice",
    dogs: [dog("A", "2020-01-01"), dog("B", "2021-01-01"), dog("C", "2022-01-01")],
    amounts: [60_000, 90_000, 90_000],
    total: 240_000,
  },
  {
    name: "when the first dog goes in June, the second becomes the first from July",
    dogs: [dog("A", "2020-01-01", { keptUntil: "2026-06-10" }), dog("B", "2022-01-01")],
    amounts: [30_000, 45_000 + 30_000],
    total: 105_000,
  },
  {
    name: "a holder over 65 pays the reduced rates for the first and a further dog",
    holder: { birthDate: "1950-02-11" },
    dogs: [dog("A", "2020-01-01"), dog("B", "2021-01-01")],
    amounts: [20_000, 30_000],
    total: 50_000,
  },
  {
    name: "a holder turning 65 in July pays the reduced rate from July",
    holder: { birthDate: "1961-07-15" },
    dogs: [dog("A", "2020-01-01")],
    amounts: [30_000 + 10_000],
    total: 40_000,
  },
  {
    name: "a disability pension from April reduces the rate from April",
    holder: { birthDate: "1980-01-01", disabilityPension: { from: "2026-04-01" } },
    dogs: [dog("A", "2020-01-01")],
    amounts: [15_000 + 15_000],
    total: 30_000,
  },
  {
    name: "a blind holder is exempt for every dog",
    holder: { exemption: "blind" },
    dogs: [dog("A", "2020-01-01"), dog("B", "2021-01-01")],
    amounts: [0, 0],
    total: 0,
  },
  {
    name: "an exempt assistance dog does not count: the other dog is the first",
    dogs: [dog("Vodicí", "2018-01-01", { exemption: "assistanceDog" }), dog("B", "2021-01-01")],
    amounts: [0, 60_000],
    total: 60_000,
  },
  {
    name: "a fraction of a haléř rounds on the line, the total up to whole crowns",
    holder: { birthDate: "1940-01-01" },
    dogs: [dog("A", "2026-12-24")],
    amounts: [1_667], // 200 Kč / 12
    total: 1_700,
  },
];

for (const c of cases) {
  Deno.test(`[dog fee] ${c.name}`, () => {
    const result = computeDogFee(c.ordinance ?? ORDINANCE, c.holder ?? young, c.dogs, YEAR);
    assert(result.ok, JSON.stringify(result));
    assertEquals(result.value.lines.map((l) => l.amount), c.amounts);
    assertEquals(result.value.total, c.total);
    assertEquals(result.value.subtotal + result.value.rounding, result.value.total);
    assertEquals(result.value.total % 100, 0, "whole crowns");
  });
}

Deno.test("[dog fee] lines say which months were charged at which rate", () => {
  const result = computeDogFee(ORDINANCE, { birthDate: "1961-07-15" }, [
    dog("A", "2020-01-01", { keptUntil: "2026-09-30" }),
    dog("B", "2026-03-02"),
  ], YEAR);
  assert(result.ok);
  const [a, b] = result.value.lines;
  assertEquals(a.months, [1, 2, 3, 4, 5, 6, 7, 8, 9]);
  assertEquals(a.charges.map((c) => [c.kind, c.months.length, c.annualRate]), [
    ["first", 6, 60_000],
    ["reducedFirst", 3, 20_000],
  ]);
  assertEquals(b.charges.map((c) => [c.kind, c.months]), [
    ["further", [3, 4, 5, 6]],
    ["reducedFurther", [7, 8, 9]],
    ["reducedFirst", [10, 11, 12]],
  ]);
  assertEquals(b.amount, 30_000 + 7_500 + 5_000);
});

Deno.test("[dog fee] a town exemption the ordinance does not grant is refused", () => {
  const result = computeDogFee(ORDINANCE, young, [
    dog("A", "2020-01-01"),
    dog("Záchranář", "2020-01-01", { exemption: "rescueDog" }),
  ], YEAR);
  assertEquals(result, { ok: false, code: "ExemptionNotGranted", dog: 1 });
});

Deno.test("[dog fee] impossible dates are refused, not guessed", () => {
  assertEquals(computeDogFee(ORDINANCE, young, [dog("A", "2026-02-30")], YEAR), {
    ok: false,
    code: "InvalidDate",
    dog: 0,
  });
  assertEquals(
    computeDogFee(ORDINANCE, young, [dog("A", "2026-05-01", { keptUntil: "2026-04-30" })], YEAR),
    { ok: false, code: "KeptUntilBeforeKeptFrom", dog: 0 },
  );
  assertEquals(computeDogFee(ORDINANCE, { birthDate: "31.12.1950" }, [], YEAR), {
    ok: false,
    code: "InvalidDate",
  });
  assertEquals(computeDogFee(ORDINANCE, young, [], 2026.5), { ok: false, code: "InvalidYear" });
});

Deno.test("[dog fee] rates at the statutory caps are accepted", () => {
  assertEquals(validateOrdinance({ ...ORDINANCE, rates: { ...STATUTORY_CAPS } }), []);
  const result = computeDogFee(
    { ...ORDINANCE, rates: { ...STATUTORY_CAPS } },
    young,
    [dog("A", "2020-01-01"), dog("B", "2020-02-01")],
    YEAR,
  );
  assert(result.ok);
  assertEquals(result.value.total, 150_000 + 225_000);
});

const overCap: [field: keyof typeof STATUTORY_CAPS, rate: number, code: string][] = [
  ["first", 150_001, "RateAboveCap"],
  ["further", 225_100, "RateAboveCap"],
  ["reducedFirst", 20_100, "RateAboveCap"],
  ["reducedFurther", 30_100, "RateAboveCap"],
  ["first", -100, "RateNegative"],
  ["further", 900.5, "RateNotWholeHalere"],
];

for (const [field, rate, code] of overCap) {
  Deno.test(`[dog fee] an ordinance with ${field} ${rate} haléřů is refused (${code})`, () => {
    const ordinance = { ...ORDINANCE, rates: { ...ORDINANCE.rates, [field]: rate } };
    assertEquals(validateOrdinance(ordinance), [{ code, field: `rates.${field}` }]);
    assertEquals(computeDogFee(ordinance, young, [dog("A", "2020-01-01")], YEAR), {
      ok: false,
      code: "InvalidOrdinance",
    });
  });
}

Deno.test("[dog fee] an ordinance with an unknown exemption or a bad due date is refused", () => {
  const errors = validateOrdinance({
    ...ORDINANCE,
    // deno-lint-ignore no-explicit-any
    townExemptions: ["catDog" as any],
    dueMonthDay: "02-30",
  });
  assertEquals(errors.map((e) => e.code).sort(), ["InvalidDate", "UnknownExemption"]);
});
