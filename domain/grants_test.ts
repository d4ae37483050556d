import { assert, assertEquals } from "../tests/assert.ts";
import {
  budgetLine,
  callPhase,
  checkApplicationAmounts,
  checkAskedAmount,
  checkBudget,
  checkCofinancing,
  costCode,
  crownsText,
  czechPlural,
  daysUntil,
  fitsTotal,
  parsePercent,
  percentText,
  programmeFormValues,
  programmeValuesOf,
  requiredOwnShare,
  timerTransition,
  validateCall,
  validateProgramme,
} from "./grants.ts";

const RULES = { minGrant: 1_000_000, maxGrant: 15_000_000, cofinancingBp: 3000, total: 60_000_000 };

Deno.test("[grants] the asked amount lies within the programme's minimum and maximum", () => {
  const cases: [number, string | null][] = [
    [999_999, "belowMinimum"],
    [1_000_000, null],
    [7_500_000, null],
    [15_000_000, null],
    [15_000_001, "aboveMaximum"],
  ];
  for (const [asked, want] of cases) assertEquals(checkAskedAmount(RULES, asked), want, `${asked}`);
});

Deno.test("[grants] the applicant brings at least the programme's co-financing share", () => {
  // [total budget, asked, share in bp, problem]
  const cases: [number, number, number, string | null][] = [
    [100_000, 70_000, 3000, null], // exactly 30 %
    [100_000, 70_001, 3000, "cofinancingTooLow"], // a haléř short
    [100_000, 100_000, 0, null], // no co-financing required
    [100_000, 100_000, 1, "cofinancingTooLow"], // 0.01 % required, none brought
    [333_333, 233_333, 3000, null], // 100 000 of 333 333 is 30.0000… %
    [333_333, 233_334, 3000, "cofinancingTooLow"], // 99 999 is 29.9999… %
    [1, 0, 9999, null],
  ];
  for (const [totalBudget, asked, bp, want] of cases) {
    assertEquals(checkCofinancing(bp, { totalBudget, asked }), want, `${totalBudget}/${asked}`);
  }
  assertEquals(requiredOwnShare(333_333, 3000), 100_000);
  assertEquals(requiredOwnShare(100_001, 3000), 30_001);
});

const COSTS = [
  { id: "a", code: "najem", name: "Nájem", eligible: true },
  { id: "b", code: "material", name: "Materiál", eligible: true },
  { id: "c", code: "obcerstveni", name: "Občerstvení", eligible: false },
];

Deno.test("[grants] the grant pays eligible costs only", () => {
  const line = (category: string, amount: number, grant: number) => ({
    category,
    description: "x",
    amount,
    grant,
  });
  const cases: [ReturnType<typeof line>[], { line: number | null; code: string }[]][] = [
    [[line("a", 100, 70), line("c", 50, 0)], []], // the applicant pays the ineligible cost
    [[line("a", 100, 70), line("c", 50, 1)], [{ line: 1, code: "ineligibleCost" }]],
    [[line("x", 100, 70)], [{ line: 0, code: "unknownCost" }]],
    [[line("b", 100, 101)], [{ line: 0, code: "invalidAmount" }]],
    [[line("b", -1, 0)], [{ line: 0, code: "invalidAmount" }]],
  ];
  for (const [lines, want] of cases) assertEquals(checkBudget(COSTS, lines), want);
});

Deno.test("[grants] every amount rule over a whole budget", () => {
  const l = (category: string, amount: number, grant: number) => ({
    category,
    description: "",
    amount,
    grant,
  });
  // 2 000 000 Kč of costs, 1 400 000 asked: 30 % own share, within 10 000–150 000 Kč.
  const ok = checkApplicationAmounts(RULES, COSTS, [
    l("a", 1_500_000, 1_000_000),
    l("b", 500_000, 400_000),
  ]);
  assertEquals(ok, { problems: [], amount: [] });
  const low = checkApplicationAmounts(RULES, COSTS, [l("a", 1_000_000, 900_000)]);
  assertEquals(low.amount, ["belowMinimum", "cofinancingTooLow"]);
  const high = checkApplicationAmounts(RULES, COSTS, [l("a", 30_000_000, 16_000_000)]);
  assertEquals(high.amount, ["aboveMaximum"]);
  const empty = checkApplicationAmounts(RULES, COSTS, []);
  assertEquals(empty.amount, ["invalidAmount"]);
});

Deno.test("[grants] granted amounts stay within the programme's total; the budget line", () => {
  assertEquals(fitsTotal(100, 60, 40), true);
  assertEquals(fitsTotal(100, 60, 41), false);
  assertEquals(fitsTotal(100, 0, -1), false);
  assertEquals(budgetLine(100, 20, [50, 40, 30]), [
    { amount: 50, fits: true, leftAfter: 30 },
    { amount: 40, fits: false, leftAfter: 30 },
    { amount: 30, fits: true, leftAfter: 0 },
  ]);
});

