/**
 * The town's finances as open data (issue 12): invoices of a year, contracts, orders and the
 * budget of a year as JSON at stable URLs (`/opendata/faktury/<rok>.json`,
 * `/opendata/smlouvy.json`, `/opendata/objednavky.json`, `/opendata/rozpocet/<rok>.json`), each
 * described by a JSON Schema (draft 2020-12) at `/opendata/schema/<name>.json`.
 *
 * Keys are Czech without diacritics. Amounts are numbers in Czech crowns (Kč) with at most two
 * decimal places (the database keeps integer haléře; `castka = halere / 100`), dates are
 * `YYYY-MM-DD`. A natural person without an IČO is never named: `dodavatel` is then
 * `{ "ico": null, "nazev": null, "fyzicka_osoba": true }`.
 */

export const OPEN_DATA_NAMES = ["faktury", "smlouvy", "objednavky", "rozpocet"] as const;
export type OpenDataName = typeof OPEN_DATA_NAMES[number];

export function isOpenDataName(name: string): name is OpenDataName {
  return (OPEN_DATA_NAMES as readonly string[]).includes(name);
}

/** Haléře as Kč with two decimals (a JSON number). */
export function crowns(halere: number): number {
  return Math.round(halere) / 100;
}

const nullableString = { type: ["string", "null"] };
const amount = {
  type: "number",
  multipleOf: 0.01,
  description: "Částka v Kč, nejvýše dvě desetinná místa.",
};
const nullableAmount = { ...amount, type: ["number", "null"] };
const isoDate = { type: "string", format: "date" };
const party = {
  type: "object",
  required: ["ico", "nazev", "fyzicka_osoba"],
  additionalProperties: false,
  description:
    "Dodavatel nebo smluvní strana. Fyzická osoba bez IČO se nejmenuje (ico a nazev jsou null).",
  properties: {
    ico: { type: ["string", "null"], pattern: "^[0-9]{8}$" },
    nazev: nullableString,
    fyzicka_osoba: { type: "boolean" },
  },
};
const publisher = {
  type: "object",
  required: ["ico", "nazev"],
  properties: { ico: { type: "string" }, nazev: { type: "string" } },
};

function envelope(
  name: OpenDataName,
  origin: string,
  title: string,
  item: Record<string, unknown>,
  extra: Record<string, unknown> = {},
) {
  return {
    $schema: "https://json-schema.org/draft/2020-12/schema",
    $id: `${origin}/opendata/schema/${name}.json`,
    title,
    type: "object",
    required: ["nazev", "poskytovatel", "mena", "polozky", ...Object.keys(extra)],
    properties: {
      $schema: { type: "string", format: "uri" },
      nazev: { type: "string" },
      poskytovatel: publisher,
      mena: { const: "CZK" },
      ...extra,
      polozky: { type: "array", items: item },
    },
  };
}

/** The JSON Schema of a data set. */
export function openDataSchema(name: OpenDataName, origin: string) {
  const year = { rok: { type: "integer", minimum: 1990, maximum: 2100 } };
  switch (name) {
    case "faktury":
      return envelope(name, origin, "Faktury obce za rok", {
        type: "object",
        required: [
          "id",
          "datum",
          "druh",
          "cislo_dokladu",
          "dodavatel",
          "popis",
          "paragraf",
          "polozka",
          "orj",
          "org",
          "castka",
        ],
        properties: {
          id: { type: "string" },
          datum: isoDate,
          druh: {
            enum: ["prijata", "vydana"],
            description: "prijata = přijatá faktura (KDF), vydana = vydaná faktura (KOF)",
          },
          cislo_dokladu: nullableString,
          dodavatel: party,
          popis: nullableString,
          paragraf: { type: "string", pattern: "^[0-9]{4}$" },
          polozka: { type: "string", pattern: "^[0-9]{4}$" },
          orj: nullableString,
          org: nullableString,
          castka: amount,
        },
      }, year);
    case "smlouvy":
      return envelope(name, origin, "Smlouvy obce", {
        type: "object",
        required: [
          "id",
          "id_verze_registru",
          "predmet",
          "datum_uzavreni",
          "cislo_smlouvy",
          "hodnota_bez_dph",
          "hodnota_s_dph",
          "smluvni_strana",
          "odkaz",
          "url_registru",
        ],
        properties: {
          id: { type: "string", format: "uuid" },
          id_verze_registru: { type: "string" },
          predmet: { type: "string" },
          datum_uzavreni: { type: ["string", "null"], format: "date" },
          cislo_smlouvy: nullableString,
          hodnota_bez_dph: nullableAmount,
          hodnota_s_dph: nullableAmount,
          smluvni_strana: party,
          odkaz: { type: "string", format: "uri" },
          url_registru: { type: ["string", "null"], format: "uri" },
        },
      });
    case "objednavky":
      return envelope(name, origin, "Objednávky obce", {
        type: "object",
        required: ["id", "cislo", "datum", "predmet", "castka", "dodavatel"],
        properties: {
          id: { type: "string", format: "uuid" },
          cislo: { type: "string" },
          datum: isoDate,
          predmet: { type: "string" },
          castka: nullableAmount,
          dodavatel: party,
        },
      });
    case "rozpocet":
      return envelope(name, origin, "Rozpočet obce za rok", {
        type: "object",
        required: [
          "paragraf",
          "paragraf_nazev",
          "polozka",
          "polozka_nazev",
          "strana",
          "orj",
          "org",
          "organizace_ico",
          "schvaleny",
          "po_zmenach",
          "skutecnost",
        ],
        properties: {
          paragraf: { type: "string", pattern: "^[0-9]{4}$" },
          paragraf_nazev: nullableString,
          polozka: { type: "string", pattern: "^[0-9]{4}$" },
          polozka_nazev: nullableString,
          strana: {
            enum: ["prijmy", "vydaje", "financovani"],
            description: "Položka pod 5000 příjmy, 5000–7999 výdaje, od 8000 financování.",
          },
          orj: nullableString,
          org: nullableString,
          organizace_ico: { type: ["string", "null"], pattern: "^[0-9]{8}$" },
          schvaleny: amount,
          po_zmenach: amount,
          skutecnost: amount,
        },
      }, year);
  }
}

