/**
 * `GET /api/v1/me/obligations`: every obligation of the signed-in person and of everyone they
 * pay for (their household), each with its derived state, what is left, and the QR Platba
 * (SPAYD) string of what is left. Described in `/api/v1/openapi.json`.
 */
import { define } from "../../../../lib/http/define.ts";
import { defaultDeps } from "../../../../app/deps.ts";
import { accountForms, allEntries } from "../../../../app/ledger.ts";
import { personActor } from "../../../../lib/http/identity/actor.ts";
import { consumptionThousandths } from "../../../../domain/ledger_view.ts";
import { json } from "./_middleware.ts";

export const handler = define.handlers({
  async GET(ctx) {
    const { entries } = await allEntries(defaultDeps(), personActor(ctx.state));
    const obligations = entries.map((o) => {
      const account = accountForms(o.account);
      const consumption = consumptionThousandths(o.meter_start, o.meter_end);
      return {
        id: o.id,
        personId: o.person_id,
        personName: o.personName,
        kind: o.kind,
        name: o.name,
        title: o.title,
        year: o.year,
        currency: "CZK",
        amountHalere: o.amount_halere,
        paidHalere: o.paid_halere,
        outstandingHalere: o.outstanding_halere,
        state: o.state,
        dueDate: o.due_date,
        overdue: o.overdue,
        variableSymbol: o.variable_symbol,
        specificSymbol: o.specific_symbol,
        constantSymbol: o.constant_symbol,
        account: { iban: account.iban, czech: account.czech },
        billing: o.billing_from && o.billing_to
          ? {
            from: o.billing_from,
            to: o.billing_to,
            meterNumber: o.meter_number,
            meterStart: o.meter_start === null ? null : Number(o.meter_start),
            meterEnd: o.meter_end === null ? null : Number(o.meter_end),
            consumption: consumption === null ? null : consumption / 1000,
          }
          : null,
        spayd: o.spayd,
        url: `/ucet/predpisy/${o.id}`,
      };
    });
    return json({ obligations }, ctx.state.csrfToken);
  },
});
