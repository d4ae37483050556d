import { assert, assertEquals } from "../tests/assert.ts";
import {
  actionKey,
  AUDIT_ACTIONS,
  AUDIT_REASON_MAX,
  auditReason,
  CLERK_VIEW_ACTIONS,
  historyActor,
  reasonOf,
} from "./history.ts";
import { translator } from "../lib/i18n.ts";

Deno.test("[history] a reason is kept normalised, on one line and length-limited", () => {
  assertEquals(auditReason("  Chybná\u0301  příloha\n\tvyměněna  "), "Chybná́ příloha vyměněna");
  assertEquals(auditReason("Cafe\u0301"), "Café", "NFC");
  assertEquals(auditReason("a\u0000b"), "a b", "control characters become spaces");
  assertEquals(auditReason("   "), undefined);
  assertEquals(auditReason(null), undefined);
  const long = auditReason("😀".repeat(AUDIT_REASON_MAX + 10))!;
  assertEquals([...long].length, AUDIT_REASON_MAX);
  assert(!long.endsWith("\ud83d"), "never cut inside a surrogate pair");
});

Deno.test("[history] an entry's reason is read only when it is a text", () => {
  assertEquals(reasonOf({ reason: "Konec smlouvy" }), "Konec smlouvy");
  assertEquals(reasonOf({ reason: 42 }), null);
  assertEquals(reasonOf({}), null);
  assertEquals(reasonOf(null), null);
});

Deno.test("[history] the actor is named: clerk or person by name, else system or visitor", () => {
  const names = {
    clerks: new Map([["c1", "Jana Nováková"]]),
    persons: new Map([["p1", "Tomáš Horák"]]),
  };
  assertEquals(historyActor({ actor_type: "clerk", actor_id: "c1" }, names), {
    kind: "clerk",
    name: "Jana Nováková",
  });
  assertEquals(historyActor({ actor_type: "clerk", actor_id: "gone" }, names), {
    kind: "clerk",
    name: null,
  });
  assertEquals(historyActor({ actor_type: "person", actor_id: "p1" }, names), {
    kind: "person",
    name: "Tomáš Horák",
  });
  assertEquals(historyActor({ actor_type: "system", actor_id: "notice-workflow" }, names), {
    kind: "system",
  });
  assertEquals(historyActor({ actor_type: "anonymous", actor_id: null }, names), {
    kind: "anonymous",
  });
});

Deno.test("[history] every action of the audit view is a sentence in Czech and English", () => {
  for (const locale of ["cs", "en"] as const) {
    const t = translator(locale);
    for (const action of AUDIT_ACTIONS) {
      const key = actionKey(action);
      assert(t(key) !== key, `${locale}: no sentence for ${action}`);
    }
    for (const action of CLERK_VIEW_ACTIONS) {
      assert((AUDIT_ACTIONS as readonly string[]).includes(action), action);
      const key = `access.what.${action.replace(".", "_")}`;
      assert(t(key) !== key, `${locale}: no words for the view ${action}`);
    }
  }
  assertEquals(
    translator("cs")(actionKey("notice.withdraw_requested")),
    "Požádáno o předčasné stažení dokumentu",
  );
});
