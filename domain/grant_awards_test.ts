import { assert, assertEquals } from "../tests/assert.ts";
import {
  checkSettlementFiles,
  contractContent,
  contractText,
  instalmentPlan,
  isLate,
  returnVariableSymbol,
  settlementDueOf,
  stateAfterPayout,
  suggestedReturn,
  validateConfirmation,
  validateReturn,
  validateSettlement,
} from "./grant_awards.ts";
import { municipalityOf, publishedRecipient } from "./grants.ts";

function form(fields: Record<string, string>): FormData {
  const f = new FormData();
  for (const [k, v] of Object.entries(fields)) f.set(k, v);
  return f;
}

Deno.test("[grant awards] the instalment plan splits the grant exactly, remainder first", () => {
  const plan = instalmentPlan(1_000_001, 3, "2027-03-01");
  assertEquals(plan.map((p) => p.amount), [333_335, 333_333, 333_333]);
  assertEquals(plan.reduce((s, p) => s + p.amount, 0), 1_000_001);
  assertEquals(plan.map((p) => p.dueOn), ["2027-03-31", "2027-06-29", "2027-09-27"]);
  assertEquals(instalmentPlan(500, 1, "2027-01-01"), [
    { instalment: 1, amount: 500, dueOn: "2027-01-31" },
  ]);
});

Deno.test("[grant awards] the settlement deadline: the call's date or N days after the project", () => {
  const call = { settlementDeadline: "2028-01-31", projectTo: "2027-12-31" };
  assertEquals(
    settlementDueOf({ settlementRule: "fixed", settlementDays: null }, call),
    "2028-01-31",
  );
  assertEquals(
    settlementDueOf({ settlementRule: "after_project", settlementDays: 30 }, call),
    "2028-01-30",
  );
});

Deno.test("[grant awards] a report filed after the deadline's day is late; on the day it is not", () => {
  assertEquals(isLate("2028-01-31", "2028-01-31"), false);
  assertEquals(isLate("2028-02-01", "2028-01-31"), true);
  assertEquals(isLate("2028-02-01", null), false);
  assertEquals(stateAfterPayout(1000, 500), "contracted");
  assertEquals(stateAfterPayout(1000, 1000), "paid");
});

Deno.test("[grant awards] the contract holds what § 10a(5) of Act 250/2000 Sb. requires", () => {
  const c = contractContent({
    number: "SD-LIP-2027/000012",
    reference: "LIP-2027/000012",
    provider: {
      name: "Obec Lipnice",
      address: "Náves 1, 789 01 Lipnice",
      ico: "00123456",
      account: "CZ65 0800 0000 1920 0014 5399",
    },
    recipient: {
      kind: "organisation",
      name: "Sokol Lipnice, z. s.",
      ico: "12345678",
      birthDate: null,
      address: null,
      representatives: "Jan Novák, starosta spolku",
    },
    programme: "Podpora spolků",
    call: "1. výzva",
    legalBasis: "§ 10a zákona č. 250/2000 Sb.",
    purpose: "Celoroční činnost oddílu",
    projectFrom: "2027-01-01",
    projectTo: "2027-12-31",
    granted: 4_000_000,
    instalments: 2,
    settlementDue: "2028-01-31",
    decidedOn: "2027-03-10",
    resolution: "ZO/3/2027",
    preparedOn: "2027-03-15",
  });
  const text = contractText(c);
  for (
    const part of [
      "SD-LIP-2027/000012",
      "Obec Lipnice",
      "IČO: 00123456",
      "Sokol Lipnice, z. s.",
      "IČO: 12345678",
      "40 000,00 Kč",
      "Celoroční činnost oddílu",
      "od 1. 1. 2027 do 31. 12. 2027",
      "ve 2 splátkách",
      "do 31. 1. 2028",
      "vrátí příjemce",
      "§ 10d",
    ]
  ) assert(text.replace(/\u00a0/g, " ").includes(part), `the contract names ${part}`);
});

Deno.test("[grant awards] the confirmation needs the box and a valid account", () => {
  const bad = validateConfirmation(form({ account: "123" }));
  assert(!bad.ok);
  assertEquals(bad.errors.map((e) => e.code).sort(), ["invalidAccount", "mustConfirm"]);
  const ok = validateConfirmation(form({ account: "19-2000145399/0800", agree: "on" }));
  assert(ok.ok);
});

