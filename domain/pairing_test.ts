import { assert, assertEquals } from "../tests/assert.ts";
import { canOfferPairing, foldName, identityMatchesPerson, identityMismatches } from "./pairing.ts";

Deno.test("[pairing] names fold for case, diacritics and spacing, nothing else", () => {
  assertEquals(foldName("  PROCHÁZKOVÁ "), "prochazkova");
  assertEquals(foldName("Jan  Pavel\tNovák"), "jan pavel novak");
  // Decomposed and precomposed forms of one name are one name.
  assertEquals(foldName("Ru\u030Az\u030Cic\u030Ckova\u0301"), foldName("Růžičková"));
  assertEquals(foldName("Łukasz"), "łukasz"); // a letter of its own, not a mark: kept
  assert(foldName("Novák") !== foldName("Nováková"));
});

Deno.test("[pairing] an identity matches the account's person by names and birth date", () => {
  const account = { givenName: "Eva", familyName: "Svobodová", birthDate: "1990-11-02" };
  assert(identityMatchesPerson(account, {
    givenName: "EVA",
    familyName: "Svobodova",
    birthDate: "1990-11-02",
  }));
  assertEquals(
    identityMismatches(account, { givenName: "Jan", familyName: "Novák", birthDate: "1978-03-15" }),
    ["givenName", "familyName", "birthDate"],
  );
  // Same names, another birth date: another person.
  assertEquals(
    identityMismatches(account, {
      givenName: "Eva",
      familyName: "Svobodová",
      birthDate: "1990-11-03",
    }),
    ["birthDate"],
  );
  // The account knows a birth date the identity does not prove: no match.
  assertEquals(
    identityMismatches(account, { givenName: "Eva", familyName: "Svobodová", birthDate: null }),
    ["birthDate"],
  );
  // An account without a birth date is matched by the names alone.
  const noBirth = { givenName: "Eva", familyName: "Svobodová", birthDate: null };
  assert(identityMatchesPerson(noBirth, { ...account, birthDate: "1990-11-02" }));
  assertEquals(identityMismatches(noBirth, { ...account, familyName: "Svobodová-Malá" }), [
    "familyName",
  ]);
  // Given and family names are not interchangeable.
  assertEquals(
    identityMismatches(noBirth, { givenName: "Svobodová", familyName: "Eva" }),
    ["givenName", "familyName"],
  );
});

Deno.test("[pairing] pairing is offered only to the same person, birth date included", () => {
  const local = {
    givenName: "Marie",
    familyName: "Procházková",
    birthDate: "1985-04-12",
    verifiedEmail: "marie@example.cz",
    verifiedPhone: "+420777333444",
  };
  const external = {
    givenName: "Marie",
    familyName: "PROCHAZKOVA",
    birthDate: "1985-04-12",
    email: "Marie@example.cz",
  };
  assert(canOfferPairing(local, external));
  assert(!canOfferPairing(local, { ...external, birthDate: "1986-04-12" }));
});
