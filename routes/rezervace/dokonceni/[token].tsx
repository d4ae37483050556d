/**
 * `/rezervace/dokonceni/<token>`: step 2 of a booking (issue 15) — contact and subject for the
 * held slot. Signed in: booked at once, then the booking's page. Without an account: a link goes
 * to the e-mail address, and the booking is made when it is opened. A hold that expired (10
 * minutes) says so with the next free slots; an unknown token is a 404.
 */
import { define } from "../../../lib/http/define.ts";
import { HttpError, page } from "../../../lib/web/mod.ts";
import {
  completeBooking,
  type ContactValues,
  contactValues,
  heldBooking,
  nextFreeSlots,
  personContact,
  type SlotView,
  validateContact,
} from "../../../app/appointments.ts";
import { enforceAnonymousForm } from "../../../lib/http/ratelimit.ts";
import { appointmentDeps, appointmentWhere } from "../../../lib/http/appointments.ts";
import type { FieldError } from "../../../domain/validation.ts";
import type { State } from "../../../lib/state.ts";
import { PageTitle } from "../../../components/layout/DocumentTitle.tsx";
import { Notice } from "../../../components/layout/Notice.tsx";
import {
  CsrfField,
  ErrorSummary,
  SubmitButton,
  TextArea,
  TextField,
} from "../../../components/form/mod.ts";
import { BookingFacts, NextSlots } from "../../../components/appointments/Parts.tsx";
import { formatSlot } from "../../../app/appointment_texts.ts";

interface Data {
  service: { slug: string; name: string; department: string; location: string };
  startsAt: string;
  until: string | null;
  values: ContactValues;
  errors: FieldError<string>[];
  signedIn: boolean;
  expired: SlotView[] | null;
  sentTo: string | null;
}

async function load(state: State, token: string) {
  const deps = appointmentDeps();
  const held = await heldBooking(deps, state.tenant.id, token);
  const personId = state.person?.personId ?? null;
  if (!held || (held.appointment.person_id && held.appointment.person_id !== personId)) {
    throw new HttpError(404);
  }
  return { deps, held, personId };
}

function view(
  held: NonNullable<Awaited<ReturnType<typeof heldBooking>>>,
  rest: Omit<Data, "service" | "startsAt" | "until">,
  status = 200,
) {
  return page<Data>({
    service: held.service,
    startsAt: held.appointment.starts_at.toISOString(),
    until: held.appointment.hold_expires_at?.toISOString() ?? null,
    ...rest,
  }, { status });
}

export const handler = define.handlers({
  async GET(ctx) {
    const { deps, held, personId } = await load(ctx.state, ctx.params.token);
    const base = { errors: [], signedIn: personId !== null, sentTo: null };
    if (held.expired) {
      const next = await nextFreeSlots(
        deps,
        ctx.state.tenant.id,
        held.service,
        held.appointment.starts_at,
      );
      return view(held, { ...base, values: emptyValues(), expired: next }, 410);
    }
    const values = personId
      ? { ...(await personContact(deps.db, ctx.state.tenant.id, personId)), subject: "" }
      : emptyValues();
    return view(held, { ...base, values, expired: null });
  },
  async POST(ctx) {
    const { deps, held, personId } = await load(ctx.state, ctx.params.token);
    const values = contactValues(await ctx.formData());
    // Without an account step 2 e-mails a link: limited like every anonymous form that does.
    if (!personId && validateContact(values, true).ok) {
      await enforceAnonymousForm(ctx, "appointment");
    }
    const r = await completeBooking(
      deps,
      appointmentWhere(ctx.state),
      ctx.params.token,
      personId,
      values,
    );
    const base = { values, signedIn: personId !== null, errors: [], expired: null, sentTo: null };
    switch (r.kind) {
      case "booked":
        return ctx.redirect(
          personId
            ? `/ucet/rezervace/${r.id}?rezervovano=1`
            : `/rezervace/sprava/${r.manageToken}?rezervovano=1`,
        );
      case "pendingEmail":
        return view(held, { ...base, sentTo: r.email });
      case "invalid":
        return view(held, { ...base, errors: r.errors }, 422);
      case "expired":
        return view(held, { ...base, expired: r.next }, 410);
      default:
        throw new HttpError(404);
    }
  },
});

function emptyValues(): ContactValues {
  return { name: "", email: "", phone: "", subject: "" };
}

export default define.page<typeof handler>(({ data, state, url }) => {
  const { t } = state;
  const labels = {
    name: t("appointments.form.name"),
    email: t("appointments.form.email"),
    phone: t("appointments.form.phone"),
    subject: t("appointments.form.subject"),
  };
  const facts = (
    <BookingFacts
      t={t}
      service={data.service}
      a={{ starts_at: data.startsAt, subject: "", status: "held" }}
    />
  );
  return (
    <div class="appointments narrow">
      <PageTitle title={t("appointments.step2.title")} state={state} />
      <h1>{t("appointments.step2.title")}</h1>
      {data.expired && (
        <Notice type="error" t={t} title={t("appointments.holdExpired")}>
          <NextSlots next={data.expired} base={`/rezervace/${data.service.slug}`} t={t} />
        </Notice>
      )}
      {data.sentTo && (
        <Notice type="success" t={t} title={t("appointments.emailSent.title")}>
          <p>{t("appointments.emailSent.text", { email: data.sentTo })}</p>
        </Notice>
      )}
      {facts}
      {!data.expired && !data.sentTo && (
        <>
          {data.until && (
            <p>{t("appointments.heldUntil", { until: formatSlot(new Date(data.until)) })}</p>
          )}
          <ErrorSummary errors={data.errors} t={t} labels={labels} />
          <form method="post" action={url.pathname} novalidate>
            <CsrfField token={state.csrfToken} />
            <TextField
              name="name"
              label={labels.name}
              t={t}
              errors={data.errors}
              value={data.values.name}
              required
              autocomplete="name"
            />
            <TextField
              name="email"
              type="email"
              label={labels.email}
              t={t}
              errors={data.errors}
              value={data.values.email}
              required={!data.signedIn}
              autocomplete="email"
              hint={data.signedIn ? undefined : t("appointments.form.emailHint")}
            />
            <TextField
              name="phone"
              type="tel"
              label={labels.phone}
              t={t}
              errors={data.errors}
              value={data.values.phone}
              autocomplete="tel"
            />
            <TextArea
              name="subject"
              label={labels.subject}
              t={t}
              errors={data.errors}
              value={data.values.subject}
              required
            />
            <SubmitButton>
              {t(data.signedIn ? "appointments.form.book" : "appointments.form.sendLink")}
            </SubmitButton>
          </form>
        </>
      )}
    </div>
  );
});
