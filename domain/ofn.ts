/**
 * The town's official notice board (úřední deska) in the open formal norm
 * OFN "Úřední desky" 2021-07-20 (§5a of Act 106/1999), as JSON-LD.
 *
 * Pure: no I/O, runs in Deno and Node. The official schema set lives in `tests/fixtures/ofn/`;
 * `tests/ofn_schema.ts` validates what this module builds.
 *
 * Mapping from the portal's notice to an "Informace na úřední desce":
 *
 * | input | OFN property |
 * | --- | --- |
 * | `iri` | `iri` |
 * | `pageUrl` | `url` (the notice as a digital object: its human page) |
 * | `title` | `název.cs` |
 * | `description` | `popis.cs` (the schema has no `anotace`; `popis` is the inherited Věc text) |
 * | `referenceNumber` | `číslo_jednací` |
 * | `fileNumber` | `spisová_značka` (spisová značka spisu; there is no `spis` property) |
 * | `agenda` | `agenda[0]` = `{ typ: "Agenda", název: { cs } }` |
 * | `postedAt` | `vyvěšení` (time instant, see {@link toOfnTimeInstant}) |
 * | `relevantUntil` | `relevantní_do`; `null` → `{ nespecifikovaný: true }` |
 * | `documents[]` | `dokument[]` = `{ typ: "Digitální objekt", název: { cs }, url, typ_média? }` |
 *
 * Time instants: an instant that is exactly 00:00:00.000 in Europe/Prague is a date-only value
 * and is written as `datum` (`YYYY-MM-DD`, as all four official examples do); any other instant
 * is written as `datum_a_čas` with its Prague offset (`2026-07-15T10:30:00+02:00`). Both forms
 * denote the same instant the portal stored (a `datum` means Prague midnight of that day), so
 * nothing is lost and no moment is moved to another day.
 */
import { formatPragueDate, formatPragueDateTime, isPragueMidnight } from "./time.ts";

/** Media type of the published JSON-LD (`Content-Type` of `/uredni-deska` as JSON-LD). */
export const OFN_CONTENT_TYPE = "application/ld+json; charset=utf-8";

/** The `@context` the 2021-07-20 schema requires (a `const`). */
export const OFN_UREDNI_DESKA_CONTEXT =
  "https://ofn.gov.cz/úřední-desky/2021-07-20/kontexty/úřední-deska.jsonld";

export interface OfnNoticeBoardInput {
  /** IRI of the board itself, e.g. "https://horni-lhota.example/uredni-deska.jsonld". */
  boardIri: string;
  /** The human page of the board, e.g. "https://horni-lhota.example/uredni-deska". */
  boardPageUrl: string;
  /** IČO of the municipality, 8 digits. */
  authorityIco: string;
  /** e.g. "Obec Horní Lhota". */
  authorityName: string;
  notices: OfnNotice[];
}

export interface OfnNoticeDocument {
  title: string;
  /** Absolute URL of the file. */
  url: string;
  /** e.g. "application/pdf"; written as the IANA IRI the schema requires. */
  mediaType?: string;
}

export interface OfnNotice {
  /** Canonical URL of the notice detail page. */
  iri: string;
  pageUrl: string;
  title: string;
  description?: string | null;
  referenceNumber?: string | null;
  fileNumber?: string | null;
  agenda?: string | null;
  postedAt: Date;
  /** `null`: relevant until further notice. */
  relevantUntil: Date | null;
  documents: OfnNoticeDocument[];
}

/** Multilingual text (Text); the portal publishes Czech. */
export interface OfnText {
  cs: string;
  [lang: string]: string;
}

/** Časový okamžik: a date, a date with time and offset, or unspecified. */
export type OfnTimeInstant =
  | { typ: "Časový okamžik"; datum: string }
  | { typ: "Časový okamžik"; datum_a_čas: string }
  | { typ: "Časový okamžik"; nespecifikovaný: true };

export interface OfnDigitalObject {
  typ: "Digitální objekt";
  název: OfnText;
  url: string;
  typ_média?: string;
}

export interface OfnAgenda {
  typ: "Agenda";
  název: OfnText;
}

