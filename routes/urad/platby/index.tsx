/**
 * The clerk's payment queue: credit lines of the town's statements that matched no obligation
 * or payment order, the oldest first, each with a link to assign or dismiss it; "match again"
 * reruns the reconciliation (after obligations were issued); and, read-only, the card payments
 * the card workflow flagged. For clerks of the fees agenda; the view is audited.
 */
import { define } from "../../../lib/http/define.ts";
import { page } from "../../../lib/web/mod.ts";
import { assertClerk } from "../../../lib/http/auth.ts";
import { clerkActor } from "../../../lib/http/identity/actor.ts";
import { formatDateTime } from "../../../lib/http/format.ts";
import { getDb } from "../../../lib/db.ts";
import { openQueue, QUEUE_LIMIT, rematchTown } from "../../../app/clerk_payments.ts";
import { formatCzk } from "../../../domain/money.ts";
import { CsrfField, SubmitButton } from "../../../components/form/mod.ts";
import { Notice } from "../../../components/layout/Notice.tsx";
import { PageTitle } from "../../../components/layout/DocumentTitle.tsx";
import { TableRegion } from "../../../components/layout/TableRegion.tsx";
import { QueueTable } from "../../../components/statements/LineTables.tsx";

const ROLE = "agenda:poplatky";
const DONE = ["assigned", "alreadyBooked", "dismissed"] as const;

/** A small count from the query string (after "match again"), or null. */
function count(url: URL, name: string): number | null {
  const v = url.searchParams.get(name);
  return v !== null && /^\d{1,9}$/.test(v) ? Number(v) : null;
}

export const handler = define.handlers({
  async GET(ctx) {
    assertClerk(ctx.state, ROLE);
    const queue = await openQueue({ db: getDb() }, clerkActor(ctx.state));
    const booked = count(ctx.url, "zauctovano");
    const card = count(ctx.url, "karty");
    const left = count(ctx.url, "zbyva");
    const done = ctx.url.searchParams.get("hotovo");
    return page({
      ...queue,
      rematched: booked !== null && card !== null && left !== null
        ? { booked, card, unmatched: left }
        : null,
      done: (DONE as readonly string[]).includes(done ?? "") ? done : null,
    });
  },
  async POST(ctx) {
    assertClerk(ctx.state, ROLE);
    await ctx.formData(); // the CSRF token came with it; the action has no fields
    const r = await rematchTown({ db: getDb() }, clerkActor(ctx.state));
    return ctx.redirect(
      `/urad/platby?zauctovano=${r.booked}&karty=${r.settledCard}&zbyva=${r.unmatched}`,
    );
  },
});

export default define.page<typeof handler>(({ data, state }) => {
  const { t, locale } = state;
  const title = t("clerkPayments.title");
  const flaggedCaption = t("clerkPayments.flagged.caption");
  return (
    <div>
      <PageTitle title={title} state={state} />
      <p>
        <a href="/urad">{t("office.backToWorkspace")}</a> ·{" "}
        <a href="/urad/vypisy">{t("clerkPayments.statementsLink")}</a> ·{" "}
        <a href="/urad/platby/karty">{t("cardRefund.paymentsLink")}</a>
      </p>
      <h1>{title}</h1>
      <p class="lead">{t("clerkPayments.lead")}</p>
      {data.done && <Notice type="success" t={t} title={t(`clerkPayments.done.${data.done}`)} />}
      {data.rematched && (
        <Notice
          type="success"
          t={t}
          title={t("clerkPayments.rematch.done", {
            booked: data.rematched.booked,
            card: data.rematched.card,
            unmatched: data.rematched.unmatched,
          })}
        />
      )}
      {data.lines.length === 0 ? <p>{t("clerkPayments.empty")}</p> : (
        <>
          <QueueTable
            lines={data.lines}
            caption={t("clerkPayments.caption")}
            t={t}
            locale={locale}
          />
          {data.total > data.lines.length && <p>{t("clerkPayments.more", { n: QUEUE_LIMIT })}</p>}
        </>
      )}
      <h2>{t("clerkPayments.rematch.heading")}</h2>
      <form method="post" action="/urad/platby">
        <CsrfField token={state.csrfToken} />
        <p>{t("clerkPayments.rematch.hint")}</p>
        <SubmitButton variant="secondary">{t("clerkPayments.rematch.submit")}</SubmitButton>
      </form>
      <h2>{t("clerkPayments.flagged.heading")}</h2>
      <p>{t("clerkPayments.flagged.lead")}</p>
      {data.flagged.length === 0
        ? <p>{t("clerkPayments.flagged.empty")}</p>
        : (
          <TableRegion label={flaggedCaption}>
            <table class="gov-table flagged-card-payments">
              <caption>{flaggedCaption}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("clerkPayments.flagged.flaggedAt")}</th>
                  <th scope="col">{t("clerkPayments.flagged.amount")}</th>
                  <th scope="col">{t("clerkPayments.flagged.vs")}</th>
                  <th scope="col">{t("clerkPayments.flagged.payer")}</th>
                  <th scope="col">{t("clerkPayments.flagged.state")}</th>
                  <th scope="col">{t("clerkPayments.flagged.reason")}</th>
                </tr>
              </thead>
              <tbody>
                {data.flagged.map((c) => (
                  <tr>
                    <th scope="row">{formatDateTime(c.flagged_at, locale)}</th>
                    <td>{formatCzk(c.amount_halere)}</td>
                    <td class="reference">{c.variable_symbol}</td>
                    <td>{c.payer_name}</td>
                    <td>{t(`clerkPayments.cardState.${c.state}`)}</td>
                    <td>{c.flag_reason ?? "—"}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableRegion>
        )}
    </div>
  );
});
