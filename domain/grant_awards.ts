/**
 * Grants after the decision (issue 14) as pure rules: the contract's number and content under
 * § 10a(5) of Act 250/2000 Sb., the settlement deadline, the payout plan (instalments), when a
 * settlement report is late, the settlement form (the application's budget lines with actual
 * amounts) and the clerk's return request. No clock: every function that needs "now" takes it.
 *
 * Lifecycle (the row `grant_applications.state` is the truth):
 * granted → (clerk prepares the contract; the applicant confirms it) contracted → (the payout
 * batch is marked paid; when every instalment is paid) paid → (the applicant files the
 * settlement report) settlement_submitted → either (the clerk accepts) closed, or (the clerk
 * requests a return: an obligation of kind `grant_return` in the applicant's account)
 * return_requested → (the clerk closes it once the return is paid in full) closed.
 */
import { formatCzk } from "./money.ts";
import { czechDate, type SettlementRule } from "./grants.ts";
import { checkText, cleanText, type FieldError, type Validated } from "./validation.ts";
import { parseAmount } from "./finance/text.ts";
import { formatCzechAccount, ibanToCzechAccount, normalizeAccount } from "./bank_account.ts";

/** The contract template's version, stored with each contract (its sha256 covers the pdf). */
export const CONTRACT_TEMPLATE_VERSION = "2026-12-v1";

/** Days from the contract's confirmation to the first instalment; later ones every 90 days. */
export const FIRST_PAYOUT_DAYS = 30;
export const PAYOUT_SPACING_DAYS = 90;
/** Days the recipient has to pay a requested return. */
export const RETURN_DUE_DAYS = 30;

