/**
 * `/urad/rezervace/sluzby/<id>`: one service's settings (issue 15, review; role `appointments`
 * or the town's admin): its weekly hours (a range added — no overlap, the end after the start,
 * room for one appointment —, changed in place under the same checks, or removed) and its facts
 * (names, department, place, duration, desks, serving clerks, offered or not). Free slots follow
 * at once; bookings stay. Audited. Another town's service is a 404.
 */
import { define } from "../../../../lib/http/define.ts";
import { HttpError, page } from "../../../../lib/web/mod.ts";
import { assertClerk } from "../../../../lib/http/auth.ts";
import { appointmentDeps, appointmentWhere } from "../../../../lib/http/appointments.ts";
import { getDb } from "../../../../lib/db.ts";
import {
  addHours,
  changeHours,
  oneServiceSettings,
  removeHours,
  saveService,
  townClerks,
} from "../../../../app/appointment_admin.ts";
import { serviceForm } from "../../../../lib/http/appointment_admin.ts";
import type { ServiceInput } from "../../../../domain/appointment_admin.ts";
import { cleanText, type FieldError } from "../../../../domain/validation.ts";
import {
  hoursInput,
  ServiceEditView,
  serviceInput,
} from "../../../../components/appointments/ServiceSettings.tsx";

const NO_HOURS = { weekday: "1", opens: "", closes: "" };

async function editPage(
  tenantId: string,
  id: string,
  shown: {
    values?: ServiceInput;
    errors?: FieldError<string>[];
    form?: string;
    hoursValues?: typeof NO_HOURS;
    done?: string | null;
    /** The range being changed (`?upravit=<id>`), its form filled with it. */
    editing?: string | null;
  },
  status = 200,
) {
  const db = getDb();
  const service = await oneServiceSettings(db, tenantId, id);
  if (!service) throw new HttpError(404);
  const editing = service.hours.find((h) => h.id === shown.editing) ?? null;
  return page({
    editing: editing?.id ?? null,
    service,
    clerks: await townClerks(db, tenantId),
    values: shown.values ?? serviceInput(service),
    errors: shown.errors ?? [],
    form: shown.form ?? null,
    hoursValues: shown.hoursValues ?? (editing ? hoursInput(editing) : NO_HOURS),
    done: shown.done ?? null,
  }, { status });
}

export const handler = define.handlers({
  GET(ctx) {
    assertClerk(ctx.state, "appointments");
    return editPage(ctx.state.tenant.id, ctx.params.id, {
      done: ctx.url.searchParams.get("hotovo"),
      editing: ctx.url.searchParams.get("upravit"),
    });
  },
  async POST(ctx) {
    assertClerk(ctx.state, "appointments");
    const form = await ctx.formData();
    const id = ctx.params.id;
    const tenantId = ctx.state.tenant.id;
    const deps = appointmentDeps();
    const c = { where: appointmentWhere(ctx.state), clerkId: ctx.state.clerk.clerkId };
    const back = (done: string) => ctx.redirect(`/urad/rezervace/sluzby/${id}?hotovo=${done}`);
    // Another town's service is a 404 whatever the form says.
    if (!(await oneServiceSettings(getDb(), tenantId, id))) throw new HttpError(404);
    const action = cleanText(form.get("action"));
    if (action === "save") {
      const values = serviceForm(form);
      const r = await saveService(deps, c, id, values);
      if (!r.ok) {
        if ("code" in r) throw new HttpError(404);
        return editPage(tenantId, id, { values, errors: r.errors, form: "save" }, 422);
      }
      return back("saved");
    }
    if (action === "addHours") {
      const hoursValues = {
        weekday: cleanText(form.get("weekday")),
        opens: cleanText(form.get("opens")),
        closes: cleanText(form.get("closes")),
      };
      const r = await addHours(deps, c, id, hoursValues);
      if (!r.ok) {
        if ("code" in r) throw new HttpError(404);
        return editPage(tenantId, id, { hoursValues, errors: r.errors, form: "addHours" }, 422);
      }
      return back("hoursAdded");
    }
    if (action === "changeHours") {
      const hoursId = cleanText(form.get("hoursId"));
      const hoursValues = {
        weekday: cleanText(form.get("weekday")),
        opens: cleanText(form.get("opens")),
        closes: cleanText(form.get("closes")),
      };
      const r = await changeHours(deps, c, id, hoursId, hoursValues);
      if (!r.ok) {
        if ("code" in r) throw new HttpError(404);
        return editPage(
          tenantId,
          id,
          { hoursValues, errors: r.errors, form: "addHours", editing: hoursId },
          422,
        );
      }
      return back("hoursChanged");
    }
    if (action === "removeHours") {
      const r = await removeHours(deps, c, id, cleanText(form.get("hoursId")));
      if (r === "notFound") throw new HttpError(404);
      return back("hoursRemoved");
    }
    throw new HttpError(400);
  },
});

export default define.page<typeof handler>(({ data, state }) => (
  <ServiceEditView data={data} state={state} />
));