Deno.test("[grants] a call's phase, days left in Prague calendar days, Czech plurals", () => {
  const c = {
    opensAt: new Date("2027-03-01T07:00:00Z"),
    closesAt: new Date("2027-03-31T10:00:00Z"),
  };
  assertEquals(callPhase(c, new Date("2027-02-28T23:00:00Z")), "upcoming");
  assertEquals(callPhase(c, new Date("2027-03-01T07:00:00Z")), "open");
  assertEquals(callPhase(c, new Date("2027-03-31T10:00:00Z")), "closed");
  // 23:30 UTC on 26 March is already 27 March in Prague (00:30 CET).
  assertEquals(daysUntil(c.closesAt, new Date("2027-03-26T23:30:00Z")), 4);
  assertEquals(daysUntil(c.closesAt, new Date("2027-03-26T22:30:00Z")), 5);
  assertEquals(daysUntil(c.closesAt, new Date("2027-03-31T05:00:00Z")), 0);
  assertEquals([1, 2, 4, 5, 0, 21].map(czechPlural), ["one", "few", "few", "many", "many", "many"]);
});

Deno.test("[grants] a timer moves a call forward only", () => {
  assertEquals(timerTransition("scheduled", "open"), "open");
  assertEquals(timerTransition("open", "open"), null);
  assertEquals(timerTransition("open", "closed"), "closed");
  assertEquals(timerTransition("scheduled", "closed"), "closed");
  assertEquals(timerTransition("closed", "closed"), null);
  assertEquals(timerTransition("decided", "closed"), null);
});

function programmeForm(over: Record<string, string | string[]> = {}): FormData {
  const f = new FormData();
  const base: Record<string, string | string[]> = {
    title: "Podpora spolků",
    purpose: "Činnost spolků.",
    eligibleApplicants: "Spolky v obci.",
    applicantKinds: ["organisation"],
    total: "600 000",
    minGrant: "10 000",
    maxGrant: "150 000",
    cofinancing: "30",
    eligibleCosts: "Nájem.",
    ineligibleCosts: "Alkohol.",
    settlementRule: "fixed",
    legalBasis: "Zákon č. 250/2000 Sb.",
    cost0Name: "Nájem",
    cost0Eligible: "on",
    cost1Name: "Občerstvení",
    criterion0Name: "Přínos",
    criterion0Weight: "60",
    criterion1Name: "Hospodárnost",
    criterion1Weight: "40",
    criterion1MaxScore: "5",
    ...over,
  };
  for (const [k, v] of Object.entries(base)) {
    for (const item of Array.isArray(v) ? v : [v]) f.append(k, item);
  }
  return f;
}

Deno.test("[grants] the programme form: amounts to haléře, percent to basis points", () => {
  const r = validateProgramme(programmeForm());
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  assertEquals(r.value.total, 60_000_000);
  assertEquals(r.value.minGrant, 1_000_000);
  assertEquals(r.value.cofinancingBp, 3000);
  assertEquals(r.value.costs, [
    { code: "najem", name: "Nájem", eligible: true },
    { code: "obcerstveni", name: "Občerstvení", eligible: false },
  ]);
  assertEquals(r.value.criteria.map((c) => [c.name, c.weight, c.maxScore]), [
    ["Přínos", 60, 10],
    ["Hospodárnost", 40, 5],
  ]);
  // And back: the edit form shows what was saved.
  const back = programmeValuesOf(
    {
      title: r.value.title,
      purpose: r.value.purpose,
      eligible_applicants: r.value.eligibleApplicants,
      applicant_kinds: r.value.applicantKinds,
      total_halere: "60000000",
      min_grant_halere: "1000000",
      max_grant_halere: "15000000",
      cofinancing_bp: 3000,
      eligible_costs: r.value.eligibleCosts,
      ineligible_costs: r.value.ineligibleCosts,
      settlement_rule: "fixed",
      settlement_days: null,
      legal_basis: r.value.legalBasis,
      max_instalments: 1,
      one_application_per_applicant: r.value.oneApplicationPerApplicant,
    },
    r.value.costs,
    r.value.criteria.map((c) => ({ ...c, max_score: c.maxScore })),
  );
  assertEquals([back.total, back.minGrant, back.cofinancing], ["600000", "10000", "30"]);
  // One application per applicant: off unless ticked, and shown again as saved.
  assertEquals(r.value.oneApplicationPerApplicant, false);
  assertEquals(back.oneApplicationPerApplicant, false);
  const one = validateProgramme(programmeForm({ oneApplicationPerApplicant: "on" }));
  assert(one.ok && one.value.oneApplicationPerApplicant, "the ticked box is kept");
});

