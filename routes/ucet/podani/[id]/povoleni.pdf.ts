/** The permit of the person's public-space occupation (zábor) as a PDF, once its fee is paid. */
import { define } from "../../../../lib/http/define.ts";
import { HttpError } from "../../../../lib/web/mod.ts";
import { getDb } from "../../../../lib/db.ts";
import { personActor } from "../../../../lib/http/identity/actor.ts";
import { citizenPermit } from "../../../../app/public_space.ts";
import { permitResponse } from "../../../../lib/http/permit_pdf.ts";
import { formatCzechDate } from "../../../../domain/forms/validators.ts";
import { formatCzk } from "../../../../domain/money.ts";
import { formatPragueDateTime } from "../../../../domain/time.ts";

export const handler = define.handlers({
  async GET(ctx) {
    const found = await citizenPermit({ db: getDb() }, personActor(ctx.state), ctx.params.id);
    if (!found) throw new HttpError(404);
    const { t, tenant } = ctx.state;
    const o = found.occupation;
    const k = "publicSpace.permit";
    return await permitResponse({
      authority: tenant.officialName,
      address: tenant.address,
      title: t(`${k}.title`, { number: o.permit_number! }),
      facts: [
        { label: t(`${k}.number`), value: o.permit_number! },
        { label: t(`${k}.reference`), value: found.case.reference },
        { label: t(`${k}.holder`), value: ctx.state.person!.displayName },
        { label: t(`${k}.place`), value: o.street },
        { label: t(`${k}.area`), value: `${Number(o.area_m2).toLocaleString("cs-CZ")} m²` },
        {
          label: t(`${k}.purpose`),
          value: t(`situationForms.publicSpace.purposes.${o.purpose}`),
        },
        {
          label: t(`${k}.dates`),
          value: `${formatCzechDate(String(o.date_from))} – ${formatCzechDate(String(o.date_to))}`,
        },
        { label: t(`${k}.fee`), value: formatCzk(Number(o.fee_halere)) },
        { label: t(`${k}.issuedAt`), value: formatPragueDateTime(o.permit_issued_at!) },
      ],
      conditionsHeading: t(`${k}.conditionsHeading`),
      conditions: [t(`${k}.condition1`), t(`${k}.condition2`), t(`${k}.condition3`)],
      footer: t(`${k}.footer`),
      fileName: `povoleni-${o.permit_number!.replace(/[^A-Za-z0-9-]/g, "-")}.pdf`,
    });
  },
});
