/**
 * The clerk's settings of appointments (issue 15, review): the list of services with their
 * weekly hours, the form of a service (new or edited), and a service's hours with the form to
 * add a range and a button to remove each. Plain forms, no JavaScript.
 */
import type { State } from "../../lib/state.ts";
import type { FieldError } from "../../domain/validation.ts";
import type { ServiceInput } from "../../domain/appointment_admin.ts";
import { minutesText } from "../../domain/appointments.ts";
import type { ServiceSettings } from "../../app/appointment_admin.ts";
import { PageTitle } from "../layout/DocumentTitle.tsx";
import { Notice } from "../layout/Notice.tsx";
import { TableRegion } from "../layout/TableRegion.tsx";
import { CsrfField, ErrorSummary, Select, SubmitButton, TextArea, TextField } from "../form/mod.ts";
import { ChoiceGroup } from "../identity/ChoiceGroup.tsx";

export const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7] as const;

type Clerk = { id: string; display_name: string };

function serviceLabels(t: State["t"]): Record<string, string> {
  return {
    slug: t("appointments.admin.slug"),
    name: t("appointments.admin.name"),
    nameEn: t("appointments.admin.nameEn"),
    department: t("appointments.admin.department"),
    location: t("appointments.admin.location"),
    description: t("appointments.admin.description"),
    duration: t("appointments.admin.duration"),
    desks: t("appointments.admin.desks"),
    clerkIds: t("appointments.admin.clerks"),
    active: t("appointments.admin.active"),
    weekday: t("appointments.admin.weekday"),
    opens: t("appointments.office.opens"),
    closes: t("appointments.office.closes"),
  };
}

/** The hours of a service, in words: "Po 08:00–12:00, Út …". */
function hoursText(t: State["t"], hours: ServiceSettings["hours"]): string {
  return hours.map((h) =>
    `${t(`appointments.admin.day.${h.weekday}`)} ${minutesText(h.opens)}–${minutesText(h.closes)}`
  ).join(", ");
}

export function emptyService(): ServiceInput {
  return {
    slug: "",
    department: "",
    name: "",
    nameEn: "",
    location: "",
    description: "",
    duration: "30",
    desks: "1",
    active: true,
    clerkIds: [],
  };
}

/** A range of weekly hours as its form's fields (to change it in place). */
export function hoursInput(h: ServiceSettings["hours"][number]) {
  return { weekday: String(h.weekday), opens: minutesText(h.opens), closes: minutesText(h.closes) };
}

export function serviceInput(s: ServiceSettings): ServiceInput {
  return {
    slug: s.slug,
    department: s.department,
    name: s.name,
    nameEn: s.name_en,
    location: s.location,
    description: s.description,
    duration: String(s.duration_minutes),
    desks: String(s.desks),
    active: s.active,
    clerkIds: s.clerkIds,
  };
}

function ServiceForm(
  { state, action, values, errors, clerks, isNew }: {
    state: State;
    action: string;
    values: ServiceInput;
    errors: FieldError<string>[];
    clerks: Clerk[];
    isNew: boolean;
  },
) {
  const { t } = state;
  const labels = serviceLabels(t);
  return (
    <form method="post" action={action} novalidate>
      <CsrfField token={state.csrfToken} />
      <input type="hidden" name="action" value="save" />
      {isNew && (
        <TextField
          name="slug"
          label={labels.slug}
          hint={t("appointments.admin.slugHint")}
          value={values.slug}
          errors={errors}
          t={t}
          required
          maxLength={60}
        />
      )}
      <TextField
        name="name"
        label={labels.name}
        value={values.name}
        errors={errors}
        t={t}
        required
      />
      <TextField
        name="nameEn"
        label={labels.nameEn}
        value={values.nameEn}
        errors={errors}
        t={t}
        required
      />
      <TextField
        name="department"
        label={labels.department}
        value={values.department}
        errors={errors}
        t={t}
        required
      />
      <TextField
        name="location"
        label={labels.location}
        value={values.location}
        errors={errors}
        t={t}
      />
      <TextArea
        name="description"
        label={labels.description}
        value={values.description}
        errors={errors}
        t={t}
        rows={3}
      />
      <TextField
        name="duration"
        label={labels.duration}
        hint={t("appointments.admin.durationHint")}
        value={values.duration}
        inputMode="numeric"
        width="s"
        errors={errors}
        t={t}
        required
      />
      <TextField
        name="desks"
        label={labels.desks}
        hint={t("appointments.admin.desksHint")}
        value={values.desks}
        inputMode="numeric"
        width="s"
        errors={errors}
        t={t}
        required
      />
      <ChoiceGroup
        type="checkbox"
        name="clerkIds"
        legend={labels.clerkIds}
        hint={t("appointments.admin.clerksHint")}
        options={clerks.map((c) => ({ value: c.id, label: c.display_name }))}
        selected={values.clerkIds}
        errors={errors}
        t={t}
      />
      <ChoiceGroup
        type="checkbox"
        name="active"
        legend={labels.active}
        options={[{ value: "on", label: t("appointments.admin.activeYes") }]}
        selected={values.active ? ["on"] : []}
        errors={errors}
        t={t}
      />
      <SubmitButton>
        {isNew ? t("appointments.admin.create") : t("appointments.admin.save")}
      </SubmitButton>
    </form>
  );
}