export interface Publisher {
  ico: string;
  nazev: string;
}

function partyOf(ico: string | null, name: string | null) {
  return ico === null
    ? { ico: null, nazev: null, fyzicka_osoba: true }
    : { ico, nazev: name, fyzicka_osoba: false };
}

export function invoicesDocument(
  origin: string,
  publisher: Publisher,
  year: number,
  rows: {
    id: string;
    booked_on: string;
    kind: "KDF" | "KOF";
    document: string | null;
    supplier_ico: string | null;
    supplier_name: string | null;
    description: string | null;
    paragraf: string;
    polozka: string;
    orj: string | null;
    org: string | null;
    amount_halere: number;
  }[],
) {
  return {
    $schema: `${origin}/opendata/schema/faktury.json`,
    nazev: `Faktury – ${publisher.nazev} – ${year}`,
    poskytovatel: publisher,
    mena: "CZK",
    rok: year,
    polozky: rows.map((r) => ({
      id: r.id,
      datum: r.booked_on,
      druh: r.kind === "KDF" ? "prijata" : "vydana",
      cislo_dokladu: r.document,
      dodavatel: partyOf(r.supplier_ico, r.supplier_name),
      popis: r.description,
      paragraf: r.paragraf,
      polozka: r.polozka,
      orj: r.orj,
      org: r.org,
      castka: crowns(r.amount_halere),
    })),
  };
}

export function contractsDocument(
  origin: string,
  publisher: Publisher,
  rows: {
    id: string;
    register_id: string;
    subject: string;
    concluded_on: string | null;
    number: string | null;
    value_without_vat_halere: number | null;
    value_with_vat_halere: number | null;
    counterparty_ico: string | null;
    counterparty_name: string | null;
    url: string | null;
  }[],
) {
  return {
    $schema: `${origin}/opendata/schema/smlouvy.json`,
    nazev: `Smlouvy – ${publisher.nazev}`,
    poskytovatel: publisher,
    mena: "CZK",
    polozky: rows.map((r) => ({
      id: r.id,
      id_verze_registru: r.register_id,
      predmet: r.subject,
      datum_uzavreni: r.concluded_on,
      cislo_smlouvy: r.number,
      hodnota_bez_dph: r.value_without_vat_halere === null
        ? null
        : crowns(r.value_without_vat_halere),
      hodnota_s_dph: r.value_with_vat_halere === null ? null : crowns(r.value_with_vat_halere),
      smluvni_strana: partyOf(r.counterparty_ico, r.counterparty_name),
      odkaz: `${origin}/smlouvy/${r.id}`,
      url_registru: r.url,
    })),
  };
}

export function ordersDocument(
  origin: string,
  publisher: Publisher,
  rows: {
    id: string;
    number: string;
    ordered_on: string;
    subject: string;
    amount_halere: number | null;
    supplier_ico: string | null;
    supplier_name: string | null;
  }[],
) {
  return {
    $schema: `${origin}/opendata/schema/objednavky.json`,
    nazev: `Objednávky – ${publisher.nazev}`,
    poskytovatel: publisher,
    mena: "CZK",
    polozky: rows.map((r) => ({
      id: r.id,
      cislo: r.number,
      datum: r.ordered_on,
      predmet: r.subject,
      castka: r.amount_halere === null ? null : crowns(r.amount_halere),
      dodavatel: partyOf(r.supplier_ico, r.supplier_name),
    })),
  };
}

/** The side of the budget a položka belongs to. */
export function budgetSide(polozka: string): "prijmy" | "vydaje" | "financovani" {
  const n = Number(polozka);
  return n < 5000 ? "prijmy" : n < 8000 ? "vydaje" : "financovani";
}

export function budgetDocument(
  origin: string,
  publisher: Publisher,
  year: number,
  rows: {
    paragraf: string;
    paragraf_name: string | null;
    polozka: string;
    polozka_name: string | null;
    orj: string | null;
    org: string | null;
    organisation_ico: string | null;
    approved_halere: number;
    amended_halere: number;
    actual_halere: number;
  }[],
) {
  return {
    $schema: `${origin}/opendata/schema/rozpocet.json`,
    nazev: `Rozpočet – ${publisher.nazev} – ${year}`,
    poskytovatel: publisher,
    mena: "CZK",
    rok: year,
    polozky: rows.map((r) => ({
      paragraf: r.paragraf,
      paragraf_nazev: r.paragraf_name,
      polozka: r.polozka,
      polozka_nazev: r.polozka_name,
      strana: budgetSide(r.polozka),
      orj: r.orj,
      org: r.org,
      organizace_ico: r.organisation_ico,
      schvaleny: crowns(r.approved_halere),
      po_zmenach: crowns(r.amended_halere),
      skutecnost: crowns(r.actual_halere),
    })),
  };
}
