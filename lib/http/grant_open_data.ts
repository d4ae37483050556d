/** The open data of granted grants over HTTP: the year parameter, the CSV and JSON answers. */
import { HttpError } from "../web/page.ts";
import { csvText } from "./export.ts";
import { OPEN_DATA_COLUMNS, openDataDocument, openDataRecord } from "../../app/grant_open_data.ts";
import type { GrantedGrant } from "../../app/grant_awards.ts";

/** `?rok=2026` (default: this year), or a Czech 400. */
export function grantYear(text: string | null, thisYear: number): number {
  if (text === null || text === "") return thisYear;
  if (!/^(20[0-9]{2}|2100)$/.test(text)) throw new HttpError(400, "grantAwards.errors.year");
  return Number(text);
}

const HEADERS = {
  "Cache-Control": "public, max-age=60",
  "Access-Control-Allow-Origin": "*",
  "X-Content-Type-Options": "nosniff",
};

export function grantsCsvResponse(year: number, rows: readonly GrantedGrant[]): Response {
  const records = rows.map((g) => openDataRecord(year, g));
  const text = csvText(
    OPEN_DATA_COLUMNS.map((c) => ({
      header: c,
      value: (r: ReturnType<typeof openDataRecord>) => {
        const v = r[c];
        return v === null ? null : String(v);
      },
    })),
    records,
  );
  return new Response(text, {
    headers: {
      ...HEADERS,
      "Content-Type": "text/csv; charset=utf-8; header=present",
      "Content-Disposition": `inline; filename="poskytnute-dotace-${year}.csv"`,
    },
  });
}

export function grantsJsonResponse(
  provider: { ico: string; nazev: string },
  year: number,
  rows: readonly GrantedGrant[],
): Response {
  return new Response(JSON.stringify(openDataDocument(provider, year, rows), null, 2), {
    headers: { ...HEADERS, "Content-Type": "application/json; charset=utf-8" },
  });
}
