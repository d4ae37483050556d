import { assert, assertEquals } from "../tests/assert.ts";
import {
  mayReadOthersScores,
  memberWeightedScore,
  rankApplications,
  validateDecision,
  validateProposal,
  validateScores,
  weightedScore,
} from "./grant_committee.ts";

const CRITERIA = [
  { id: "a", weight: 40, maxScore: 10 },
  { id: "b", weight: 35, maxScore: 10 },
  { id: "c", weight: 25, maxScore: 5 },
];

function form(fields: Record<string, string>): FormData {
  const f = new FormData();
  for (const [k, v] of Object.entries(fields)) f.set(k, v);
  return f;
}

Deno.test("[grants] a member's weighted score: each criterion's share of its maximum times its weight", () => {
  // 10/10·40 + 5/10·35 + 5/5·25 = 40 + 17.5 + 25
  assertEquals(
    memberWeightedScore(CRITERIA, [
      { criterionId: "a", score: 10 },
      { criterionId: "b", score: 5 },
      { criterionId: "c", score: 5 },
    ]),
    82.5,
  );
  assertEquals(
    memberWeightedScore(CRITERIA, [{ criterionId: "a", score: 0 }, {
      criterionId: "b",
      score: 0,
    }, { criterionId: "c", score: 0 }]),
    0,
  );
  // A criterion left out: no score (incomplete).
  assertEquals(memberWeightedScore(CRITERIA, [{ criterionId: "a", score: 10 }]), null);
  assertEquals(memberWeightedScore([], []), null);
});

Deno.test("[grants] the committee's score averages the members who scored every criterion", () => {
  const scores = [
    // member 1: 82.5
    { memberId: "m1", criterionId: "a", score: 10 },
    { memberId: "m1", criterionId: "b", score: 5 },
    { memberId: "m1", criterionId: "c", score: 5 },
    // member 2: 4/10·40 + 10/10·35 + 1/5·25 = 16 + 35 + 5 = 56
    { memberId: "m2", criterionId: "a", score: 4 },
    { memberId: "m2", criterionId: "b", score: 10 },
    { memberId: "m2", criterionId: "c", score: 1 },
    // member 3 scored one criterion only: not counted
    { memberId: "m3", criterionId: "a", score: 0 },
  ];
  assertEquals(weightedScore(CRITERIA, scores), { score: 69.25, members: 2 });
  assertEquals(weightedScore(CRITERIA, []), { score: null, members: 0 });
  // One third rounds to two decimals.
  const third = [{ id: "x", weight: 100, maxScore: 3 }];
  assertEquals(weightedScore(third, [{ memberId: "m", criterionId: "x", score: 1 }]).score, 33.33);
});

Deno.test("[grants] a member reads the others' scores only after scoring or declaring a conflict", () => {
  assertEquals(mayReadOthersScores({ scored: false, conflict: false }), false);
  assertEquals(mayReadOthersScores({ scored: true, conflict: false }), true);
  assertEquals(mayReadOthersScores({ scored: false, conflict: true }), true);
});

Deno.test("[grants] the ranking: best score first, ties by the smaller amount asked, the budget line against what is left", () => {
  const rows = [
    { id: "1", reference: "LIP-1", asked: 50_000_00, proposed: null, score: 70 },
    { id: "2", reference: "LIP-2", asked: 40_000_00, proposed: 30_000_00, score: 90 },
    { id: "3", reference: "LIP-3", asked: 20_000_00, proposed: null, score: 70 },
    { id: "4", reference: "LIP-4", asked: 10_000_00, proposed: null, score: null },
    { id: "5", reference: "LIP-5", asked: 35_000_00, proposed: 0, score: 10 },
  ];
  // The programme: 200 000 Kč, 120 000 Kč granted in an earlier call → 80 000 Kč left.
  const ranked = rankApplications(rows, 200_000_00, 120_000_00);
  assertEquals(ranked.map((r) => [r.row.id, r.rank]), [
    ["2", 1],
    ["3", 2],
    ["1", 3],
    ["5", 4],
    ["4", null],
  ]);
  // 30 000 (the proposal, not the 40 000 asked) + 20 000 fit; 50 000 does not (30 000 left);
  // a refusal counts nothing; the unscored 10 000 still fits into the 30 000.
  assertEquals(ranked.map((r) => [r.counted, r.fits, r.leftAfter]), [
    [30_000_00, true, 50_000_00],
    [20_000_00, true, 30_000_00],
    [50_000_00, false, 30_000_00],
    [0, true, 30_000_00],
    [10_000_00, true, 20_000_00],
  ]);
  assertEquals(rankApplications([], 100, 0), []);
});

