/** The records the public finance parsers produce (money in integer haléře). */

/** A budget line's amounts on its dimensions, for one year. */
export interface BudgetLineRecord {
  year: number;
  paragraf: string;
  polozka: string;
  orj: string | null;
  org: string | null;
  organisationIco: string | null;
  approved: number;
  amended: number;
  actual: number;
}

/** An accounting line of a received (KDF) or issued (KOF) invoice. */
export interface EntryRecord {
  year: number;
  kind: "KDF" | "KOF";
  document: string | null;
  /** ISO date. */
  bookedOn: string;
  paragraf: string;
  polozka: string;
  orj: string | null;
  org: string | null;
  amount: number;
  supplierIco: string | null;
  supplierName: string | null;
  description: string | null;
}

export interface ContractRecord {
  registerId: string;
  subject: string;
  concludedOn: string | null;
  number: string | null;
  valueWithoutVat: number | null;
  valueWithVat: number | null;
  counterpartyIco: string | null;
  counterpartyName: string | null;
  url: string | null;
  attachments: { name: string; url: string | null }[];
}

export interface OrderRecord {
  number: string;
  orderedOn: string;
  subject: string;
  amount: number | null;
  supplierIco: string | null;
  supplierName: string | null;
}

/** A code of the town's own dimension (ORJ, ORG/akce) with its name, where the file gives one. */
export interface NamedCode {
  code: string;
  name: string | null;
}

/** What a parsed file brings; each parser fills its part. */
export interface FinanceData {
  /** The budget year the file is of (null: contracts/orders/events spanning years). */
  year: number | null;
  /** Records read (lines of the file that became data). */
  rowCount: number;
  /** Sum of the file's amounts as it states them (see each parser), the import's check. */
  totalHalere: number;
  /** Lines of other agendas the import does not take (e.g. cash desk documents). */
  skipped: number;
  lines: BudgetLineRecord[];
  entries: EntryRecord[];
  contracts: ContractRecord[];
  orders: OrderRecord[];
  departments: NamedCode[];
  projects: NamedCode[];
}

export function emptyData(year: number | null): FinanceData {
  return {
    year,
    rowCount: 0,
    totalHalere: 0,
    skipped: 0,
    lines: [],
    entries: [],
    contracts: [],
    orders: [],
    departments: [],
    projects: [],
  };
}