Deno.test("[grant awards] the settlement form: eligible use is the grant part on eligible lines, at most the paid amount", () => {
  const budget = [
    {
      position: 1,
      categoryId: "a",
      categoryName: "Nájem",
      eligible: true,
      description: "Nájem",
      plannedAmount: 3_000_000,
      plannedGrant: 2_000_000,
    },
    {
      position: 2,
      categoryId: "b",
      categoryName: "Občerstvení",
      eligible: false,
      description: "Občerstvení",
      plannedAmount: 500_000,
      plannedGrant: 0,
    },
  ];
  const report = "Oddíl uspořádal 40 tréninků a dva turnaje pro děti z obce.";
  const v = validateSettlement(
    form({
      line0Amount: "28 000",
      line0Grant: "15 000,50",
      line1Amount: "4000",
      line1Grant: "1000",
      report,
    }),
    budget,
    2_000_000,
  );
  assert(v.ok);
  assertEquals(v.value.spent, 3_200_000);
  assertEquals(v.value.eligible, 1_500_050, "the ineligible line's grant part is not eligible");
  assertEquals(suggestedReturn(2_000_000, v.value.eligible), 499_950);
  const bad = validateSettlement(
    form({
      line0Amount: "100",
      line0Grant: "200",
      line1Amount: "x",
      line1Grant: "",
      report: "krátká",
    }),
    budget,
    2_000_000,
  );
  assert(!bad.ok);
  assertEquals(bad.errors.map((e) => `${e.field}:${e.code}`), [
    "line0Grant:grantAboveAmount",
    "line1Amount:invalidAmount",
    "line1Grant:required",
    "report:tooShort",
  ]);
});

Deno.test("[grant awards] a return is within the paid amount and has a reason", () => {
  const over = validateReturn(form({ amount: "20 000,01", reason: "Nevyčerpáno." }), 2_000_000);
  assert(!over.ok);
  assertEquals(over.errors[0].code, "returnTooHigh");
  const ok = validateReturn(
    form({ amount: "4 999,50", reason: "Nevyčerpané prostředky." }),
    2_000_000,
  );
  assert(ok.ok);
  assertEquals(ok.value.amount, 499_950);
  assertEquals(returnVariableSymbol("LIP-2027/000012"), "927000012");
});

Deno.test("[grants] open data: a natural person only as the law allows, never a street or birth date", () => {
  assertEquals(municipalityOf("Lipová 12, 789 01 Lipnice nad Hájem"), "Lipnice nad Hájem");
  assertEquals(municipalityOf("Lipová 12, Lipnice"), "Lipnice");
  assertEquals(municipalityOf("Lipová 12"), null);
  assertEquals(municipalityOf(null), null);
  const small = publishedRecipient({
    kind: "person",
    name: "Jana Nováková",
    ico: null,
    address: "Lipová 12, 789 01 Lipnice",
    grantedHalere: 5_000_000,
  });
  assertEquals(small, {
    kind: "person",
    name: "Fyzická osoba",
    ico: null,
    municipality: "Lipnice",
  });
  const large = publishedRecipient({
    kind: "person",
    name: "Jana Nováková",
    ico: "99999999",
    address: "Lipová 12, 789 01 Lipnice",
    grantedHalere: 5_000_001,
  });
  assertEquals(large, {
    kind: "person",
    name: "Jana Nováková",
    ico: null,
    municipality: "Lipnice",
  });
  const org = publishedRecipient({
    kind: "organisation",
    name: "Sokol Lipnice, z. s.",
    ico: "12345678",
    address: null,
    grantedHalere: 100,
  });
  assertEquals(org, {
    kind: "organisation",
    name: "Sokol Lipnice, z. s.",
    ico: "12345678",
    municipality: null,
  });
  for (const p of [small, large, org]) {
    const all = JSON.stringify(p);
    assert(!all.includes("Lipová") && !all.includes("789 01"), "no street, no postal code");
  }
});

Deno.test("[grant awards] settlement attachments: at most five, 10 MB each, PDF, images or text by content", () => {
  const pdf = { fileName: "faktura.pdf", size: 1000, mediaType: "application/pdf" };
  assertEquals(checkSettlementFiles([pdf]), []);
  assertEquals(checkSettlementFiles([{ ...pdf, mediaType: null }])[0].code, "fileTypeNotAllowed");
  assertEquals(checkSettlementFiles([{ ...pdf, size: 11 * 1024 * 1024 }])[0].code, "fileTooLarge");
  assertEquals(checkSettlementFiles(Array(6).fill(pdf))[0].code, "tooManyFiles");
});
