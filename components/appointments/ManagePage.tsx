/**
 * A booking's page for its holder (issue 15): facts, then — until 2 hours before — a move to
 * another slot of the chosen day and a cancellation with its confirmation page.
 */
import type { State } from "../../lib/state.ts";
import type { ManageData } from "../../lib/http/appointment_manage.ts";
import { CONFIRM_FIELD, CONFIRM_VALUE } from "../../lib/http/confirm.ts";
import { PageTitle } from "../layout/DocumentTitle.tsx";
import { Notice } from "../layout/Notice.tsx";
import { CsrfField, SubmitButton } from "../form/mod.ts";
import { BookingFacts, dayLabel, DayPicker, NextSlots, SlotButtons } from "./Parts.tsx";

export function ManagePage(
  { data, state, url }: { data: ManageData; state: State; url: URL },
) {
  const { t, locale } = state;
  const path = url.pathname;
  const q = url.searchParams;
  const title = t("appointments.manage.title");
  if (data.confirmCancel) {
    return (
      <div class="appointments narrow">
        <PageTitle title={t("appointments.manage.cancelConfirm")} state={state} />
        <h1>{t("appointments.manage.cancelConfirm")}</h1>
        <Notice
          type="warning"
          t={t}
          title={t("appointments.manage.cancelConsequence")}
          live={false}
        />
        <BookingFacts t={t} service={data.service} a={data.a} />
        <form method="post" action={path}>
          <CsrfField token={state.csrfToken} />
          <input type="hidden" name="action" value="cancel" />
          <input type="hidden" name={CONFIRM_FIELD} value={CONFIRM_VALUE} />
          <SubmitButton>{t("appointments.manage.cancelYes")}</SubmitButton>
        </form>
        <p>
          <a href={path}>{t("appointments.manage.back")}</a>
        </p>
      </div>
    );
  }
  return (
    <div class="appointments narrow">
      <PageTitle title={title} state={state} />
      <h1>{title}</h1>
      {q.has("rezervovano") && (
        <Notice type="success" t={t} title={t("appointments.manage.booked")} />
      )}
      {q.has("presunuto") && <Notice type="success" t={t} title={t("appointments.manage.moved")} />}
      {q.has("zruseno") && (
        <Notice type="success" t={t} title={t("appointments.manage.cancelled")} />
      )}
      {data.problem && (
        <Notice type="error" t={t} title={t(`validation.${data.problem.code}`)}>
          {data.problem.next.length > 0 && <NextSlots next={data.problem.next} base={path} t={t} />}
        </Notice>
      )}
      <BookingFacts t={t} service={data.service} a={data.a} />
      {data.a.status === "booked" && !data.changeable && <p>{t("appointments.manage.tooLate")}</p>}
      {data.changeable && data.day && (
        <>
          <h2>{t("appointments.manage.moveHeading")}</h2>
          <DayPicker days={data.day.days} date={data.day.date} base={path} t={t} locale={locale} />
          <h3>{t("appointments.slotsOf", { day: dayLabel(data.day.date, locale) })}</h3>
          <SlotButtons
            slots={data.day.slots.filter((s) =>
              s.startsAt !== new Date(data.a.starts_at).toISOString()
            )}
            action={path}
            csrfToken={state.csrfToken}
            t={t}
            extra={{ action: "move" }}
            label={(time) => t("appointments.manage.moveTo", { time })}
          />
          <h2>{t("appointments.manage.cancelHeading")}</h2>
          <form method="post" action={path}>
            <CsrfField token={state.csrfToken} />
            <input type="hidden" name="action" value="cancel" />
            <SubmitButton variant="secondary">{t("appointments.manage.cancel")}</SubmitButton>
          </form>
        </>
      )}
    </div>
  );
}
