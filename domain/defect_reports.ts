/**
 * Defect reports (hlášení závady) as pure rules: the report's states and which step may move it
 * where, what a triage, a resolution and a reopening must carry, how long the reporter may
 * reopen a resolved report, and what of a report the public may see (a category, a street-level
 * place, coordinates rounded to about 100 m — never the reporter, the description or the house
 * number). Photos are never public: a reporter consents to sharing a location with the office,
 * not a picture with everyone.
 */
import { checkText, type FieldError } from "./validation.ts";
import type { CaseState } from "./cases.ts";
import { readGpsLocation, stripImageMetadata } from "./images.ts";

export type DefectStatus = "new" | "assigned" | "resolved" | "rejected" | "closed";

export const DEFECT_STATUSES: readonly DefectStatus[] = [
  "new",
  "assigned",
  "resolved",
  "rejected",
  "closed",
];

export function isDefectStatus(value: unknown): value is DefectStatus {
  return typeof value === "string" && (DEFECT_STATUSES as readonly string[]).includes(value);
}

export type TriageOutcome = "accept" | "notDefect" | "duplicate";
export const TRIAGE_OUTCOMES: readonly TriageOutcome[] = ["accept", "notDefect", "duplicate"];

export function isTriageOutcome(value: unknown): value is TriageOutcome {
  return typeof value === "string" && (TRIAGE_OUTCOMES as readonly string[]).includes(value);
}

/** A clerk of the agenda triages a new report (or one reopened by its reporter). */
export function mayTriage(status: DefectStatus): boolean {
  return status === "new";
}

/** The department resolves a report assigned to it. */
export function mayResolve(status: DefectStatus): boolean {
  return status === "assigned";
}

/** The reporter reopens a resolved report until the window closes. */
export function mayReopen(status: DefectStatus, reopenUntil: Date | null, now: Date): boolean {
  return status === "resolved" && reopenUntil !== null && now.getTime() < reopenUntil.getTime();
}

/** Days the reporter may reopen a resolved report. */
export const REOPEN_DAYS = 30;
export const REOPEN_WINDOW_MS = REOPEN_DAYS * 86_400_000;

export const DEFECT_TEXT_MAX = 2000;

/** An acceptance names a department; a rejection (not a defect, a duplicate) gives a reason. */
export function checkTriage(
  outcome: TriageOutcome,
  input: { departmentId: string; reason: string },
): FieldError[] {
  const errors: FieldError[] = [];
  if (outcome === "accept") {
    if (!input.departmentId) errors.push({ field: "department", code: "required" });
  } else checkText(errors, "reason", input.reason, { required: true, max: DEFECT_TEXT_MAX });
  return errors;
}

export function checkResolution(note: string): FieldError[] {
  const errors: FieldError[] = [];
  checkText(errors, "note", note, { required: true, max: DEFECT_TEXT_MAX });
  return errors;
}

export function checkReopen(reason: string): FieldError[] {
  const errors: FieldError[] = [];
  checkText(errors, "reason", reason, { required: true, max: DEFECT_TEXT_MAX });
  return errors;
}

/** The kit's case state (queue, the citizen's list) for a report's status. */
export function caseStateOf(status: DefectStatus): CaseState {
  return status === "new" || status === "assigned"
    ? "filed"
    : status === "rejected"
    ? "rejected"
    : "closed";
}

/** The timeline's kinds of a defect report's steps (`cases.event.<kind>`). */
export type DefectEventKind = "triaged" | "rejected" | "resolved" | "reopened" | "closed";

export function defectEventKey(
  caseId: string,
  kind: DefectEventKind,
  discriminator: string | number,
) {
  return `case/${caseId}:${kind}:${discriminator}`;
}

// ---------------------------------------------------------------------------------------------
// What the public sees

/** Three decimals: about 110 m north–south, 70 m east–west here; never a front door. */
export function roundCoordinate(value: number): number {
  return Math.round(value * 1000) / 1000;
}

export interface PublicFacts {
  category: string;
  /** Street and town, never a house number; null for a report given by coordinates only. */
  place: string | null;
  latitude: number | null;
  longitude: number | null;
}

function str(value: unknown): string {
  return typeof value === "string" ? value.trim() : "";
}

function num(value: unknown): number | null {
  const n = typeof value === "number"
    ? value
    : typeof value === "string" && value.trim()
    ? Number(value.replace(",", "."))
    : NaN;
  return Number.isFinite(n) ? n : null;
}

/** The public facts of filed values: category, street-level place, rounded coordinates. */
export function publicFacts(values: Record<string, unknown>): PublicFacts {
  const address = values.address && typeof values.address === "object"
    ? values.address as Record<string, unknown>
    : {};
  const place = [str(address.street), str(address.town)].filter(Boolean).join(", ") || null;
  const lat = num(values.latitude);
  const lon = num(values.longitude);
  const hasCoords = lat !== null && lon !== null && Math.abs(lat) <= 90 && Math.abs(lon) <= 180;
  return {
    category: str(values.category) || "jine",
    place: place ? place.slice(0, 200) : null,
    latitude: hasCoords ? roundCoordinate(lat) : null,
    longitude: hasCoords ? roundCoordinate(lon) : null,
  };
}

/** The public list's page size. */
export const DEFECT_PAGE_SIZE = 20;

// ---------------------------------------------------------------------------------------------
// Photos

function ticked(value: unknown): boolean {
  return value === true || value === "on" || value === "true";
}

/**
 * A photo of a report before it is stored: its metadata (GPS EXIF, camera serial, XMP…) always
 * stripped; when the reporter ticked "sdílet polohu z fotografií" and gave no coordinates, the
 * photo's GPS position becomes the report's coordinates (`locationFromPhoto`). A format the
 * stripper cannot parse is stored as it came and never shown publicly; the form accepts only
 * JPEG and PNG, whose metadata it strips.
 */
export function prepareDefectPhoto(
  file: { mediaType: string; bytes: Uint8Array },
  raw: Record<string, unknown>,
): { bytes: Uint8Array; values?: Record<string, unknown> } {
  if (!file.mediaType.startsWith("image/")) return { bytes: file.bytes };
  const location = ticked(raw.shareLocation) ? readGpsLocation(file.bytes) : null;
  const stripped = stripImageMetadata(file.bytes);
  const bytes = stripped.ok ? stripped.bytes : file.bytes;
  const given = raw.placeKind === "coordinates" && str(raw.latitude) !== "" &&
    str(raw.longitude) !== "";
  if (!location || given) return { bytes };
  const round7 = (x: number) => Math.round(x * 1e7) / 1e7;
  return {
    bytes,
    values: {
      latitude: round7(location.latitude),
      longitude: round7(location.longitude),
      locationFromPhoto: true,
    },
  };
}
