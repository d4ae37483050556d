/** The clerk's day of appointments (issue 15): bookings by service and time, and the forms. */
import type { State } from "../../lib/state.ts";
import type { FieldError } from "../../domain/validation.ts";
import { PageTitle } from "../layout/DocumentTitle.tsx";
import { Notice } from "../layout/Notice.tsx";
import { TableRegion } from "../layout/TableRegion.tsx";
import { CsrfField, ErrorSummary, Select, SubmitButton, TextArea, TextField } from "../form/mod.ts";
import { ConfirmAction } from "../layout/ConfirmAction.tsx";
import { slotTime } from "./Parts.tsx";

interface Row {
  service_id: string;
  starts_at: Date;
  seat: number;
  kind: string;
  block_reason: string | null;
  service_name: string;
  department: string;
  appointment_id: string | null;
  name: string | null;
  phone: string | null;
  email: string | null;
  subject: string | null;
  status: string | null;
}

export interface ClerkDayData {
  date: string;
  /** Only the services the clerk serves. */
  mine: boolean;
  rows: Row[];
  services: { id: string; name: string; department: string }[];
  errors: FieldError<string>[];
  form: string | null;
  done: string | null;
  /** Closing a day that has bookings: how many, and the form to confirm it with. */
  confirm: { bookings: number; hidden: Record<string, string> } | null;
}

function ConfirmClosing(
  { data, state, confirm }: {
    data: ClerkDayData;
    state: State;
    confirm: NonNullable<ClerkDayData["confirm"]>;
  },
) {
  const { t } = state;
  const h = confirm.hidden;
  const service = data.services.find((s) => s.id === h.serviceId);
  return (
    <ConfirmAction
      state={state}
      action="/urad/rezervace"
      title={t("appointments.office.closeConfirmTitle")}
      consequence={t("appointments.office.closeConsequence", { count: confirm.bookings })}
      summary={[
        {
          label: t("appointments.office.exceptionDate"),
          value: h.exceptionDate.split("-").reverse().join(". "),
        },
        {
          label: t("appointments.fact.service"),
          value: service ? service.name : t("appointments.office.allServices"),
        },
        { label: t("appointments.office.closeBookings"), value: String(confirm.bookings) },
        ...(h.note ? [{ label: t("appointments.office.note"), value: h.note }] : []),
      ]}
      hidden={h}
      confirmLabel={t("appointments.office.closeConfirm")}
      backHref={`/urad/rezervace?den=${h.den}`}
    />
  );
}

