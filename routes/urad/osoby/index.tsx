/**
 * The town's persons for the office: searched by name, user name, verified e-mail or phone, or
 * birth date (diacritics and case ignored), filtered by account state and by a valid agenda
 * authorization, 50 a page, and the same rows as CSV or xlsx. It shows personal data: every
 * listing and export is in the audit log (app/person_list.ts).
 */
import { define } from "../../../lib/http/define.ts";
import { page } from "../../../lib/web/mod.ts";
import { assertClerk } from "../../../lib/http/auth.ts";
import { clerkActor } from "../../../lib/http/identity/actor.ts";
import { exportResponse } from "../../../lib/http/export.ts";
import { listQueryOrThrow, parseListDate } from "../../../lib/web/list_query.ts";
import { listPersons } from "../../../app/person_list.ts";
import { defaultDeps } from "../../../app/deps.ts";
import { PERSON_STATES, type PersonState } from "../../../db/repositories/person_list.ts";
import { EXPORT_PAGING, pageOf } from "../../../db/repositories/list_sql.ts";
import {
  OFFICE_MESSAGES,
  type OfficeFieldError,
  ROLE_IDENTITY,
  validatePersonQuery,
} from "../../../domain/clerks.ts";
import { AGENDAS } from "../../../domain/identity.ts";
import { PageTitle } from "../../../components/layout/DocumentTitle.tsx";
import { ErrorSummary, withErrorMessages } from "../../../components/form/mod.ts";
import { ListSearch, StateCounts } from "../../../components/lists/mod.ts";
import { ListResults } from "../../../components/clerk_lists/ListResults.tsx";
import { personColumns, personExport } from "../../../components/clerk_lists/PersonList.tsx";

const PATH = "/urad/osoby";
const SPEC = { stav: PERSON_STATES, opravneni: AGENDAS } as const;

export const handler = define.handlers({
  async GET(ctx) {
    assertClerk(ctx.state, ROLE_IDENTITY);
    const query = listQueryOrThrow(ctx.url, SPEC);
    const asQuery = validatePersonQuery(query.q);
    if (query.q !== "" && !asQuery.ok) {
      // too short a search would list half the town: at least PERSON_QUERY_MIN characters
      const counts = { pending: 0, active: 0, disabled: 0 };
      return page({ query, rows: [], total: 0, counts, errors: asQuery.errors }, { status: 422 });
    }
    const filter = {
      search: query.q,
      phone: asQuery.ok ? asQuery.value.phone : null,
      digits: asQuery.ok ? asQuery.value.digits : null,
      birthDate: query.q ? parseListDate(query.q) : null,
      state: query.filters.stav as PersonState | undefined,
      agenda: query.filters.opravneni,
    };
    const actor = clerkActor(ctx.state);
    if (query.format !== "html") {
      const { rows } = await listPersons(defaultDeps(), actor, filter, EXPORT_PAGING, {
        export: query.format,
      });
      return exportResponse(query.format, "osoby", personExport(ctx.state.t), rows, {
        sheetName: ctx.state.t("officePersons.title"),
      });
    }
    const list = await listPersons(defaultDeps(), actor, filter, pageOf(query), { counts: true });
    return page({
      query,
      rows: list.rows,
      total: list.total,
      counts: list.counts!,
      errors: [] as OfficeFieldError[],
    });
  },
});

export default define.page<typeof handler>(({ data, state }) => {
  const { locale } = state;
  const t = withErrorMessages(state.t, OFFICE_MESSAGES);
  const { query, counts, errors } = data;
  return (
    <div>
      <PageTitle title={t("officePersons.title")} state={state} />
      <p>
        <a href="/urad">{t("office.backToWorkspace")}</a>
      </p>
      <h1>{t("officePersons.title")}</h1>
      <p class="lead">{t("officePersons.lead")}</p>
      <ErrorSummary
        errors={errors}
        t={t}
        labels={{ q: t("officePersons.search.label") }}
        ids={{ q: "list-q" }}
      />
      <StateCounts
        path={PATH}
        query={query}
        name="stav"
        total={PERSON_STATES.reduce((n, s) => n + counts[s], 0)}
        items={PERSON_STATES.map((s) => ({
          value: s,
          label: t(`officePersons.status.${s}`),
          count: counts[s],
        }))}
        t={t}
      />
      <ListSearch
        path={PATH}
        query={query}
        searchLabel={t("officePersons.search.label")}
        searchHint={t("clerkLists.persons.searchHint")}
        fields={[
          {
            kind: "select",
            name: "opravneni",
            label: t("clerkLists.persons.agenda"),
            options: AGENDAS.map((a) => ({ value: a, label: t(`agenda.${a}`) })),
          },
        ]}
        t={t}
      />
      {errors.length === 0 && (
        <ListResults
          path={PATH}
          query={query}
          total={data.total}
          empty={t("officePersons.search.none")}
          table={{
            caption: t("officePersons.search.caption"),
            captionHidden: true,
            columns: personColumns(t, locale),
            rows: data.rows,
            rowKey: (p) => p.id,
          }}
          t={t}
        />
      )}
    </div>
  );
});