Deno.test("[grants] the programme form's errors", () => {
  const codes = (over: Record<string, string | string[]>) => {
    const r = validateProgramme(programmeForm(over));
    return r.ok ? [] : r.errors.map((e) => `${e.field}:${e.code}`);
  };
  assertEquals(codes({ minGrant: "200 000" }), ["maxGrant:minAboveMax"]);
  assertEquals(codes({ maxGrant: "700 000" }), ["maxGrant:maxAboveTotal"]);
  assertEquals(codes({ total: "sto" }), ["total:invalidAmount"]);
  assertEquals(codes({ cofinancing: "100" }), ["cofinancing:invalidShare"]);
  assertEquals(codes({ criterion1Weight: "30" }), ["criterion0Weight:weightsNotHundred"]);
  assertEquals(codes({ applicantKinds: [] }), ["applicantKinds:noApplicantKind"]);
  assertEquals(codes({ cost0Eligible: "" }), ["cost0Name:noEligibleCost"]);
  assertEquals(codes({ cost1Name: "nájem" }), ["cost1Name:duplicateCost"]);
  assertEquals(codes({ settlementRule: "after_project" }), ["settlementDays:required"]);
  assertEquals(codes({ title: "" }), ["title:required"]);
  assertEquals(codes({ purpose: "<b>x</b>" }), ["purpose:htmlNotAllowed"]);
});

Deno.test("[grants] the call form: Prague times, deadlines in order", () => {
  const now = new Date("2027-01-10T10:00:00Z");
  const form = (over: Record<string, string>) => {
    const f = new FormData();
    const base: Record<string, string> = {
      title: "Výzva 2027",
      opensAt: "2027-03-01T08:00",
      closesAt: "2027-03-31T12:00",
      decisionDeadline: "2027-05-15",
      settlementDeadline: "2028-01-31",
      projectFrom: "2027-04-01",
      projectTo: "2027-12-31",
      ...over,
    };
    for (const [k, v] of Object.entries(base)) f.set(k, v);
    return f;
  };
  const ok = validateCall(form({}), { now, settlementRule: "fixed" });
  if (!ok.ok) throw new Error(JSON.stringify(ok.errors));
  assertEquals(ok.value.opensAt.toISOString(), "2027-03-01T07:00:00.000Z");
  assertEquals(ok.value.closesAt.toISOString(), "2027-03-31T10:00:00.000Z"); // summer time
  const codes = (over: Record<string, string>, rule: "fixed" | "after_project" = "fixed") => {
    const r = validateCall(form(over), { now, settlementRule: rule });
    return r.ok ? [] : r.errors.map((e) => `${e.field}:${e.code}`);
  };
  assertEquals(codes({ closesAt: "2027-03-01T08:00" }), ["closesAt:closesBeforeOpens"]);
  assertEquals(codes({ opensAt: "2027-01-01T08:00" }), ["opensAt:dateInPast"]);
  assertEquals(codes({ decisionDeadline: "2027-03-30" }), ["decisionDeadline:decisionBeforeClose"]);
  assertEquals(codes({ projectTo: "2027-03-31" }), ["projectTo:projectEndBeforeStart"]);
  assertEquals(codes({ settlementDeadline: "2027-12-30" }), [
    "settlementDeadline:settlementBeforeProjectEnd",
  ]);
  assertEquals(codes({ settlementDeadline: "" }), ["settlementDeadline:settlementRequired"]);
  assertEquals(codes({ settlementDeadline: "" }, "after_project"), []);
  assertEquals(codes({ opensAt: "2027-03-28T02:30" }), ["opensAt:invalidDateTime"]); // DST gap
  assertEquals(codes({ decisionDeadline: "2027-02-30" }), ["decisionDeadline:invalidDate"]);
  // An open call keeps its opening; only the closing may move, not into the past.
  const open = validateCall(form({ opensAt: "2026-12-01T08:00", closesAt: "2027-01-10T10:30" }), {
    now,
    settlementRule: "fixed",
    alreadyOpen: new Date("2026-12-01T07:00:00Z"),
  });
  assertEquals(open.ok ? [] : open.errors.map((e) => `${e.field}:${e.code}`), [
    "closesAt:dateInPast",
  ]);
});

Deno.test("[grants] small formats", () => {
  assertEquals(parsePercent("30"), 3000);
  assertEquals(parsePercent("12,5"), 1250);
  assertEquals(parsePercent("12.25 %"), 1225);
  assertEquals(parsePercent("abc"), null);
  assertEquals(percentText(1250), "12,5");
  assertEquals(percentText(3000), "30");
  assertEquals(crownsText(125_050), "1250,50");
  assertEquals(costCode("Nájem a energie", 0), "najem-a-energie");
  assertEquals(costCode("***", 2), "naklad-3");
  assertEquals(programmeFormValues(new FormData()).costs.length, 8);
});
