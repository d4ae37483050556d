import { assert, assertEquals } from "../tests/assert.ts";
import {
  decideJoin,
  type JoinCandidate,
  normalizeJoinAddress,
  normalizeJoinName,
  sameJoinAttributes,
} from "./account_join.ts";

const NIA_JAN: JoinCandidate = {
  personId: "p-1",
  givenName: "Jan",
  familyName: "Dvořák",
  birthDate: "1978-03-15",
  address: "Hlavní 12, 250 82 Lipnice nad Hájem",
  identities: [{ provider: "nia", levelOfAssurance: "substantial" }],
};

Deno.test("[domain] join: names keep their diacritics, addresses are compared loosely", () => {
  assertEquals(normalizeJoinName("  DVOŘÁK  "), "dvořák");
  // Composed and decomposed Unicode are the same name; "Dvorak" is another surname.
  assertEquals(normalizeJoinName("Dvor\u030Ca\u0301k"), normalizeJoinName("Dvořák"));
  assert(normalizeJoinName("Dvorak") !== normalizeJoinName("Dvořák"));
  assertEquals(
    normalizeJoinAddress("HLAVNI 12  25082 Lipnice nad Hajem"),
    normalizeJoinAddress("Hlavní 12, 250 82 Lipnice nad Hájem"),
  );
  assert(
    normalizeJoinAddress("Hlavní 21, 250 82 Lipnice nad Hájem") !==
      normalizeJoinAddress("Hlavní 12, 250 82 Lipnice nad Hájem"),
  );
});

Deno.test("[domain] join: a birth date is needed on both sides; an address only where both have one", () => {
  const bank = { ...NIA_JAN, familyName: "DVOŘÁK", address: null };
  assert(sameJoinAttributes(NIA_JAN, bank));
  assert(!sameJoinAttributes({ ...NIA_JAN, birthDate: null }, bank));
  assert(!sameJoinAttributes(NIA_JAN, { ...bank, birthDate: null }));
  assert(!sameJoinAttributes(NIA_JAN, { ...bank, address: "Polní 1, 250 82 Lipnice nad Hájem" }));
});

Deno.test("[domain] join: offered for one verified match at substantial or higher, else not", () => {
  const identity = { ...NIA_JAN };
  assertEquals(decideJoin("bankid", "substantial", identity, [NIA_JAN]), {
    kind: "offer",
    personId: "p-1",
    providers: ["nia"],
  });
  assertEquals(decideJoin("bankid", "low", identity, [NIA_JAN]).kind, "none");
  assertEquals(decideJoin("bankid", "high", identity, []), { kind: "none", reason: "noMatch" });
  assertEquals(
    decideJoin("bankid", "high", identity, [NIA_JAN, { ...NIA_JAN, personId: "p-2" }]),
    { kind: "none", reason: "ambiguous" },
  );
  // The account's own attributes were only verified at low: not a verified match.
  const low = { ...NIA_JAN, identities: [{ provider: "nia", levelOfAssurance: "low" as const }] };
  assertEquals(decideJoin("bankid", "high", identity, [low]), { kind: "none", reason: "noMatch" });
  assertEquals(decideJoin("nia", "high", identity, [NIA_JAN]), {
    kind: "none",
    reason: "sameProvider",
  });
});
