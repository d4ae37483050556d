/**
 * `/urad/rezervace`: the clerk's day of appointments (issue 15; role `appointments`): every
 * service's bookings and blocked time by time and desk (`?den=`), a no-show recorded once the
 * appointment started, time blocked (every free desk of a slot), and a booking for a caller on
 * the phone, blocked time freed again, a closed day or extra hours (a closed day with bookings
 * first shows how many it cancels and asks to confirm). Each action is audited; Czech errors for
 * a slot in the past, outside the hours or on a holiday (422) or full (409).
 */
import { define } from "../../../lib/http/define.ts";
import { HttpError, page } from "../../../lib/web/mod.ts";
import { assertClerk } from "../../../lib/http/auth.ts";
import { addException, unblockSeat } from "../../../app/appointment_admin.ts";
import { isConfirmed } from "../../../lib/http/confirm.ts";
import {
  blockSlot,
  bookForCaller,
  clerkDay,
  contactValues,
  markNoShow,
} from "../../../app/appointments.ts";
import { appointmentDeps, appointmentWhere, slotStatus } from "../../../lib/http/appointments.ts";
import { cleanText, type FieldError } from "../../../domain/validation.ts";
import { formatPragueDate, parsePragueLocalDateTime } from "../../../domain/time.ts";
import { isIsoDate } from "../../../domain/appointments.ts";
import type { State } from "../../../lib/state.ts";
import { ClerkDayView } from "../../../components/appointments/ClerkDay.tsx";

async function dayPage(
  state: State,
  date: string,
  shown: {
    errors?: FieldError<string>[];
    form?: string;
    done?: string | null;
    mine?: boolean;
    confirm?: { bookings: number; hidden: Record<string, string> } | null;
  } = {},
  status = 200,
) {
  const mine = shown.mine ?? false;
  const day = await clerkDay(
    appointmentDeps(),
    state.tenant.id,
    date,
    mine ? state.clerk?.clerkId : undefined,
  );
  return page({
    mine,
    date,
    ...day,
    errors: shown.errors ?? [],
    form: shown.form ?? null,
    done: shown.done ?? null,
    confirm: shown.confirm ?? null,
  }, {
    status,
  });
}

function slotOf(form: FormData): string {
  const at = parsePragueLocalDateTime(cleanText(form.get("slot")));
  return at ? at.toISOString() : "invalid";
}

export const handler = define.handlers({
  GET(ctx) {
    assertClerk(ctx.state, "appointments");
    const q = ctx.url.searchParams.get("den") ?? "";
    const date = isIsoDate(q) ? q : formatPragueDate(new Date());
    return dayPage(ctx.state, date, {
      done: ctx.url.searchParams.get("hotovo"),
      mine: ctx.url.searchParams.get("moje") === "1",
    });
  },
  async POST(ctx) {
    assertClerk(ctx.state, "appointments");
    const form = await ctx.formData();
    const action = cleanText(form.get("action"));
    const q = cleanText(form.get("den"));
    const date = isIsoDate(q) ? q : formatPragueDate(new Date());
    const c = { where: appointmentWhere(ctx.state), clerkId: ctx.state.clerk.clerkId };
    const deps = appointmentDeps();
    if (action === "noShow") {
      const r = await markNoShow(deps, c, cleanText(form.get("id")));
      if (r === "notFound") throw new HttpError(404);
      if (r === "notYet") {
        return dayPage(ctx.state, date, {
          errors: [{ field: "id", code: "appointmentNotStarted" }],
          form: "noShow",
        }, 409);
      }
      return ctx.redirect(`/urad/rezervace?den=${date}&hotovo=noShow`);
    }
    if (action === "block") {
      const r = await blockSlot(deps, c, {
        serviceId: cleanText(form.get("serviceId")),
        slot: slotOf(form),
        reason: cleanText(form.get("reason")),
      });
      if (!r.ok) {
        if (r.code === "notFound") throw new HttpError(404);
        return dayPage(ctx.state, date, {
          errors: [{ field: "slot", code: r.code }],
          form: "block",
        }, slotStatus(r.code));
      }
      return ctx.redirect(`/urad/rezervace?den=${date}&hotovo=block`);
    }
    if (action === "book") {
      const r = await bookForCaller(deps, c, {
        serviceId: cleanText(form.get("serviceId")),
        slot: slotOf(form),
        values: contactValues(form),
      });
      if (!r.ok) {
        const full = r.errors.some((e) => e.code === "appointmentSlotFull");
        return dayPage(ctx.state, date, { errors: r.errors, form: "book" }, full ? 409 : 422);
      }
      return ctx.redirect(`/urad/rezervace?den=${date}&hotovo=book`);
    }
    if (action === "unblock") {
      const r = await unblockSeat(deps, c, {
        serviceId: cleanText(form.get("serviceId")),
        startsAt: cleanText(form.get("startsAt")),
        seat: cleanText(form.get("seat")),
      });
      if (r === "notFound") throw new HttpError(404);
      return ctx.redirect(`/urad/rezervace?den=${date}&hotovo=unblock`);
    }
    if (action === "exception") {
      const input = {
        serviceId: cleanText(form.get("serviceId")),
        date: cleanText(form.get("exceptionDate")),
        kind: cleanText(form.get("kind")),
        opens: cleanText(form.get("opens")),
        closes: cleanText(form.get("closes")),
        note: cleanText(form.get("note")),
      };
      const r = await addException(deps, c, input, isConfirmed(form));
      if (!r.ok && "confirm" in r) {
        return dayPage(ctx.state, date, {
          confirm: {
            bookings: r.confirm.bookings,
            hidden: {
              action,
              den: date,
              serviceId: input.serviceId,
              exceptionDate: input.date,
              kind: input.kind,
              opens: input.opens,
              closes: input.closes,
              note: input.note,
            },
          },
        });
      }
      if (!r.ok) return dayPage(ctx.state, date, { errors: r.errors, form: "exception" }, 422);
      return ctx.redirect(
        `/urad/rezervace?den=${date}&hotovo=${r.cancelled > 0 ? "closedCancelled" : "exception"}`,
      );
    }
    throw new HttpError(400);
  },
});

export default define.page<typeof handler>(({ data, state }) => (
  <ClerkDayView data={data} state={state} />
));