export interface OfnNoticeItem {
  typ: ["Digitální objekt", "Informace na úřední desce"];
  iri: string;
  url: string;
  název: OfnText;
  popis?: OfnText;
  vyvěšení: OfnTimeInstant;
  relevantní_do: OfnTimeInstant;
  číslo_jednací?: string;
  spisová_značka?: string;
  agenda?: OfnAgenda[];
  dokument?: OfnDigitalObject[];
}

export interface OfnUredniDeska {
  "@context": typeof OFN_UREDNI_DESKA_CONTEXT;
  typ: "Úřední deska";
  iri: string;
  stránka: string;
  provozovatel: { typ: "Osoba"; ičo: string; název: OfnText };
  informace: OfnNoticeItem[];
}

const IANA_MEDIA_TYPES = "http://www.iana.org/assignments/media-types/";
const MEDIA_TYPE = /^[a-z0-9][a-z0-9!#$&^_.+-]*\/[a-z0-9][a-z0-9!#$&^_.+-]*$/;

/** "application/pdf; charset=…" → "http://www.iana.org/assignments/media-types/application/pdf". */
export function toIanaMediaTypeIri(mediaType: string): string | null {
  const trimmed = mediaType.trim();
  if (trimmed.startsWith(IANA_MEDIA_TYPES)) return trimmed;
  const essence = trimmed.split(";")[0].trim().toLowerCase();
  return MEDIA_TYPE.test(essence) ? IANA_MEDIA_TYPES + essence : null;
}

/**
 * A time instant as OFN writes it: `null` → `nespecifikovaný: true`; Prague midnight →
 * `datum`; anything else → `datum_a_čas` with the Europe/Prague offset.
 */
export function toOfnTimeInstant(d: Date | null): OfnTimeInstant {
  if (d === null) return { typ: "Časový okamžik", nespecifikovaný: true };
  return isPragueMidnight(d)
    ? { typ: "Časový okamžik", datum: formatPragueDate(d) }
    : { typ: "Časový okamžik", datum_a_čas: formatPragueDateTime(d) };
}

function text(value: string | null | undefined): string | null {
  const trimmed = value?.trim();
  return trimmed ? trimmed : null;
}

function toItem(notice: OfnNotice): OfnNoticeItem {
  const item: OfnNoticeItem = {
    typ: ["Digitální objekt", "Informace na úřední desce"],
    iri: notice.iri,
    url: notice.pageUrl,
    název: { cs: notice.title },
    vyvěšení: toOfnTimeInstant(notice.postedAt),
    relevantní_do: toOfnTimeInstant(notice.relevantUntil),
  };
  const description = text(notice.description);
  if (description) item.popis = { cs: description };
  const referenceNumber = text(notice.referenceNumber);
  if (referenceNumber) item.číslo_jednací = referenceNumber;
  const fileNumber = text(notice.fileNumber);
  if (fileNumber) item.spisová_značka = fileNumber;
  const agenda = text(notice.agenda);
  if (agenda) item.agenda = [{ typ: "Agenda", název: { cs: agenda } }];
  if (notice.documents.length > 0) {
    item.dokument = notice.documents.map((doc) => {
      const object: OfnDigitalObject = {
        typ: "Digitální objekt",
        název: { cs: doc.title },
        url: doc.url,
      };
      const mediaTypeIri = doc.mediaType ? toIanaMediaTypeIri(doc.mediaType) : null;
      if (mediaTypeIri) object.typ_média = mediaTypeIri;
      return object;
    });
  }
  return item;
}

/**
 * The notice board as an OFN "Úřední desky" 2021-07-20 JSON-LD document, notices in the given
 * order. Throws a RangeError for an IČO that is not 8 digits or an invalid Date (programming
 * errors: the portal stores both validated).
 */
export function buildUredniDeska(input: OfnNoticeBoardInput): OfnUredniDeska {
  if (!/^[0-9]{8}$/.test(input.authorityIco)) {
    throw new RangeError(`IČO must be 8 digits: ${input.authorityIco}`);
  }
  return {
    "@context": OFN_UREDNI_DESKA_CONTEXT,
    typ: "Úřední deska",
    iri: input.boardIri,
    stránka: input.boardPageUrl,
    provozovatel: { typ: "Osoba", ičo: input.authorityIco, název: { cs: input.authorityName } },
    informace: input.notices.map(toItem),
  };
}
