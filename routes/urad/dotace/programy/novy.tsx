/**
 * A new grant programme (issue 14): the form, its Czech errors (422), and on success the
 * programme's page. Its title is unique in the town, so a double submit makes one programme.
 */
import { define } from "../../../../lib/http/define.ts";
import { page } from "../../../../lib/web/mod.ts";
import { getDb } from "../../../../lib/db.ts";
import { assertClerk } from "../../../../lib/http/auth.ts";
import { createProgramme } from "../../../../app/grants.ts";
import {
  type GrantFieldError,
  type ProgrammeFormValues,
  programmeFormValues,
  validateProgramme,
} from "../../../../domain/grants.ts";
import {
  emptyProgrammeValues,
  ProgrammeForm,
} from "../../../../components/grants/ProgrammeForm.tsx";
import { PageTitle } from "../../../../components/layout/DocumentTitle.tsx";

interface Data {
  values: ProgrammeFormValues;
  errors: GrantFieldError[];
}

export const handler = define.handlers({
  GET(ctx) {
    assertClerk(ctx.state, "grants");
    return page<Data>({ values: emptyProgrammeValues(), errors: [] });
  },
  async POST(ctx) {
    assertClerk(ctx.state, "grants");
    const { tenant, clerk, requestId } = ctx.state;
    const form = await ctx.formData();
    const result = validateProgramme(form);
    if (!result.ok) {
      return page<Data>({ values: programmeFormValues(form), errors: result.errors }, {
        status: 422,
      });
    }
    const r = await createProgramme({ db: getDb() }, {
      tenantId: tenant.id,
      clerkId: clerk.clerkId,
      requestId,
    }, result.value);
    if (!r.ok) {
      return page<Data>({
        values: programmeFormValues(form),
        errors: [{ field: "title", code: "titleTaken" }],
      }, { status: 409 });
    }
    return ctx.redirect(`/urad/dotace/programy/${r.id}?zalozeno=1`);
  },
});

export default define.page<typeof handler>(({ data, state }) => {
  const { t } = state;
  return (
    <div class="narrow">
      <PageTitle title={t("grants.office.newProgramme")} state={state} />
      <p>
        <a href="/urad/dotace">{t("grants.office.back")}</a>
      </p>
      <h1>{t("grants.office.newProgramme")}</h1>
      <ProgrammeForm
        action="/urad/dotace/programy/novy"
        values={data.values}
        errors={data.errors}
        csrfToken={state.csrfToken}
        t={t}
        submit={t("grants.form.submit")}
      />
    </div>
  );
});
