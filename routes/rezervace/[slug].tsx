/**
 * `/rezervace/<service>`: step 1 of a booking (issue 15). The service's days with opening
 * hours (`?den=`), the chosen day's slots with their free seats; choosing one holds a seat for
 * 10 minutes and leads to step 2. A slot in the past, outside the hours or on a holiday is a
 * Czech 422; one taken meanwhile a 409 with the next free slots. Nothing is booked by step 1.
 */
import { define } from "../../lib/http/define.ts";
import { HttpError, page } from "../../lib/web/mod.ts";
import { holdSlot, serviceDay, type SlotView } from "../../app/appointments.ts";
import { appointmentDeps, appointmentWhere, slotStatus } from "../../lib/http/appointments.ts";
import { cleanText } from "../../domain/validation.ts";
import { formatPragueDate } from "../../domain/time.ts";
import type { State } from "../../lib/state.ts";
import { PageTitle } from "../../components/layout/DocumentTitle.tsx";
import { Breadcrumbs } from "../../components/layout/Breadcrumbs.tsx";
import { Notice } from "../../components/layout/Notice.tsx";
import {
  dayLabel,
  DayPicker,
  NextSlots,
  SlotButtons,
} from "../../components/appointments/Parts.tsx";

async function dayPage(
  state: State,
  slug: string,
  date: string | null,
  problem: { code: string; next: SlotView[] } | null = null,
  status = 200,
) {
  const day = await serviceDay(appointmentDeps(), state.tenant.id, slug, date);
  if (!day) throw new HttpError(404);
  return page({ ...day, problem }, { status });
}

export const handler = define.handlers({
  GET(ctx) {
    return dayPage(ctx.state, ctx.params.slug, ctx.url.searchParams.get("den"));
  },
  async POST(ctx) {
    const form = await ctx.formData();
    const slot = cleanText(form.get("slot"));
    const r = await holdSlot(appointmentDeps(), appointmentWhere(ctx.state), {
      slug: ctx.params.slug,
      slot,
      personId: ctx.state.person?.personId ?? null,
    });
    if (r.ok) return ctx.redirect(`/rezervace/dokonceni/${r.token}`);
    if (r.code === "notFound") throw new HttpError(404);
    const at = new Date(slot);
    const date = Number.isNaN(at.getTime()) ? null : formatPragueDate(at);
    return dayPage(ctx.state, ctx.params.slug, date, r, slotStatus(r.code));
  },
});

export default define.page<typeof handler>(({ data, state }) => {
  const { t, locale } = state;
  const base = `/rezervace/${data.service.slug}`;
  const name = locale === "en" && data.service.name_en ? data.service.name_en : data.service.name;
  return (
    <div class="appointments">
      <PageTitle title={name} state={state} />
      <Breadcrumbs
        t={t}
        items={[{ label: t("appointments.title"), href: "/rezervace" }, {
          label: name,
        }]}
      />
      <h1>{name}</h1>
      <p>
        {data.service.department} · {t("appointments.duration", {
          minutes: data.service.duration_minutes,
        })} · {data.service.location}
      </p>
      {data.service.description && <p>{data.service.description}</p>}
      {data.problem && (
        <Notice type="error" t={t} title={t(`validation.${data.problem.code}`)}>
          {data.problem.code === "appointmentSlotFull" && (
            <NextSlots next={data.problem.next} base={base} t={t} />
          )}
        </Notice>
      )}
      <h2>{t("appointments.chooseDay")}</h2>
      <DayPicker days={data.days} date={data.date} base={base} t={t} locale={locale} />
      <h2>{t("appointments.slotsOf", { day: dayLabel(data.date, locale) })}</h2>
      <p>{t("appointments.holdNote")}</p>
      <SlotButtons slots={data.slots} action={base} csrfToken={state.csrfToken} t={t} />
    </div>
  );
});