/** ISO date `days` after `iso`. */
export function addDays(iso: string, days: number): string {
  const d = new Date(`${iso}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** The contract's number: unique in the town because the application's reference is. */
export function contractNumber(reference: string): string {
  return `SD-${reference}`;
}

/**
 * The settlement deadline: the call's fixed date, or N days after the funded project ends
 * (the programme's rule).
 */
export function settlementDueOf(
  programme: { settlementRule: SettlementRule; settlementDays: number | null },
  call: { settlementDeadline: string | null; projectTo: string },
): string {
  if (programme.settlementRule === "after_project" && programme.settlementDays) {
    return addDays(call.projectTo, programme.settlementDays);
  }
  return call.settlementDeadline ?? addDays(call.projectTo, 60);
}

export interface Instalment {
  instalment: number;
  amount: number;
  dueOn: string;
}

/**
 * The payout plan: `count` instalments (1..12) of the granted amount, split evenly in haléře
 * with the remainder in the first; the first due FIRST_PAYOUT_DAYS after `from` (the
 * confirmation), each next PAYOUT_SPACING_DAYS later.
 */
export function instalmentPlan(granted: number, count: number, from: string): Instalment[] {
  const n = Math.max(1, Math.min(12, Math.trunc(count), granted));
  const base = Math.floor(granted / n);
  const rest = granted - base * n;
  return Array.from({ length: n }, (_, i) => ({
    instalment: i + 1,
    amount: base + (i === 0 ? rest : 0),
    dueOn: addDays(from, FIRST_PAYOUT_DAYS + i * PAYOUT_SPACING_DAYS),
  }));
}

/** A settlement report filed after its deadline's day (Prague dates) is late. */
export function isLate(filedOn: string, settlementDue: string | null): boolean {
  return settlementDue !== null && filedOn > settlementDue;
}

/** The application's state after a payout batch paid `paid` of `granted`. */
export function stateAfterPayout(granted: number, paid: number): "paid" | "contracted" {
  return paid >= granted ? "paid" : "contracted";
}

// ---------------------------------------------------------------------------------------------
// The contract's content

export interface ContractFacts {
  number: string;
  reference: string;
  provider: { name: string; address: string; ico: string; account: string };
  recipient: {
    kind: "person" | "entrepreneur" | "organisation";
    name: string;
    ico: string | null;
    /** A natural person's birth date (§ 10a(5)(b)); never published. */
    birthDate: string | null;
    address: string | null;
    representatives: string | null;
  };
  programme: string;
  call: string;
  legalBasis: string;
  purpose: string;
  projectFrom: string;
  projectTo: string;
  granted: number;
  instalments: number;
  settlementDue: string;
  decidedOn: string | null;
  resolution: string | null;
  preparedOn: string;
}

export interface ContractSection {
  heading: string;
  paragraphs: string[];
}

export interface ContractContent {
  title: string;
  number: string;
  sections: ContractSection[];
}

/**
 * The public-law contract on a grant, in the order of § 10a(5) of Act 250/2000 Sb.: (a) the
 * provider, (b) the recipient, (c) the amount, (d) the purpose, (e) the period, (f) the
 * conditions (payout in instalments), (g) the return of unused money and its deadline, (h) the
 * settlement deadline, and the publication clause (§ 10d; the register of contracts, Act
 * 340/2015 Sb., above 50 000 Kč). The document is in Czech, the language of the office.
 */
export function contractContent(f: ContractFacts): ContractContent {
  const r = f.recipient;
  const recipientLines = r.kind === "organisation"
    ? [
      `Název: ${r.name}`,
      ...(r.ico ? [`IČO: ${r.ico}`] : []),
      ...(r.address ? [`Sídlo: ${r.address}`] : []),
      ...(r.representatives ? [`Zastoupen: ${r.representatives}`] : []),
    ]
    : [
      `Jméno a příjmení: ${r.name}`,
      ...(r.birthDate ? [`Datum narození: ${czechDate(r.birthDate)}`] : []),
      ...(r.ico ? [`IČO: ${r.ico}`] : []),
      ...(r.address ? [`Adresa: ${r.address}`] : []),
    ];
  const plan = f.instalments === 1
    ? `Dotace bude vyplacena jednorázově bezhotovostním převodem na účet příjemce do ${FIRST_PAYOUT_DAYS} dnů ode dne uzavření smlouvy.`
    : `Dotace bude vyplacena ${
      [2, 3, 4, 12].includes(f.instalments) ? "ve" : "v"
    } ${f.instalments} splátkách bezhotovostním převodem na účet příjemce; první splátka do ${FIRST_PAYOUT_DAYS} dnů ode dne uzavření smlouvy, každá další ${PAYOUT_SPACING_DAYS} dnů po předchozí.`;
  return {
    title: "Veřejnoprávní smlouva o poskytnutí dotace",
    number: f.number,
    sections: [
      {
        heading: "Smluvní strany",
        paragraphs: [
          "Poskytovatel:",
          `${f.provider.name}, ${f.provider.address}, IČO: ${f.provider.ico}`,
          "Příjemce:",
          ...recipientLines,
        ],
      },
      {
        heading: "I. Výše a účel dotace",
        paragraphs: [
          `Poskytovatel poskytuje příjemci z dotačního programu „${f.programme}“ (výzva „${f.call}“) dotaci ve výši ${
            formatCzk(f.granted)
          }.`,
          `Účel dotace: ${f.purpose}`,
          `Žádost o dotaci č. ${f.reference}${
            f.resolution ? `; rozhodnuto usnesením ${f.resolution}` : ""
          }${f.decidedOn ? ` ze dne ${czechDate(f.decidedOn)}` : ""}.`,
        ],
      },
      {
        heading: "II. Doba dosažení účelu",
        paragraphs: [
          `Účelu dotace musí být dosaženo v době od ${czechDate(f.projectFrom)} do ${
            czechDate(f.projectTo)
          }. Z dotace lze hradit jen uznatelné náklady vzniklé v této době.`,
        ],
      },
      {
        heading: "III. Podmínky a výplata",
        paragraphs: [
          plan,
          "Příjemce použije dotaci hospodárně a jen k účelu podle čl. I; změny údajů oznámí poskytovateli do 15 dnů.",
        ],
      },
      {
        heading: "IV. Vyúčtování",
        paragraphs: [
          `Příjemce předloží vyúčtování dotace (skutečné náklady podle položek rozpočtu žádosti a závěrečnou zprávu) nejpozději do ${
            czechDate(f.settlementDue)
          }, a to v Portálu občana v části Moje dotace.`,
        ],
      },
      {
        heading: "V. Vrácení dotace",
        paragraphs: [
          `Nevyčerpanou část dotace nebo část použitou v rozporu se smlouvou vrátí příjemce na účet poskytovatele ${f.provider.account} do ${RETURN_DUE_DAYS} dnů od výzvy poskytovatele, nejpozději však do ${RETURN_DUE_DAYS} dnů po lhůtě pro vyúčtování. Porušení povinností je porušením rozpočtové kázně podle § 22 zákona č. 250/2000 Sb.`,
        ],
      },
      {
        heading: "VI. Zveřejnění a závěrečná ustanovení",
        paragraphs: [
          "Příjemce souhlasí se zveřejněním názvu či jména, obce, IČO, účelu a výše dotace v seznamu poskytnutých dotací obce. Smlouvu nad 50 000 Kč poskytovatel zveřejní podle § 10d zákona č. 250/2000 Sb., případně v registru smluv podle zákona č. 340/2015 Sb.",
          `Smlouva se řídí zákonem č. 250/2000 Sb. (${f.legalBasis}). Smlouva je uzavřena potvrzením příjemce v Portálu občana.`,
          `Připraveno dne ${czechDate(f.preparedOn)}.`,
        ],
      },
    ],
  };
}

/** The contract's content as plain text (searchable; the docx and the pdf hold the same). */
export function contractText(c: ContractContent): string {
  return [
    c.title,
    `Číslo smlouvy: ${c.number}`,
    ...c.sections.flatMap((s) => [s.heading, ...s.paragraphs]),
  ].join("\n");
}

// ---------------------------------------------------------------------------------------------
// The applicant's confirmation (the payout account)

export type AwardErrorCode =
  | "mustConfirm"
  | "invalidAccount"
  | "invalidAmount"
  | "returnTooHigh"
  | "grantAboveAmount";

export type AwardFieldError = FieldError<import("./validation.ts").ValidationCode | AwardErrorCode>;

export interface ConfirmDraft {
  account: string;
}

/** The confirmation: the box ticked and a valid Czech account (or IBAN) for the payout. */
export function validateConfirmation(
  form: FormData,
): Validated<ConfirmDraft, AwardFieldError["code"]> {
  const errors: AwardFieldError[] = [];
  if (form.get("agree") !== "on") errors.push({ field: "agree", code: "mustConfirm" });
  const text = cleanText(form.get("account")).slice(0, 60);
  let account = "";
  if (text === "") errors.push({ field: "account", code: "required" });
  else {
    // Stored as the accountant writes it: the Czech form (`19-2000145399/0800`) when it is a
    // Czech account, else the IBAN.
    const r = normalizeAccount(text);
    if (r.ok) {
      const czech = ibanToCzechAccount(r.value);
      account = czech.ok ? formatCzechAccount(czech.value) : r.value;
    } else errors.push({ field: "account", code: "invalidAccount" });
  }
  if (errors.length) return { ok: false, errors };
  return { ok: true, value: { account } };
}

// ---------------------------------------------------------------------------------------------
// The settlement report

export interface SettlementBudgetLine {
  position: number;
  categoryId: string;
  categoryName: string;
  eligible: boolean;
  description: string;
  /** The application's planned amounts (haléře). */
  plannedAmount: number;
  plannedGrant: number;
}

export interface SettlementLine {
  position: number;
  categoryId: string;
  description: string;
  amount: number;
  grant: number;
}

export interface SettlementDraft {
  lines: SettlementLine[];
  report: string;
  /** The actual costs in total. */
  spent: number;
  /** The grant's part on eligible lines, at most what was paid out. */
  eligible: number;
}

export const REPORT_MAX = 8000;

export interface SettlementFormValues {
  lines: { amount: string; grant: string }[];
  report: string;
}

export function settlementFormValues(form: FormData, count: number): SettlementFormValues {
  return {
    lines: Array.from({ length: count }, (_, i) => ({
      amount: cleanText(form.get(`line${i}Amount`)).slice(0, 40),
      grant: cleanText(form.get(`line${i}Grant`)).slice(0, 40),
    })),
    report: cleanText(form.get("report")).slice(0, REPORT_MAX + 10),
  };
}

function amountOf(errors: AwardFieldError[], field: string, text: string): number | null {
  if (text === "") {
    errors.push({ field, code: "required" });
    return null;
  }
  const h = parseAmount(text);
  if (h === null || h < 0 || h > 1e13) {
    errors.push({ field, code: "invalidAmount" });
    return null;
  }
  return h;
}

/**
 * The settlement form: each of the application's budget lines with its actual cost and the part
 * paid from the grant (in crowns; the part within the cost), and the narrative report. The
 * eligible grant use is the grant part on eligible lines, capped at what was paid out.
 */
export function validateSettlement(
  form: FormData,
  budget: readonly SettlementBudgetLine[],
  paid: number,
): Validated<SettlementDraft, AwardFieldError["code"]> {
  const v = settlementFormValues(form, budget.length);
  const errors: AwardFieldError[] = [];
  const lines: SettlementLine[] = [];
  budget.forEach((b, i) => {
    const amount = amountOf(errors, `line${i}Amount`, v.lines[i].amount);
    const grant = amountOf(errors, `line${i}Grant`, v.lines[i].grant);
    if (amount !== null && grant !== null) {
      if (grant > amount) errors.push({ field: `line${i}Grant`, code: "grantAboveAmount" });
      else {
        lines.push({
          position: b.position,
          categoryId: b.categoryId,
          description: b.description,
          amount,
          grant,
        });
      }
    }
  });
  checkText(errors, "report", v.report, { required: true, max: REPORT_MAX, min: 20 });
  if (errors.length) return { ok: false, errors };
  const spent = lines.reduce((s, l) => s + l.amount, 0);
  const eligibleIds = new Set(budget.filter((b) => b.eligible).map((b) => b.categoryId));
  const used = lines.filter((l) => eligibleIds.has(l.categoryId)).reduce((s, l) => s + l.grant, 0);
  return {
    ok: true,
    value: { lines, report: v.report, spent, eligible: Math.min(used, paid) },
  };
}

/** What the clerk is offered as the return: what was paid out over the eligible use. */
export function suggestedReturn(paid: number, eligible: number): number {
  return Math.max(0, paid - eligible);
}

export interface ReturnDraft {
  amount: number;
  reason: string;
}

export interface ReturnFormValues {
  amount: string;
  reason: string;
}

export function returnFormValues(form: FormData): ReturnFormValues {
  return {
    amount: cleanText(form.get("amount")).slice(0, 40),
    reason: cleanText(form.get("reason")).slice(0, 2010),
  };
}

/** The clerk's return request: an amount within what was paid out, and a reason. */
export function validateReturn(
  form: FormData,
  paid: number,
): Validated<ReturnDraft, AwardFieldError["code"]> {
  const v = returnFormValues(form);
  const errors: AwardFieldError[] = [];
  const amount = amountOf(errors, "amount", v.amount);
  if (amount !== null) {
    if (amount <= 0) errors.push({ field: "amount", code: "invalidAmount" });
    else if (amount > paid) {
      errors.push({ field: "amount", code: "returnTooHigh", params: { max: formatCzk(paid) } });
    }
  }
  checkText(errors, "reason", v.reason, { required: true, max: 2000, min: 5 });
  if (errors.length) return { ok: false, errors };
  return { ok: true, value: { amount: amount!, reason: v.reason } };
}

/** The return obligation's variable symbol: 9 and the reference's year and number. */
export function returnVariableSymbol(reference: string): string {
  const m = /(\d{4})\/(\d{1,6})$/.exec(reference);
  if (!m) throw new RangeError(`not a case reference: ${reference}`);
  return `9${m[1].slice(2)}${m[2].padStart(6, "0")}`;
}

/** The payout's variable symbol (the accountant's order): the reference's year and number. */
export function payoutVariableSymbol(reference: string): string {
  const m = /(\d{4})\/(\d{1,6})$/.exec(reference);
  if (!m) throw new RangeError(`not a case reference: ${reference}`);
  return `${m[1]}${m[2].padStart(6, "0")}`;
}

/** A batch's number: the year and its sequence in the town (`2026-0003`). */
export function batchNumber(year: number, seq: number): string {
  return `${year}-${String(seq).padStart(4, "0")}`;
}

/** This module's messages: `grantAwards.errors.<code>`. */
export const AWARD_MESSAGES: Record<AwardErrorCode | "fileTypeNotAllowed", string> = {
  // The settlement report takes fewer kinds of file than the kit's forms.
  fileTypeNotAllowed: "grantAwards.errors.fileType",
  mustConfirm: "grantAwards.errors.mustConfirm",
  invalidAccount: "grantAwards.errors.invalidAccount",
  invalidAmount: "grantAwards.errors.invalidAmount",
  returnTooHigh: "grantAwards.errors.returnTooHigh",
  grantAboveAmount: "grantAwards.errors.grantAboveAmount",
};

/** Haléře as a form shows them: "50000" or "12500,50". */
export function crownsOf(halere: number): string {
  const whole = Math.trunc(halere / 100);
  const rest = Math.abs(halere % 100);
  return rest ? `${whole},${String(rest).padStart(2, "0")}` : String(whole);
}

// ---------------------------------------------------------------------------------------------
// The settlement report's attachments (invoices, photos, attendance lists)

export const SETTLEMENT_FILES = {
  max: 5,
  maxBytes: 10 * 1024 * 1024,
  types: ["application/pdf", "image/jpeg", "image/png", "text/plain"],
} as const;

export interface UploadedFile {
  fileName: string;
  size: number;
  /** Judged by the content (domain/files.ts `sniffMediaType`), null when unknown. */
  mediaType: string | null;
}

/** The attachments' problems: how many, how large, what kind (by content, never by name). */
export function checkSettlementFiles(files: readonly UploadedFile[]): AwardFieldError[] {
  const errors: AwardFieldError[] = [];
  if (files.length > SETTLEMENT_FILES.max) {
    errors.push({
      field: "attachments",
      code: "tooManyFiles",
      params: { max: SETTLEMENT_FILES.max },
    });
    return errors;
  }
  for (const f of files) {
    if (f.size > SETTLEMENT_FILES.maxBytes) {
      errors.push({
        field: "attachments",
        code: "fileTooLarge",
        params: { max: SETTLEMENT_FILES.maxBytes / 1024 / 1024 },
      });
    } else if (
      !f.mediaType || !(SETTLEMENT_FILES.types as readonly string[]).includes(f.mediaType)
    ) errors.push({ field: "attachments", code: "fileTypeNotAllowed" });
  }
  return errors.slice(0, 1);
}