export function ClerkDayView({ data, state }: { data: ClerkDayData; state: State }) {
  const { t } = state;
  if (data.confirm) return <ConfirmClosing data={data} state={state} confirm={data.confirm} />;
  const title = t("appointments.office.title");
  const now = Date.now();
  const services = data.services.map((s) => ({
    value: s.id,
    label: `${s.name} (${s.department})`,
  }));
  const labels = {
    slot: t("appointments.office.slot"),
    serviceId: t("appointments.fact.service"),
    name: t("appointments.form.name"),
    phone: t("appointments.form.phone"),
    email: t("appointments.form.email"),
    subject: t("appointments.form.subject"),
    reason: t("appointments.office.reason"),
    id: t("appointments.office.noShow"),
    exceptionDate: t("appointments.office.exceptionDate"),
    kind: t("appointments.office.kind"),
    opens: t("appointments.office.opens"),
    closes: t("appointments.office.closes"),
    note: t("appointments.office.note"),
    exceptionService: t("appointments.fact.service"),
  };
  const errorsOf = (form: string) => (data.form === form ? data.errors : []);
  const byService = new Map<string, Row[]>();
  for (const r of data.rows) {
    byService.set(r.service_name, [...(byService.get(r.service_name) ?? []), r]);
  }
  return (
    <div class="appointments">
      <PageTitle title={title} state={state} />
      <h1>{title}</h1>
      {data.done && (
        <Notice type="success" t={t} title={t(`appointments.office.done.${data.done}`)} />
      )}
      <ErrorSummary
        errors={data.errors}
        t={t}
        labels={labels}
        ids={data.form === "block"
          ? { slot: "block-slot", serviceId: "block-service" }
          : data.form === "exception"
          ? { exceptionService: "exception-service" }
          : { slot: "book-slot", serviceId: "book-service" }}
      />
      <p>
        <a href="/urad/rezervace/sluzby">{t("appointments.admin.link")}</a>
      </p>
      <form method="get" action="/urad/rezervace">
        <TextField
          name="den"
          type="date"
          label={t("appointments.office.day")}
          t={t}
          value={data.date}
        />
        {data.mine && <input type="hidden" name="moje" value="1" />}
        <SubmitButton variant="secondary">{t("appointments.office.show")}</SubmitButton>
      </form>
      <p>
        {data.mine
          ? <a href={`/urad/rezervace?den=${data.date}`}>{t("appointments.office.all")}</a>
          : (
            <a href={`/urad/rezervace?den=${data.date}&moje=1`}>
              {t("appointments.office.mine")}
            </a>
          )}
      </p>
      <h2>
        {t("appointments.office.dayHeading", { day: data.date.split("-").reverse().join(". ") })}
      </h2>
      {byService.size === 0 && <p>{t("appointments.office.empty")}</p>}
      {[...byService].map(([service, rows]) => (
        <section key={service}>
          <h3>{service}</h3>
          <TableRegion label={service}>
            <table class="gov-table">
              <caption>{service}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("appointments.office.time")}</th>
                  <th scope="col">{t("appointments.office.desk")}</th>
                  <th scope="col">{t("appointments.office.who")}</th>
                  <th scope="col">{t("appointments.fact.subject")}</th>
                  <th scope="col">{t("appointments.fact.status")}</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((r) => (
                  <tr key={`${r.starts_at.toISOString()}-${r.seat}`}>
                    <th scope="row">{slotTime(r.starts_at.toISOString())}</th>
                    <td>{r.seat}</td>
                    <td>
                      {r.kind === "block"
                        ? t("appointments.office.blocked")
                        : [r.name, r.phone, r.email].filter(Boolean).join(", ")}
                    </td>
                    <td>{r.kind === "block" ? r.block_reason : r.subject}</td>
                    <td>
                      {r.status ? t(`appointments.status.${r.status}`) : ""}
                      {r.kind === "block" && (
                        <form method="post" action="/urad/rezervace">
                          <CsrfField token={state.csrfToken} />
                          <input type="hidden" name="action" value="unblock" />
                          <input type="hidden" name="den" value={data.date} />
                          <input type="hidden" name="serviceId" value={r.service_id} />
                          <input
                            type="hidden"
                            name="startsAt"
                            value={r.starts_at.toISOString()}
                          />
                          <input type="hidden" name="seat" value={String(r.seat)} />
                          <SubmitButton variant="secondary">
                            {t("appointments.office.unblockAt", {
                              time: slotTime(r.starts_at.toISOString()),
                              desk: r.seat,
                            })}
                          </SubmitButton>
                        </form>
                      )}
                      {r.status === "booked" && r.appointment_id && r.starts_at.getTime() <= now &&
                        (
                          <form method="post" action="/urad/rezervace">
                            <CsrfField token={state.csrfToken} />
                            <input type="hidden" name="action" value="noShow" />
                            <input type="hidden" name="den" value={data.date} />
                            <input type="hidden" name="id" value={r.appointment_id} />
                            <SubmitButton variant="secondary">
                              {t("appointments.office.noShowFor", { name: r.name ?? "" })}
                            </SubmitButton>
                          </form>
                        )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableRegion>
        </section>
      ))}
      <h2 id="phone-booking">{t("appointments.office.bookHeading")}</h2>
      <form method="post" action="/urad/rezervace" novalidate>
        <CsrfField token={state.csrfToken} />
        <input type="hidden" name="action" value="book" />
        <input type="hidden" name="den" value={data.date} />
        <Select
          name="serviceId"
          label={labels.serviceId}
          t={t}
          options={services}
          errors={errorsOf("book")}
          required
          id="book-service"
        />
        <TextField
          name="slot"
          type="datetime-local"
          label={labels.slot}
          t={t}
          errors={errorsOf("book")}
          required
          id="book-slot"
        />
        <TextField name="name" label={labels.name} t={t} errors={errorsOf("book")} required />
        <TextField name="phone" type="tel" label={labels.phone} t={t} errors={errorsOf("book")} />
        <TextField name="email" type="email" label={labels.email} t={t} errors={errorsOf("book")} />
        <TextArea
          name="subject"
          label={labels.subject}
          t={t}
          errors={errorsOf("book")}
          required
          rows={3}
        />
        <SubmitButton>{t("appointments.office.book")}</SubmitButton>
      </form>
      <h2>{t("appointments.office.exceptionHeading")}</h2>
      <p>{t("appointments.office.exceptionLead")}</p>
      <form method="post" action="/urad/rezervace" novalidate>
        <CsrfField token={state.csrfToken} />
        <input type="hidden" name="action" value="exception" />
        <input type="hidden" name="den" value={data.date} />
        <Select
          name="serviceId"
          label={labels.serviceId}
          t={t}
          options={[{ value: "", label: t("appointments.office.allServices") }, ...services]}
          id="exception-service"
        />
        <TextField
          name="exceptionDate"
          type="date"
          label={labels.exceptionDate}
          t={t}
          errors={errorsOf("exception")}
          required
        />
        <Select
          name="kind"
          label={labels.kind}
          t={t}
          errors={errorsOf("exception")}
          options={[
            { value: "closed", label: t("appointments.office.kindClosed") },
            { value: "extra", label: t("appointments.office.kindExtra") },
          ]}
          required
        />
        <TextField
          name="opens"
          label={labels.opens}
          t={t}
          errors={errorsOf("exception")}
          width="s"
          hint="08:00"
        />
        <TextField
          name="closes"
          label={labels.closes}
          t={t}
          errors={errorsOf("exception")}
          width="s"
          hint="12:00"
        />
        <TextField name="note" label={labels.note} t={t} errors={errorsOf("exception")} />
        <SubmitButton variant="secondary">{t("appointments.office.addException")}</SubmitButton>
      </form>
      <h2>{t("appointments.office.blockHeading")}</h2>
      <form method="post" action="/urad/rezervace" novalidate>
        <CsrfField token={state.csrfToken} />
        <input type="hidden" name="action" value="block" />
        <input type="hidden" name="den" value={data.date} />
        <Select
          name="serviceId"
          label={labels.serviceId}
          t={t}
          options={services}
          required
          id="block-service"
        />
        <TextField
          name="slot"
          type="datetime-local"
          label={labels.slot}
          t={t}
          errors={errorsOf("block")}
          required
          id="block-slot"
        />
        <TextField name="reason" label={labels.reason} t={t} />
        <SubmitButton variant="secondary">{t("appointments.office.block")}</SubmitButton>
      </form>
    </div>
  );
}
