/**
 * `/rezervace/potvrzeni/<token>`: the link e-mailed for a booking without an account (issue 15).
 * Opening it shows what it books and a button (a mail scanner that follows links books
 * nothing); the POST books it — unless its seat was let go meanwhile (30 minutes), then the
 * next free slots. An unknown or used link is a 404.
 */
import { define } from "../../../lib/http/define.ts";
import { HttpError, page } from "../../../lib/web/mod.ts";
import {
  confirmBookingEmail,
  pendingByConfirmToken,
  type SlotView,
} from "../../../app/appointments.ts";
import { appointmentDeps, appointmentWhere } from "../../../lib/http/appointments.ts";
import { PageTitle } from "../../../components/layout/DocumentTitle.tsx";
import { Notice } from "../../../components/layout/Notice.tsx";
import { CsrfField, SubmitButton } from "../../../components/form/mod.ts";
import { BookingFacts, NextSlots } from "../../../components/appointments/Parts.tsx";

export const handler = define.handlers({
  async GET(ctx) {
    const p = await pendingByConfirmToken(appointmentDeps(), ctx.state.tenant.id, ctx.params.token);
    if (!p || p.appointment.status !== "pending_email") throw new HttpError(404);
    return page({ service: p.service, a: p.appointment, expired: null as SlotView[] | null });
  },
  async POST(ctx) {
    const deps = appointmentDeps();
    const p = await pendingByConfirmToken(deps, ctx.state.tenant.id, ctx.params.token);
    if (!p) throw new HttpError(404);
    const r = await confirmBookingEmail(deps, appointmentWhere(ctx.state), ctx.params.token);
    if (r.kind === "booked") {
      return ctx.redirect(`/rezervace/sprava/${r.manageToken}?rezervovano=1`);
    }
    if (r.kind === "expired") {
      return page({ service: p.service, a: p.appointment, expired: r.next }, { status: 410 });
    }
    throw new HttpError(404);
  },
});

export default define.page<typeof handler>(({ data, state, url }) => {
  const { t } = state;
  return (
    <div class="appointments narrow">
      <PageTitle title={t("appointments.confirm.title")} state={state} />
      <h1>{t("appointments.confirm.title")}</h1>
      {data.expired && (
        <Notice type="error" t={t} title={t("appointments.holdExpired")}>
          <NextSlots next={data.expired} base={`/rezervace/${data.service.slug}`} t={t} />
        </Notice>
      )}
      <BookingFacts t={t} service={data.service} a={data.a} />
      {!data.expired && (
        <form method="post" action={url.pathname}>
          <CsrfField token={state.csrfToken} />
          <SubmitButton>{t("appointments.confirm.button")}</SubmitButton>
        </form>
      )}
    </div>
  );
});
