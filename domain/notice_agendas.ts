/**
 * The notice board's agendas as a code list per town (issue 10 item 4): a clerk picks a notice's
 * agenda from the town's list, so a typo can no longer become a filter option of the public
 * board. Each agenda has an ASCII `code` (what the form posts, never changes) and a `name` (what
 * people read; a rename follows on the notices that carry it). The list is shown in Czech order.
 */
import { checkText, cleanText, type FieldError } from "./validation.ts";
import { sortCs } from "./search.ts";

export interface NoticeAgenda {
  code: string;
  name: string;
  active: boolean;
}

export const AGENDA_NAME_MAX = 100;

/** What a town starts with (both demo towns; an admin adds, renames and retires them). */
export const DEFAULT_AGENDAS: readonly string[] = [
  "Územní plánování",
  "Stavební úřad",
  "Životní prostředí",
  "Odpady",
  "Rozpočet a finance",
  "Zastupitelstvo",
  "Vyhlášky a nařízení",
  "Volby",
  "Majetek obce",
  "Doprava",
  "Sociální věci",
  "Školství",
  "Kultura a sport",
  "Krizové řízení",
  "Personální",
  "Oznámení jiných úřadů",
  "Ostatní",
];

const CODE = /^[a-z0-9][a-z0-9-]{0,59}$/;

/** Whether `text` has the shape of an agenda code (`uzemni-planovani`). */
export function isAgendaCode(text: string): boolean {
  return CODE.test(text);
}

/** The code made from a name: "Územní plánování" → "uzemni-planovani". */
export function agendaCode(name: string): string {
  const ascii = name.normalize("NFD").replace(/\p{M}+/gu, "").toLowerCase()
    .replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "").slice(0, 50).replace(/-+$/, "");
  return ascii || "agenda";
}

/** A code not in `taken`: the name's, else with `-2`, `-3`… */
export function freeAgendaCode(name: string, taken: ReadonlySet<string>): string {
  const base = agendaCode(name);
  let code = base;
  for (let n = 2; taken.has(code); n++) code = `${base}-${n}`;
  return code;
}

/** The agendas in Czech order of their names ("Ch" after "H", "Ú" with "U"). */
export function sortAgendas<T extends { name: string }>(agendas: readonly T[]): T[] {
  return sortCs(agendas, (a) => a.name);
}

export type AgendaErrorCode = "required" | "tooLong" | "htmlNotAllowed" | "agendaNameTaken";

/**
 * A new or changed agenda name: required, at most 100 characters, no markup, and not the name
 * of another agenda of the town (case ignored). `others` are the town's other agendas.
 */
export function validateAgendaName(
  value: FormDataEntryValue | null,
  others: readonly { name: string }[],
): { ok: true; name: string } | { ok: false; errors: FieldError<string>[] } {
  const name = cleanText(value).replace(/\s+/gu, " ");
  const errors: FieldError<string>[] = [];
  checkText(errors, "name", name, { required: true, max: AGENDA_NAME_MAX });
  if (errors.length === 0 && others.some((o) => o.name.toLowerCase() === name.toLowerCase())) {
    errors.push({ field: "name", code: "agendaNameTaken" });
  }
  return errors.length ? { ok: false, errors } : { ok: true, name };
}

/**
 * The notice form's agenda: empty (none), or the code of one of the town's active agendas,
 * which gives the name the notice keeps. Anything else is `invalidChoice`.
 */
export function resolveAgendaChoice(
  value: FormDataEntryValue | null,
  agendas: readonly NoticeAgenda[],
): { ok: true; name: string | null } | { ok: false; error: FieldError } {
  const code = cleanText(value);
  if (code === "") return { ok: true, name: null };
  const agenda = agendas.find((a) => a.active && a.code === code);
  return agenda
    ? { ok: true, name: agenda.name }
    : { ok: false, error: { field: "agenda", code: "invalidChoice" } };
}
