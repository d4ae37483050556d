import assert from "node:assert/strict";
import {
  buildUredniDeska,
  OFN_CONTENT_TYPE,
  OFN_UREDNI_DESKA_CONTEXT,
  type OfnNoticeBoardInput,
  toIanaMediaTypeIri,
  toOfnTimeInstant,
} from "./ofn.ts";
import { pragueStartOfDay } from "./time.ts";
import { OFN_OFFICIAL_EXAMPLES, readOfnFixture, validateUredniDeska } from "../tests/ofn_schema.ts";

const BOARD: OfnNoticeBoardInput = {
  boardIri: "https://horni-lhota.example/uredni-deska.jsonld",
  boardPageUrl: "https://horni-lhota.example/uredni-deska",
  authorityIco: "00231223",
  authorityName: "Obec Horní Lhota",
  notices: [
    {
      iri: "https://horni-lhota.example/uredni-deska/2026-41",
      pageUrl: "https://horni-lhota.example/uredni-deska/2026-41",
      title: "Oznámení o době a místě konání voleb do zastupitelstva obce",
      description: "Volby se konají v pátek a v sobotu ve volební místnosti na obecním úřadě.",
      referenceNumber: "OÚ/412/2026",
      fileNumber: "SZ-OÚ/37/2026",
      agenda: "volby",
      postedAt: new Date("2026-07-15T08:30:00Z"), // 10:30 CEST
      relevantUntil: pragueStartOfDay("2026-10-10"),
      documents: [
        {
          title: "Oznámení starosty (podepsáno)",
          url: "https://horni-lhota.example/soubory/2026-41/oznámení.pdf",
          mediaType: "application/pdf",
        },
        {
          title: "Příloha – mapa volebního okrsku",
          url: "https://horni-lhota.example/soubory/2026-41/mapa.png",
          mediaType: "image/png; charset=binary",
        },
      ],
    },
    {
      iri: "https://horni-lhota.example/uredni-deska/2026-3",
      pageUrl: "https://horni-lhota.example/uredni-deska/2026-3",
      title: "Obecně závazná vyhláška č. 1/2026 o místním poplatku ze psů",
      description: null,
      referenceNumber: null,
      agenda: null,
      postedAt: new Date("2026-01-20T13:05:00Z"), // 14:05 CET
      relevantUntil: null,
      documents: [],
    },
    {
      iri: "https://horni-lhota.example/uredni-deska/2026-12",
      pageUrl: "https://horni-lhota.example/uredni-deska/2026-12",
      title: "Záměr obce pronajmout část pozemku p. č. 125/3 v k. ú. Horní Lhota",
      postedAt: pragueStartOfDay("2026-03-02"),
      relevantUntil: new Date("2026-03-29T01:00:00Z"), // 03:00 CEST, the first summer instant
      documents: [{ title: "Snímek katastrální mapy", url: "https://horni-lhota.example/s/125-3" }],
    },
  ],
};

Deno.test("[ofn] the four official examples validate", async () => {
  assert.equal(OFN_OFFICIAL_EXAMPLES.length, 4);
  for (const example of OFN_OFFICIAL_EXAMPLES) {
    const result = validateUredniDeska(await readOfnFixture(example));
    assert.deepEqual(result, { valid: true, errors: [] }, example);
  }
});

Deno.test("[ofn] the portal's notice board validates against the official schema", () => {
  const doc = buildUredniDeska(BOARD);
  const result = validateUredniDeska(doc);
  assert.deepEqual(result.errors, []);
  assert.equal(result.valid, true);
  // and so does its JSON serialization, which is what /uredni-deska actually sends
  assert.equal(validateUredniDeska(JSON.parse(JSON.stringify(doc))).valid, true);
});

Deno.test("[ofn] an empty notice board validates", () => {
  assert.equal(validateUredniDeska(buildUredniDeska({ ...BOARD, notices: [] })).valid, true);
});

