/**
 * `/urad/rezervace/sluzby`: the services a citizen books (issue 15, review; role `appointments`
 * or the town's admin): the list with duration, desks, weekly hours and whether each is
 * offered, and the form of a new service (Czech 422 with the errors at their fields). Audited.
 */
import { define } from "../../../../lib/http/define.ts";
import { page } from "../../../../lib/web/mod.ts";
import { assertClerk } from "../../../../lib/http/auth.ts";
import { appointmentDeps, appointmentWhere } from "../../../../lib/http/appointments.ts";
import { getDb } from "../../../../lib/db.ts";
import { saveService, serviceSettings, townClerks } from "../../../../app/appointment_admin.ts";
import { serviceForm } from "../../../../lib/http/appointment_admin.ts";
import type { ServiceInput } from "../../../../domain/appointment_admin.ts";
import type { FieldError } from "../../../../domain/validation.ts";
import {
  emptyService,
  ServiceListView,
} from "../../../../components/appointments/ServiceSettings.tsx";

async function listPage(
  tenantId: string,
  values: ServiceInput,
  errors: FieldError<string>[],
  status = 200,
) {
  const db = getDb();
  const [services, clerks] = await Promise.all([
    serviceSettings(db, tenantId),
    townClerks(db, tenantId),
  ]);
  return page({ services, clerks, values, errors }, { status });
}

export const handler = define.handlers({
  GET(ctx) {
    assertClerk(ctx.state, "appointments");
    return listPage(ctx.state.tenant.id, emptyService(), []);
  },
  async POST(ctx) {
    assertClerk(ctx.state, "appointments");
    const values = serviceForm(await ctx.formData());
    const r = await saveService(
      appointmentDeps(),
      { where: appointmentWhere(ctx.state), clerkId: ctx.state.clerk.clerkId },
      null,
      values,
    );
    if (!r.ok) {
      if ("code" in r) return listPage(ctx.state.tenant.id, values, [], 404);
      return listPage(ctx.state.tenant.id, values, r.errors, 422);
    }
    return ctx.redirect(`/urad/rezervace/sluzby/${r.id}?hotovo=created`);
  },
});

export default define.page<typeof handler>(({ data, state }) => (
  <ServiceListView data={data} state={state} />
));
