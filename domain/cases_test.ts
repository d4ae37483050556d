import { assertEquals } from "../tests/assert.ts";
import {
  caseSituation,
  checkDecision,
  clerkAgendas,
  correctionSchedule,
  czechDateOf,
  DAY_MS,
  formatReference,
  isOverdue,
  mayWorkAgenda,
  referencePrefix,
  stateAfter,
  visibleToCitizen,
} from "./cases.ts";

Deno.test("[cases] reference numbers are the town's prefix, the year and six digits", () => {
  assertEquals(formatReference("LIP", 2026, 42), "LIP-2026/000042");
  assertEquals(referencePrefix("lipnice"), "LIP");
  assertEquals(referencePrefix("dubova"), "DUB");
  assertEquals(referencePrefix("úvaly"), "UVA");
  assertEquals(referencePrefix("lipnice", { caseKit: { referencePrefix: "OULN" } }), "OULN");
  assertEquals(referencePrefix("lipnice", { caseKit: { referencePrefix: "x y" } }), "LIP");
});

Deno.test("[cases] a return needs a message and a rejection a reason; an approval does not", () => {
  assertEquals(checkDecision("approve", ""), []);
  assertEquals(checkDecision("return", "")[0].code, "required");
  assertEquals(checkDecision("reject", "")[0].code, "required");
  assertEquals(checkDecision("reject", "<b>x</b>")[0].code, "htmlNotAllowed");
  assertEquals(stateAfter("return"), "returned");
});

Deno.test("[cases] a town may shorten a situation's review period; nonsense is ignored", () => {
  assertEquals(caseSituation("poplatek-ze-psa")?.reviewDays, 15);
  assertEquals(
    caseSituation("poplatek-ze-psa", { caseKit: { reviewDays: { "poplatek-ze-psa": 5 } } })
      ?.reviewDays,
    5,
  );
  assertEquals(
    caseSituation("poplatek-ze-psa", { caseKit: { reviewDays: { "poplatek-ze-psa": -1 } } })
      ?.reviewDays,
    15,
  );
  assertEquals(caseSituation("neznama"), null);
  assertEquals(caseSituation("neznama", {}, "voda")?.agenda, "voda");
});

Deno.test("[cases] notes, claims and escalations stay internal; a filed case past due is overdue", () => {
  assertEquals(visibleToCitizen("note"), false);
  assertEquals(visibleToCitizen("returned"), true);
  const now = new Date("2026-12-01T10:00:00Z");
  assertEquals(isOverdue({ state: "filed", due_at: new Date("2026-11-30T10:00:00Z") }, now), true);
  assertEquals(
    isOverdue({ state: "returned", due_at: new Date("2026-11-30T10:00:00Z") }, now),
    false,
  );
});

Deno.test("[cases] correction reminder: due after the situation's days, reminded 3 days ahead (half of a short period)", () => {
  const at = Date.UTC(2026, 10, 30, 10);
  assertEquals(correctionSchedule(at, 15), { dueAt: at + 15 * DAY_MS, remindAt: at + 12 * DAY_MS });
  assertEquals(correctionSchedule(at, 4), { dueAt: at + 4 * DAY_MS, remindAt: at + 2 * DAY_MS });
});

Deno.test("[cases] czechDateOf: the date in Prague, winter and summer time, without Intl", () => {
  assertEquals(czechDateOf(Date.UTC(2026, 11, 31, 23, 30)), "1. 1. 2027");
  assertEquals(czechDateOf(Date.UTC(2026, 5, 30, 21, 59)), "30. 6. 2026");
  assertEquals(czechDateOf(Date.UTC(2026, 5, 30, 22, 0)), "1. 7. 2026");
  assertEquals(czechDateOf(Date.UTC(2026, 2, 29, 0, 59)), "29. 3. 2026");
});

Deno.test("[cases] the finance role works the finance agenda (founded organisations' reports)", () => {
  assertEquals(clerkAgendas(["finance", "agenda:poplatky"]), ["poplatky", "finance"]);
  assertEquals(clerkAgendas(["agenda:zavady"]), ["zavady"]);
});

Deno.test("[cases] the registry role works wedding dates; the situations' agendas", () => {
  assertEquals(clerkAgendas(["registry"]), ["matrika"]);
  assertEquals(mayWorkAgenda(["registry"], "matrika"), true);
  assertEquals(mayWorkAgenda(["agenda:poplatky"], "matrika"), false);
  assertEquals(caseSituation("svatba")?.agenda, "matrika");
  assertEquals(caseSituation("zabor-verejneho-prostranstvi")?.agenda, "poplatky");
  assertEquals(visibleToCitizen("overlapFlagged"), false, "the clerk's flag only");
  assertEquals(visibleToCitizen("permitIssued"), true);
});
