/**
 * The official notice board (úřední deska): what a valid notice is, and its life cycle.
 * Used by the clerk's form handler, the workflow's input, and the public pages.
 */
import {
  checkText,
  cleanText,
  containsHtml,
  type FieldError,
  type Validated,
} from "./validation.ts";
import { parsePragueLocalDateTime } from "./time.ts";
import { type NoticeAgenda, resolveAgendaChoice } from "./notice_agendas.ts";

export { toPragueLocalInput } from "./time.ts";

export const NOTICE_LIMITS = {
  title: 250,
  description: 4000,
  referenceNumber: 60,
  agenda: 100,
  documentName: 200,
  maxDocuments: 10,
  maxDocumentBytes: 10 * 1024 * 1024,
} as const;

/** Attachments an office typically posts; everything else is refused (no executables, no HTML). */
export const DOCUMENT_TYPES: Record<string, string> = {
  pdf: "application/pdf",
  docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  odt: "application/vnd.oasis.opendocument.text",
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  ods: "application/vnd.oasis.opendocument.spreadsheet",
  txt: "text/plain",
  png: "image/png",
  jpg: "image/jpeg",
  jpeg: "image/jpeg",
};

export type NoticeStatus = "scheduled" | "published" | "expired" | "withdrawn";

/**
 * Which statuses a notice may move to from each status. The workflow's activities move a notice
 * only along these edges (`statusesLeadingTo`), so a replayed or late step changes nothing.
 */
export const NOTICE_TRANSITIONS: Record<NoticeStatus, readonly NoticeStatus[]> = {
  scheduled: ["published", "withdrawn"],
  published: ["expired", "withdrawn"],
  expired: [],
  withdrawn: [],
};

export function canMove(from: NoticeStatus, to: NoticeStatus): boolean {
  return NOTICE_TRANSITIONS[from].includes(to);
}

/** The statuses from which a notice may move to `to`. */
export function statusesLeadingTo(to: NoticeStatus): NoticeStatus[] {
  return (Object.keys(NOTICE_TRANSITIONS) as NoticeStatus[]).filter((from) => canMove(from, to));
}

export function isTakenDown(status: NoticeStatus): boolean {
  return status === "expired" || status === "withdrawn";
}

export interface NoticeDocumentInput {
  fileName: string;
  mediaType: string;
  content: Uint8Array;
}

export interface NoticeDraft {
  title: string;
  description: string | null;
  referenceNumber: string | null;
  agenda: string | null;
  postedFrom: Date;
  relevantUntil: Date | null;
  documents: NoticeDocumentInput[];
}

/** The raw form values, kept to re-render the form after an error. */
export interface NoticeFormValues {
  title: string;
  description: string;
  referenceNumber: string;
  agenda: string;
  postedFrom: string;
  relevantUntil: string;
}

export function noticeFormValues(form: FormData): NoticeFormValues {
  // Overlong values are kept only up to a bound: enough to show, never 10 MB back to the browser.
  const keep = (name: string) => cleanText(form.get(name)).slice(0, 5000);
  return {
    title: keep("title"),
    description: keep("description"),
    referenceNumber: keep("referenceNumber"),
    agenda: keep("agenda"),
    postedFrom: keep("postedFrom"),
    relevantUntil: keep("relevantUntil"),
  };
}

/**
 * Validates the clerk's posting form. `now` is passed in (no clock in the domain).
 * Dates come from `datetime-local` inputs, meant in Europe/Prague.
 */