Deno.test("[ofn] the board and a notice carry the OFN field names and values", () => {
  const doc = buildUredniDeska(BOARD);
  assert.equal(
    doc["@context"],
    "https://ofn.gov.cz/úřední-desky/2021-07-20/kontexty/úřední-deska.jsonld",
  );
  assert.equal(doc["@context"], OFN_UREDNI_DESKA_CONTEXT);
  assert.equal(doc.typ, "Úřední deska");
  assert.equal(doc.iri, BOARD.boardIri);
  assert.equal(doc.stránka, BOARD.boardPageUrl);
  assert.deepEqual(doc.provozovatel, {
    typ: "Osoba",
    ičo: "00231223",
    název: { cs: "Obec Horní Lhota" },
  });
  assert.equal(doc.informace.length, 3);

  const [summer, winter, dateOnly] = doc.informace;
  assert.deepEqual(summer, {
    typ: ["Digitální objekt", "Informace na úřední desce"],
    iri: "https://horni-lhota.example/uredni-deska/2026-41",
    url: "https://horni-lhota.example/uredni-deska/2026-41",
    název: { cs: "Oznámení o době a místě konání voleb do zastupitelstva obce" },
    popis: { cs: "Volby se konají v pátek a v sobotu ve volební místnosti na obecním úřadě." },
    vyvěšení: { typ: "Časový okamžik", datum_a_čas: "2026-07-15T10:30:00+02:00" },
    relevantní_do: { typ: "Časový okamžik", datum: "2026-10-10" },
    číslo_jednací: "OÚ/412/2026",
    spisová_značka: "SZ-OÚ/37/2026",
    agenda: [{ typ: "Agenda", název: { cs: "volby" } }],
    dokument: [
      {
        typ: "Digitální objekt",
        název: { cs: "Oznámení starosty (podepsáno)" },
        url: "https://horni-lhota.example/soubory/2026-41/oznámení.pdf",
        typ_média: "http://www.iana.org/assignments/media-types/application/pdf",
      },
      {
        typ: "Digitální objekt",
        název: { cs: "Příloha – mapa volebního okrsku" },
        url: "https://horni-lhota.example/soubory/2026-41/mapa.png",
        typ_média: "http://www.iana.org/assignments/media-types/image/png",
      },
    ],
  });
  assert.ok("datum_a_čas" in summer.vyvěšení && summer.vyvěšení.datum_a_čas.endsWith("+02:00"));

  assert.deepEqual(winter.vyvěšení, {
    typ: "Časový okamžik",
    datum_a_čas: "2026-01-20T14:05:00+01:00",
  });
  assert.ok(
    "nespecifikovaný" in winter.relevantní_do && winter.relevantní_do.nespecifikovaný === true,
  );
  for (const absent of ["popis", "číslo_jednací", "spisová_značka", "agenda", "dokument"]) {
    assert.equal(absent in winter, false, absent);
  }

  assert.deepEqual(dateOnly.vyvěšení, { typ: "Časový okamžik", datum: "2026-03-02" });
  assert.deepEqual(dateOnly.relevantní_do, {
    typ: "Časový okamžik",
    datum_a_čas: "2026-03-29T03:00:00+02:00",
  });
  assert.deepEqual(dateOnly.dokument, [{
    typ: "Digitální objekt",
    název: { cs: "Snímek katastrální mapy" },
    url: "https://horni-lhota.example/s/125-3",
  }]);
});

Deno.test("[ofn] time instants: Prague midnight is a date, other instants keep time and offset", () => {
  assert.deepEqual(toOfnTimeInstant(null), { typ: "Časový okamžik", nespecifikovaný: true });
  // midnight in Prague is 22:00 or 23:00 UTC the day before
  assert.deepEqual(toOfnTimeInstant(new Date("2026-07-14T22:00:00Z")), {
    typ: "Časový okamžik",
    datum: "2026-07-15",
  });
  assert.deepEqual(toOfnTimeInstant(new Date("2026-01-14T23:00:00Z")), {
    typ: "Časový okamžik",
    datum: "2026-01-15",
  });
  // UTC midnight is not Prague midnight: kept as a moment, not moved to another day
  assert.deepEqual(toOfnTimeInstant(new Date("2026-01-15T00:00:00Z")), {
    typ: "Časový okamžik",
    datum_a_čas: "2026-01-15T01:00:00+01:00",
  });
  assert.deepEqual(toOfnTimeInstant(new Date("2026-10-25T01:30:00Z")), {
    typ: "Časový okamžik",
    datum_a_čas: "2026-10-25T02:30:00+01:00",
  });
});

