/**
 * Finding a person of this town at the counter: by name, user name, verified e-mail or phone.
 * Searching shows personal data (names, birth dates), so every search is in the audit log
 * (how many were found; not what was typed, which may be an e-mail or a phone number).
 */
import { define } from "../../../lib/http/define.ts";
import { page } from "../../../lib/web/mod.ts";
import { assertClerk } from "../../../lib/http/auth.ts";
import { clerkActor } from "../../../lib/http/identity/actor.ts";
import { formatDate } from "../../../lib/http/format.ts";
import type { PersonSearchHit } from "../../../db/repositories/persons.ts";
import { findPersons } from "../../../app/persons.ts";
import { defaultDeps } from "../../../app/deps.ts";
import {
  highestLevel,
  OFFICE_MESSAGES,
  type OfficeFieldError,
  PERSON_QUERY_MAX,
  PERSON_QUERY_MIN,
  ROLE_IDENTITY,
  validatePersonQuery,
} from "../../../domain/clerks.ts";
import {
  ErrorSummary,
  SubmitButton,
  TextField,
  withErrorMessages,
} from "../../../components/form/mod.ts";
import { PageTitle } from "../../../components/layout/DocumentTitle.tsx";
import { TableRegion } from "../../../components/layout/TableRegion.tsx";

const LIMIT = 50;

export const handler = define.handlers({
  async GET(ctx) {
    assertClerk(ctx.state, ROLE_IDENTITY);
    const raw = ctx.url.searchParams.get("q");
    if (raw === null) {
      return page({ q: "", errors: [] as OfficeFieldError[], hits: null, more: false });
    }
    const query = validatePersonQuery(raw);
    if (!query.ok) {
      return page({ q: raw.slice(0, 200), errors: query.errors, hits: null, more: false }, {
        status: 422,
      });
    }
    const found = await findPersons(defaultDeps(), clerkActor(ctx.state), query.value, LIMIT);
    return page({
      q: raw.slice(0, 200),
      errors: [] as OfficeFieldError[],
      hits: found.hits as PersonSearchHit[] | null,
      more: found.more,
    });
  },
});

export default define.page<typeof handler>(({ data, state }) => {
  const { locale } = state;
  const t = withErrorMessages(state.t, OFFICE_MESSAGES);
  const { errors } = data;
  return (
    <div>
      <PageTitle title={t("officePersons.title")} state={state} />
      <p>
        <a href="/urad">{t("office.backToWorkspace")}</a>
      </p>
      <h1>{t("officePersons.title")}</h1>
      <p class="lead">{t("officePersons.lead")}</p>
      <ErrorSummary errors={errors} t={t} labels={{ q: t("officePersons.search.label") }} />
      <form method="get" action="/urad/osoby" role="search" novalidate>
        <TextField
          name="q"
          type="search"
          label={t("officePersons.search.label")}
          hint={t("officePersons.search.hint", { min: PERSON_QUERY_MIN })}
          value={data.q}
          required
          maxLength={PERSON_QUERY_MAX}
          autocomplete="off"
          spellcheck={false}
          errors={errors}
          t={t}
        />
        <SubmitButton>{t("common.search")}</SubmitButton>
      </form>
      {data.hits && (
        <section aria-labelledby="results-heading">
          <h2 id="results-heading">
            {t("officePersons.search.results", { n: data.hits.length })}
          </h2>
          {data.more && <p>{t("officePersons.search.more", { n: data.hits.length })}</p>}
          {data.hits.length === 0
            ? <p>{t("officePersons.search.none")}</p>
            : (
              <TableRegion label={t("officePersons.search.caption")}>
                <table class="data-table">
                  <caption class="u-sr-only">{t("officePersons.search.caption")}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{t("officePersons.field.name")}</th>
                      <th scope="col">{t("officePersons.field.username")}</th>
                      <th scope="col">{t("officePersons.field.birthDate")}</th>
                      <th scope="col">{t("officePersons.field.identityLevel")}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {data.hits.map((p) => {
                      const level = highestLevel(p.levels);
                      return (
                        <tr>
                          <th scope="row">
                            <a href={`/urad/osoby/${p.id}`}>{p.given_name} {p.family_name}</a>
                            {p.status !== "active" && (
                              <>
                                {" "}
                                <span class="u-muted">
                                  ({t(`officePersons.status.${p.status}`)})
                                </span>
                              </>
                            )}
                          </th>
                          <td>{p.username}</td>
                          <td>
                            {p.birth_date
                              ? formatDate(new Date(`${p.birth_date}T12:00:00Z`), locale)
                              : t("officePersons.unknown")}
                          </td>
                          <td>
                            {level
                              ? t(`officePersons.loa.${level}`)
                              : t("officePersons.noIdentity")}
                          </td>
                        </tr>
                      );
                    })}
                  </tbody>
                </table>
              </TableRegion>
            )}
        </section>
      )}
    </div>
  );
});
