/**
 * The kit's situation facts: what a situation's own rows add to the case pages — the citizen's
 * (`/ucet/podani/<id>`) and the clerk's (`/urad/ukoly/<id>`) — as labelled values, a link (the
 * permit's PDF) or a warning for the clerk (overlapping occupations of the same place). A new
 * situation adds its reader here; the pages stay as they are.
 */
import type { Kysely } from "kysely";
import type { Database } from "../db/schema.ts";
import { formatCzk } from "../domain/money.ts";
import { formatCzechDate } from "../domain/forms/validators.ts";
import { occupationDays, PUBLIC_SPACE_SLUG } from "../domain/public_space.ts";
import { czechSlot, WEDDING_SLUG } from "../domain/wedding.ts";
import { ceremonyBookingOf } from "./weddings.ts";
import { occupationOfCase } from "./public_space.ts";

export interface SituationFact {
  /** Message key of the label. */
  label: string;
  value: string;
  /** Message key of a value to translate instead of `value`. */
  valueKey?: string;
  href?: string;
  /** For the clerk: something to look at before deciding. */
  warning?: boolean;
}

type Reader = (
  db: Kysely<Database>,
  tenantId: string,
  caseId: string,
  audience: "citizen" | "clerk",
) => Promise<SituationFact[]>;

const READERS: Record<string, Reader> = {
  [WEDDING_SLUG]: async (db, tenantId, caseId) => {
    const b = await ceremonyBookingOf(db, tenantId, caseId);
    if (!b) return [];
    const facts: SituationFact[] = [
      { label: "weddings.facts.slot", value: czechSlot(b.starts_at) },
      b.place_code === "obradni-sin"
        ? { label: "weddings.facts.place", value: "", valueKey: "weddings.facts.townHall" }
        : { label: "weddings.facts.place", value: b.other_place ?? "" },
      { label: "weddings.facts.fee", value: formatCzk(Number(b.fee_halere)) },
    ];
    if (b.released_at) {
      facts.push({
        label: "weddings.facts.slotState",
        value: "",
        valueKey: "weddings.facts.released",
      });
    }
    return facts;
  },
  [PUBLIC_SPACE_SLUG]: async (db, tenantId, caseId, audience) => {
    const o = await occupationOfCase(db, tenantId, caseId);
    if (!o) return [];
    const from = String(o.date_from);
    const to = String(o.date_to);
    const facts: SituationFact[] = [
      { label: "publicSpace.facts.place", value: o.street },
      { label: "publicSpace.facts.area", value: `${Number(o.area_m2).toLocaleString("cs-CZ")} m²` },
      {
        label: "publicSpace.facts.dates",
        value: `${formatCzechDate(from)} – ${formatCzechDate(to)} (${occupationDays(from, to)})`,
      },
      { label: "publicSpace.facts.fee", value: formatCzk(Number(o.fee_halere)) },
    ];
    if (o.permit_number && o.permit_issued_at) {
      facts.push({
        label: "publicSpace.facts.permit",
        value: o.permit_number,
        href: audience === "citizen" ? `/ucet/podani/${caseId}/povoleni.pdf` : undefined,
      });
    }
    if (audience === "clerk") {
      const overlapping = await db.selectFrom("public_space_occupations as p")
        .innerJoin("cases as c", "c.id", "p.case_id")
        .select(["c.reference", "p.date_from", "p.date_to"])
        .where("p.tenant_id", "=", tenantId).where("p.street_key", "=", o.street_key)
        .where("p.case_id", "!=", caseId).where("p.refused_at", "is", null)
        .where("c.state", "!=", "rejected").where("p.date_from", "<=", to)
        .where("p.date_to", ">=", from).orderBy("p.date_from").limit(20).execute();
      if (overlapping.length) {
        facts.push({
          label: "publicSpace.facts.overlaps",
          value: overlapping.map((r) =>
            `${r.reference} (${formatCzechDate(String(r.date_from))} – ${
              formatCzechDate(String(r.date_to))
            })`
          ).join("; "),
          warning: true,
        });
      }
    }
    return facts;
  },
};

export async function situationFacts(
  db: Kysely<Database>,
  tenantId: string,
  c: { id: string; form_slug: string },
  audience: "citizen" | "clerk",
): Promise<SituationFact[]> {
  const read = READERS[c.form_slug];
  return read ? await read(db, tenantId, c.id, audience) : [];
}