// A document being deliberately broken: any shape may be written into it.
// deno-lint-ignore no-explicit-any
type Tampered = any;

Deno.test("[ofn] the validator rejects broken documents", () => {
  const broken = (mutate: (doc: Tampered) => void) => {
    const doc = JSON.parse(JSON.stringify(buildUredniDeska(BOARD)));
    mutate(doc);
    return validateUredniDeska(doc);
  };
  const cases: [string, (doc: Tampered) => void][] = [
    ["notice without název", (doc) => delete doc.informace[0].název],
    ["vyvěšení as a plain string", (doc) => (doc.informace[1].vyvěšení = "2026-01-20")],
    ["relevantní_do missing", (doc) => delete doc.informace[2].relevantní_do],
    ["datum that is not a date", (doc) => (doc.informace[0].relevantní_do.datum = "10. 10. 2026")],
    ["datum_a_čas without an offset", (doc) => {
      doc.informace[0].vyvěšení.datum_a_čas = "2026-07-15T10:30:00";
    }],
    [
      "both datum and nespecifikovaný",
      (doc) => (doc.informace[1].relevantní_do.datum = "2026-12-31"),
    ],
    ["item typ not an array", (doc) => (doc.informace[0].typ = "Informace na úřední desce")],
    [
      "item typ without Digitální objekt",
      (doc) => (doc.informace[0].typ = ["Informace na úřední desce"]),
    ],
    [
      "wrong @context",
      (
        doc,
      ) => (doc["@context"] =
        "https://ofn.gov.cz/úřední-desky/2020-07-01/kontexty/úřední-deska.jsonld"),
    ],
    ["provozovatel without ičo", (doc) => delete doc.provozovatel.ičo],
    ["IČO of 7 digits", (doc) => (doc.provozovatel.ičo = "0231223")],
    ["stránka that is not an IRI", (doc) => (doc.stránka = "uredni deska")],
    ["dokument without typ", (doc) => delete doc.informace[0].dokument[0].typ],
    [
      "typ_média not an IANA IRI",
      (doc) => (doc.informace[0].dokument[0].typ_média = "application/pdf"),
    ],
    ["název with a number", (doc) => (doc.informace[0].název = { cs: 41 })],
  ];
  for (const [label, mutate] of cases) {
    const result = broken(mutate);
    assert.equal(result.valid, false, label);
    assert.ok(result.errors.length > 0, label);
  }
  const missingTitle = broken((doc) => delete doc.informace[0].název);
  assert.ok(missingTitle.errors.some((e) => e.startsWith("/informace/0 ") && e.includes("název")));
});

Deno.test("[ofn] media types become IANA IRIs; the JSON-LD content type is fixed", () => {
  assert.equal(OFN_CONTENT_TYPE, "application/ld+json; charset=utf-8");
  assert.equal(
    toIanaMediaTypeIri("Application/PDF; charset=binary"),
    "http://www.iana.org/assignments/media-types/application/pdf",
  );
  assert.equal(
    toIanaMediaTypeIri("application/vnd.oasis.opendocument.text"),
    "http://www.iana.org/assignments/media-types/application/vnd.oasis.opendocument.text",
  );
  assert.equal(toIanaMediaTypeIri("pdf"), null);
});

Deno.test("[ofn] an invalid IČO or date is refused when building", () => {
  assert.throws(() => buildUredniDeska({ ...BOARD, authorityIco: "1234567" }), RangeError);
  assert.throws(
    () =>
      buildUredniDeska({
        ...BOARD,
        notices: [{ ...BOARD.notices[0], postedAt: new Date("not a date") }],
      }),
    RangeError,
  );
});