Deno.test("[grants] scores: every criterion a whole number up to its maximum, a comment optional", () => {
  const ok = validateScores(
    form({ score0: "10", score1: "0", score2: "5", comment0: "Výborné." }),
    CRITERIA,
  );
  assert(ok.ok);
  assertEquals(ok.value.map((s) => [s.criterionId, s.score, s.comment]), [
    ["a", 10, "Výborné."],
    ["b", 0, ""],
    ["c", 5, ""],
  ]);
  const bad = validateScores(form({ score0: "11", score1: "x", score2: "" }), CRITERIA);
  assert(!bad.ok);
  assertEquals(bad.errors.map((e) => [e.field, e.code]), [
    ["score0", "scoreTooHigh"],
    ["score1", "invalidScore"],
    ["score2", "required"],
  ]);
  assertEquals(bad.values.score0, "11", "the form shows what was typed");
});

Deno.test("[grants] a proposal: at least the minimum grant, at most what was asked; a refusal needs a reason", () => {
  const limits = { minGrant: 10_000_00, asked: 50_000_00 };
  const grant = validateProposal(form({ outcome: "grant", amount: "25 000" }), limits);
  assert(grant.ok);
  assertEquals(grant.value, { outcome: "grant", amount: 25_000_00, reason: null });
  const codes = (f: Record<string, string>) => {
    const r = validateProposal(form(f), limits);
    return r.ok ? [] : r.errors.map((e) => `${e.field}:${e.code}`);
  };
  assertEquals(codes({ outcome: "grant", amount: "5 000" }), ["amount:belowMinimum"]);
  assertEquals(codes({ outcome: "grant", amount: "60 000" }), ["amount:aboveAsked"]);
  assertEquals(codes({ outcome: "grant", amount: "abc" }), ["amount:invalidAmount"]);
  assertEquals(codes({ outcome: "grant", amount: "" }), ["amount:required"]);
  assertEquals(codes({ outcome: "refuse", amount: "" }), ["reason:reasonRequired"]);
  assertEquals(codes({ outcome: "maybe" }), ["outcome:invalidChoice"]);
  const refuse = validateProposal(
    form({ outcome: "refuse", amount: "10 000", reason: "Nesplňuje účel." }),
    limits,
  );
  assert(refuse.ok);
  assertEquals(refuse.value, { outcome: "refuse", amount: 0, reason: "Nesplňuje účel." });
});

Deno.test("[grants] the council's decision: its resolution and a date not in the future", () => {
  const limits = { minGrant: 10_000_00, asked: 50_000_00, today: "2027-03-15" };
  const ok = validateDecision(
    form({
      outcome: "grant",
      amount: "40 000",
      resolution: "ZO 3/2027/12",
      decidedOn: "2027-03-10",
    }),
    limits,
  );
  assert(ok.ok);
  assertEquals(ok.value.amount, 40_000_00);
  assertEquals(ok.value.resolution, "ZO 3/2027/12");
  const bad = validateDecision(
    form({ outcome: "refuse", resolution: "", decidedOn: "2027-03-16" }),
    limits,
  );
  assert(!bad.ok);
  assertEquals(bad.errors.map((e) => `${e.field}:${e.code}`), [
    "reason:reasonRequired",
    "resolution:required",
    "decidedOn:invalidDate",
  ]);
});