export interface ServiceListData {
  services: ServiceSettings[];
  clerks: Clerk[];
  values: ServiceInput;
  errors: FieldError<string>[];
}

export function ServiceListView({ data, state }: { data: ServiceListData; state: State }) {
  const { t } = state;
  const title = t("appointments.admin.title");
  return (
    <div class="appointments">
      <PageTitle title={title} state={state} />
      <h1>{title}</h1>
      <p>{t("appointments.admin.lead")}</p>
      <p>
        <a href="/urad/rezervace">{t("appointments.admin.back")}</a>
      </p>
      <ErrorSummary errors={data.errors} t={t} labels={serviceLabels(t)} />
      <TableRegion label={t("appointments.admin.services")}>
        <table class="gov-table">
          <caption>{t("appointments.admin.services")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("appointments.fact.service")}</th>
              <th scope="col">{t("appointments.admin.department")}</th>
              <th scope="col">{t("appointments.admin.durationShort")}</th>
              <th scope="col">{t("appointments.admin.desks")}</th>
              <th scope="col">{t("appointments.admin.hours")}</th>
              <th scope="col">{t("appointments.fact.status")}</th>
            </tr>
          </thead>
          <tbody>
            {data.services.map((s) => (
              <tr key={s.id}>
                <th scope="row">
                  <a href={`/urad/rezervace/sluzby/${s.id}`}>{s.name}</a>
                </th>
                <td>{s.department}</td>
                <td>{t("appointments.admin.minutes", { n: s.duration_minutes })}</td>
                <td>{s.desks}</td>
                <td>{hoursText(t, s.hours) || t("appointments.admin.noHours")}</td>
                <td>
                  {s.active ? t("appointments.admin.offered") : t("appointments.admin.notOffered")}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableRegion>
      <h2>{t("appointments.admin.newHeading")}</h2>
      <ServiceForm
        state={state}
        action="/urad/rezervace/sluzby"
        values={data.values}
        errors={data.errors}
        clerks={data.clerks}
        isNew
      />
    </div>
  );
}

export interface ServiceEditData {
  service: ServiceSettings;
  clerks: Clerk[];
  values: ServiceInput;
  errors: FieldError<string>[];
  /** Which form the errors are of: "save" or "addHours" (adding or changing a range). */
  form: string | null;
  hoursValues: { weekday: string; opens: string; closes: string };
  done: string | null;
  /** The range whose change the hours form is (`?upravit=<id>`), else it adds one. */
  editing: string | null;
}

const DONE = ["created", "saved", "hoursAdded", "hoursChanged", "hoursRemoved"];

export function ServiceEditView({ data, state }: { data: ServiceEditData; state: State }) {
  const { t } = state;
  const s = data.service;
  const action = `/urad/rezervace/sluzby/${s.id}`;
  const title = t("appointments.admin.editTitle", { name: s.name });
  const labels = serviceLabels(t);
  const errorsOf = (form: string) => (data.form === form ? data.errors : []);
  const editing = s.hours.find((h) => h.id === data.editing);
  return (
    <div class="appointments">
      <PageTitle title={title} state={state} />
      <h1>{title}</h1>
      <p>
        <a href="/urad/rezervace/sluzby">{t("appointments.admin.backToList")}</a>
      </p>
      {data.done && DONE.includes(data.done) && (
        <Notice type="success" t={t} title={t(`appointments.admin.done.${data.done}`)} />
      )}
      <ErrorSummary errors={data.errors} t={t} labels={labels} />
      <p>
        {t("appointments.admin.address")}{" "}
        <a href={`/rezervace/${s.slug}`}>{`/rezervace/${s.slug}`}</a>
      </p>
      <h2>{t("appointments.admin.hoursHeading")}</h2>
      <p>{t("appointments.admin.hoursLead")}</p>
      {s.hours.length === 0
        ? <p>{t("appointments.admin.noHours")}</p>
        : (
          <TableRegion label={t("appointments.admin.hours")}>
            <table class="gov-table">
              <caption>{t("appointments.admin.hours")}</caption>
              <thead>
                <tr>
                  <th scope="col">{labels.weekday}</th>
                  <th scope="col">{t("appointments.admin.from")}</th>
                  <th scope="col">{t("appointments.admin.to")}</th>
                  <th scope="col">{t("appointments.admin.actions")}</th>
                </tr>
              </thead>
              <tbody>
                {s.hours.map((h) => {
                  const day = t(`appointments.admin.day.${h.weekday}`);
                  const range = `${minutesText(h.opens)}–${minutesText(h.closes)}`;
                  return (
                    <tr key={h.id}>
                      <th scope="row">{day}</th>
                      <td>{minutesText(h.opens)}</td>
                      <td>{minutesText(h.closes)}</td>
                      <td>
                        <p>
                          <a href={`${action}?upravit=${h.id}#hodiny-formular`}>
                            {t("appointments.admin.changeHours", { day, range })}
                          </a>
                        </p>
                        <form method="post" action={action}>
                          <CsrfField token={state.csrfToken} />
                          <input type="hidden" name="action" value="removeHours" />
                          <input type="hidden" name="hoursId" value={h.id} />
                          <SubmitButton variant="secondary">
                            {t("appointments.admin.removeHours", { day, range })}
                          </SubmitButton>
                        </form>
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </TableRegion>
        )}
      <h3 id="hodiny-formular">
        {editing
          ? t("appointments.admin.changeHoursHeading", {
            day: t(`appointments.admin.day.${editing.weekday}`),
            range: `${minutesText(editing.opens)}–${minutesText(editing.closes)}`,
          })
          : t("appointments.admin.addHoursHeading")}
      </h3>
      <form method="post" action={action} novalidate>
        <CsrfField token={state.csrfToken} />
        <input type="hidden" name="action" value={editing ? "changeHours" : "addHours"} />
        {editing && <input type="hidden" name="hoursId" value={editing.id} />}
        <Select
          name="weekday"
          label={labels.weekday}
          t={t}
          errors={errorsOf("addHours")}
          options={WEEKDAYS.map((d) => ({
            value: String(d),
            label: t(`appointments.admin.dayLong.${d}`),
          }))}
          value={data.hoursValues.weekday}
          required
        />
        <TextField
          name="opens"
          label={labels.opens}
          value={data.hoursValues.opens}
          errors={errorsOf("addHours")}
          width="s"
          hint="08:00"
          t={t}
          required
        />
        <TextField
          name="closes"
          label={labels.closes}
          value={data.hoursValues.closes}
          errors={errorsOf("addHours")}
          width="s"
          hint="12:00"
          t={t}
          required
        />
        <div class="form-actions">
          <SubmitButton variant="secondary">
            {t(editing ? "appointments.admin.saveHours" : "appointments.admin.addHours")}
          </SubmitButton>
          {editing && <a href={action}>{t("appointments.admin.cancelChange")}</a>}
        </div>
      </form>
      <h2>{t("appointments.admin.serviceHeading")}</h2>
      <ServiceForm
        state={state}
        action={action}
        values={data.values}
        errors={errorsOf("save")}
        clerks={data.clerks}
        isNew={false}
      />
    </div>
  );
}
