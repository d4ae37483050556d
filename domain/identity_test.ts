import { assert, assertEquals } from "../tests/assert.ts";
import {
  generateCode,
  generateUsername,
  loaAtLeast,
  loginRateKey,
  maskPhone,
  normalizeCode,
  normalizeLoginIdentifier,
  normalizePhone,
  validateRegistration,
} from "./identity.ts";
import { canOfferPairing, sameName } from "./pairing.ts";

Deno.test("[identity] Czech and Slovak mobile numbers are normalized to E.164", () => {
  assertEquals(normalizePhone("777 123 456"), "+420777123456");
  assertEquals(normalizePhone("+420 777-123-456"), "+420777123456");
  assertEquals(normalizePhone("00421 905 123 456"), "+421905123456");
  assertEquals(normalizePhone("212 345 678"), null); // a landline
  assertEquals(normalizePhone("12345"), null);
  assertEquals(maskPhone("+420777123456"), "+420 *** *** 456");
});

Deno.test("[identity] user names are ASCII, from the names, with a number", () => {
  assertEquals(generateUsername("Jiří", "Šťastný-Žák", () => 0.5), "jiri.stastnyzak.5500");
  assertEquals(generateCode(new Uint8Array([0, 0, 0, 7])), "000007");
});

Deno.test("[identity] passwords: long enough, not the person's name, typed twice alike", () => {
  const form = (password: string, again = password) => {
    const f = new FormData();
    for (
      const [k, v] of Object.entries({
        givenName: "Jana",
        familyName: "Nová",
        email: "jana@example.cz",
        phone: "777123456",
      })
    ) f.set(k, v);
    f.set("password", password);
    f.set("passwordAgain", again);
    return f;
  };
  const codes = (password: string, again?: string) => {
    const r = validateRegistration(form(password, again));
    return r.ok ? [] : r.errors.map((e) => e.code);
  };
  assertEquals(codes("kratke"), ["passwordTooShort"]);
  assertEquals(codes("JanaNova2026!!"), ["passwordTooWeak"]);
  assertEquals(codes("aaaaaaaaaaaaaaa"), ["passwordTooWeak"]);
  assertEquals(codes("Zelene-jablko-na-strome", "jine"), ["passwordMismatch"]);
  assertEquals(codes("Zelene-jablko-na-strome"), []);
});

Deno.test("[identity] levels of assurance are ordered low < substantial < high", () => {
  assert(loaAtLeast("high", "substantial"));
  assert(!loaAtLeast("low", "substantial"));
  assert(!loaAtLeast(null, "low"));
});

Deno.test("[pairing] an identity may join an account only when e-mail, phone and names match", () => {
  const local = {
    givenName: "Marie",
    familyName: "Procházková",
    verifiedEmail: "marie.prochazkova@example.cz",
    verifiedPhone: "+420777333444",
  };
  assert(sameName("Procházková", "PROCHAZKOVA"));
  assert(
    canOfferPairing(local, {
      givenName: "MARIE",
      familyName: "Prochazkova",
      email: "Marie.Prochazkova@example.cz",
    }),
  );
  assert(
    !canOfferPairing(local, {
      givenName: "Marie",
      familyName: "Nováková",
      email: "marie.prochazkova@example.cz",
    }),
  );
  assert(!canOfferPairing(local, { givenName: "Marie", familyName: "Procházková", email: null }));
  assert(
    !canOfferPairing({ ...local, verifiedPhone: null }, {
      givenName: "Marie",
      familyName: "Procházková",
      email: "marie.prochazkova@example.cz",
    }),
  );
});

Deno.test("[identity] every spelling of one sign-in identifier gives one rate-limit key", () => {
  const phone = [
    "777333444",
    "777 333 444",
    "+420 777 333 444",
    "+420777333444",
    "00420777333444",
    "00420 777-333-444",
    " (+420) 777 333 444 ",
  ];
  for (const spelling of phone) {
    assertEquals(normalizeLoginIdentifier(spelling), "phone:+420777333444", spelling);
  }
  assertEquals(
    normalizeLoginIdentifier(" Jana.Novakova@Example.CZ "),
    "email:jana.novakova@example.cz",
  );
  assertEquals(normalizeLoginIdentifier("Jana.Novakova.1234"), "name:jana.novakova.1234");
  // A resolved account wins over however it was named: user name, e-mail and phone share it.
  const account = { kind: "person", id: "0b8f6f1e-9d1c-4e59-9a53-0c4f1f6b2a11" } as const;
  for (const identifier of [...phone, "jana.novakova.1234", "JANA@example.cz"]) {
    assertEquals(loginRateKey(account, identifier), `person:${account.id}`);
  }
  assertEquals(loginRateKey({ kind: "clerk", id: "c1" }, "urednik"), "clerk:c1");
  assertEquals(loginRateKey(null, "00420777333444"), loginRateKey(null, "777 333 444"));
});

Deno.test("[identity] a one-time code is read with the separators people type or paste", () => {
  for (const typed of ["560327", "560 327", " 560 327 ", "560-327", "560\u00a0327", "560.327"]) {
    assertEquals(normalizeCode(typed), "560327", JSON.stringify(typed));
  }
  assertEquals(normalizeCode("5 6 0 – 3 2 7"), "560327");
  assertEquals(normalizeCode("５６０３２７"), "560327"); // full-width digits
  assertEquals(normalizeCode("56O327"), "56O327"); // a letter stays: the check refuses it
});