export async function validateNoticeForm(
  form: FormData,
  now: Date,
  opts: {
    /**
     * The town's code list (domain/notice_agendas.ts): the form's `agenda` must then be the code
     * of an active agenda (or empty), and the notice keeps that agenda's name. Without it the
     * agenda is free text (kept for callers that file notices without the form).
     */
    agendas?: readonly NoticeAgenda[];
  } = {},
): Promise<Validated<NoticeDraft>> {
  const errors: FieldError[] = [];
  const title = cleanText(form.get("title"));
  const description = cleanText(form.get("description"));
  const referenceNumber = cleanText(form.get("referenceNumber"));
  let agenda = cleanText(form.get("agenda"));
  checkText(errors, "title", title, { required: true, max: NOTICE_LIMITS.title });
  checkText(errors, "description", description, { max: NOTICE_LIMITS.description });
  checkText(errors, "referenceNumber", referenceNumber, { max: NOTICE_LIMITS.referenceNumber });
  if (opts.agendas) {
    const choice = resolveAgendaChoice(form.get("agenda"), opts.agendas);
    if (choice.ok) agenda = choice.name ?? "";
    else errors.push(choice.error);
  } else checkText(errors, "agenda", agenda, { max: NOTICE_LIMITS.agenda });

  const postedFromText = cleanText(form.get("postedFrom"));
  const relevantUntilText = cleanText(form.get("relevantUntil"));
  let postedFrom: Date | null = now;
  if (postedFromText !== "") {
    postedFrom = parsePragueLocalDateTime(postedFromText);
    if (!postedFrom) errors.push({ field: "postedFrom", code: "invalidDateTime" });
  }
  let relevantUntil: Date | null = null;
  if (relevantUntilText !== "") {
    relevantUntil = parsePragueLocalDateTime(relevantUntilText);
    if (!relevantUntil) errors.push({ field: "relevantUntil", code: "invalidDateTime" });
    else if (postedFrom && relevantUntil <= postedFrom) {
      errors.push({ field: "relevantUntil", code: "dateBeforeStart" });
    } else if (relevantUntil <= now) {
      errors.push({ field: "relevantUntil", code: "dateInPast" });
    }
  }

  const documents = await readDocuments(form, errors);
  if (errors.length > 0 || !postedFrom) return { ok: false, errors };
  return {
    ok: true,
    value: {
      title,
      description: description || null,
      referenceNumber: referenceNumber || null,
      agenda: agenda || null,
      postedFrom,
      relevantUntil,
      documents,
    },
  };
}

async function readDocuments(form: FormData, errors: FieldError[]): Promise<NoticeDocumentInput[]> {
  const files = form.getAll("documents").filter((f): f is File =>
    typeof f !== "string" && f.size > 0
  );
  if (files.length > NOTICE_LIMITS.maxDocuments) {
    errors.push({
      field: "documents",
      code: "tooManyFiles",
      params: { max: NOTICE_LIMITS.maxDocuments },
    });
    return [];
  }
  const documents: NoticeDocumentInput[] = [];
  for (const file of files) {
    const fileName = safeFileName(file.name);
    const extension = fileName.split(".").pop()?.toLowerCase() ?? "";
    const mediaType = DOCUMENT_TYPES[extension];
    if (file.size > NOTICE_LIMITS.maxDocumentBytes) {
      errors.push({
        field: "documents",
        code: "fileTooLarge",
        params: { max: NOTICE_LIMITS.maxDocumentBytes / 1024 / 1024, name: fileName },
      });
    } else if (!mediaType || containsHtml(fileName)) {
      errors.push({ field: "documents", code: "fileTypeNotAllowed", params: { name: fileName } });
    } else {
      documents.push({ fileName, mediaType, content: new Uint8Array(await file.arrayBuffer()) });
    }
  }
  return documents;
}

/** Keeps a file's own name readable but harmless: no paths, no control characters, bounded. */
export function safeFileName(name: string): string {
  const base = name.normalize("NFC").split(/[\\/]/).pop() ?? "";
  // deno-lint-ignore no-control-regex
  const clean = base.replace(/[\u0000-\u001f\u007f"<>|:*?]/g, "_").trim();
  return (clean || "dokument").slice(-NOTICE_LIMITS.documentName);
}

/** Business key of a notice's workflow: starting twice starts once. */
export { noticeWorkflowId } from "./workflows.ts";
