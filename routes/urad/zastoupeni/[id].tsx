/**
 * One representation request as the office sees it: who asks (the representative's identity),
 * for whom, the attached document, and the decision — grant (optionally linking the
 * represented person to a person of the town, found by name and birth date) or refuse with a
 * reason the representative will read. Decided once; both outcomes are audited.
 */
import { define } from "../../../lib/define.ts";
import { HttpError, page } from "../../../lib/web/mod.ts";
import { getDb } from "../../../lib/db.ts";
import { assertClerk } from "../../../lib/auth.ts";
import { appendAudit, listAudit } from "../../../db/repositories/audit.ts";
import { findPerson, listContacts } from "../../../db/repositories/persons.ts";
import { findClerk } from "../../../db/repositories/clerks.ts";
import {
  findRepresentation,
  grantRepresentation,
  type PersonCandidate,
  refuseRepresentation,
  type RepresentationSummary,
  searchPersons,
} from "../../../db/repositories/representations.ts";
import { formatPhone } from "../../../domain/identity.ts";
import {
  canDecide,
  isIsoDate,
  REPRESENTATION_LIMITS,
  representsPerson,
} from "../../../domain/representation.ts";
import { checkText, cleanText, type FieldError } from "../../../domain/validation.ts";
import { formatDateTime } from "../../../lib/format.ts";
import {
  CsrfField,
  ErrorSummary,
  SubmitButton,
  TextArea,
  TextField,
} from "../../../components/form/mod.ts";
import { ChoiceGroup } from "../../../components/identity/ChoiceGroup.tsx";
import {
  formatIsoDate,
  RepresentationFacts,
} from "../../../components/identity/RepresentationFacts.tsx";
import { Alert, Notice } from "../../../components/layout/Notice.tsx";
import { PageTitle } from "../../../components/layout/DocumentTitle.tsx";

type Problem = "alreadyDecided" | null;

interface Search {
  name: string;
  birthDate: string;
  /** Whether a search was made (by the clerk, or the automatic one by the requested name). */
  done: boolean;
}

async function load(
  tenantId: string,
  id: string,
  makeSearch: (r: RepresentationSummary) => Search,
) {
  const db = getDb();
  const representation = await findRepresentation(db, tenantId, id);
  if (!representation) throw new HttpError(404);
  const search = makeSearch(representation);
  const [representative, contacts, history, decidedBy] = await Promise.all([
    findPerson(db, tenantId, representation.representative_id),
    listContacts(db, tenantId, representation.representative_id),
    listAudit(db, tenantId, representation.id),
    representation.decided_by
      ? findClerk(db, tenantId, representation.decided_by)
      : Promise.resolve(undefined),
  ]);
  if (!representative) throw new HttpError(404);
  const searching = canDecide(representation.status) && representsPerson(representation.kind) &&
    search.done;
  const candidates: PersonCandidate[] = searching
    ? await searchPersons(db, tenantId, {
      name: search.name,
      birthDate: isIsoDate(search.birthDate) ? search.birthDate : null,
      excludeId: representative.id,
    })
    : [];
  const linked = representation.represented_person_id
    ? await findPerson(db, tenantId, representation.represented_person_id)
    : undefined;
  return {
    representation,
    representative: {
      id: representative.id,
      name: `${representative.given_name} ${representative.family_name}`,
      username: representative.username,
      birthDate: representative.birth_date,
      createdAt: representative.created_at,
      contacts: contacts.filter((c) => c.verified_at).map((c) => ({
        kind: c.kind,
        value: c.kind === "phone" ? formatPhone(c.value) : c.value,
      })),
    },
    linked: linked
      ? { name: `${linked.given_name} ${linked.family_name}`, username: linked.username }
      : null,
    decidedBy: decidedBy?.display_name ?? null,
    history,
    search,
    candidates,
  };
}

/** The first look searches by the requested name; the clerk can then refine the search. */
function searchFrom(url: URL, r: RepresentationSummary): Search {
  const given = url.searchParams.has("jmeno") || url.searchParams.has("narozeni");
  return {
    name: cleanText(given ? url.searchParams.get("jmeno") : r.represented_name).slice(0, 100),
    birthDate: cleanText(url.searchParams.get("narozeni")).slice(0, 10),
    done: true,
  };
}

export const handler = define.handlers({
  async GET(ctx) {
    assertClerk(ctx.state, "identity");
    const data = await load(ctx.state.tenant.id, ctx.params.id, (r) => searchFrom(ctx.url, r));
    // The page shows the representative's personal data: every clerk view is in the audit log.
    await appendAudit(getDb(), {
      tenantId: ctx.state.tenant.id,
      actorType: "clerk",
      actorId: ctx.state.clerk.clerkId,
      action: "representation.viewed",
      subjectType: "representation",
      subjectId: data.representation.id,
      requestId: ctx.state.requestId,
      details: { representativeId: data.representation.representative_id },
    });
    return page({
      ...data,
      reason: "",
      selected: "",
      errors: [] as FieldError[],
      problem: null as Problem,
      granted: ctx.url.searchParams.has("udeleno"),
      refused: ctx.url.searchParams.has("zamitnuto"),
    });
  },
  async POST(ctx) {
    assertClerk(ctx.state, "identity");
    const { tenant, clerk, requestId } = ctx.state;
    const db = getDb();
    const form = await ctx.formData();
    const decision = cleanText(form.get("decision"));
    const reason = cleanText(form.get("reason"));
    const selected = cleanText(form.get("representedPersonId"));
    const current = await findRepresentation(db, tenant.id, ctx.params.id);
    if (!current) throw new HttpError(404);
    const search = {
      name: cleanText(form.get("jmeno")).slice(0, 100),
      birthDate: cleanText(form.get("narozeni")).slice(0, 10),
      done: form.has("jmeno"),
    };
    const errors: FieldError[] = [];
    const render = async (problem: Problem, status: number) =>
      page({
        ...(await load(tenant.id, current.id, () => search)),
        reason: reason.slice(0, 600),
        selected,
        errors,
        problem,
        granted: false,
        refused: false,
      }, { status });

    if (decision !== "grant" && decision !== "refuse") throw new HttpError(400);
    if (!canDecide(current.status)) return render("alreadyDecided", 409);

    if (decision === "refuse") {
      checkText(errors, "reason", reason, {
        required: true,
        max: REPRESENTATION_LIMITS.decisionNote,
      });
      if (errors.length) return render(null, 422);
      if (!(await refuseRepresentation(db, tenant.id, current.id, clerk.clerkId, reason))) {
        return render("alreadyDecided", 409);
      }
      await appendAudit(db, {
        tenantId: tenant.id,
        actorType: "clerk",
        actorId: clerk.clerkId,
        action: "representation.refused",
        subjectType: "representation",
        subjectId: current.id,
        requestId,
        details: { representativeId: current.representative_id },
      });
      return ctx.redirect(`/urad/zastoupeni/${current.id}?zamitnuto=1`);
    }

    // Grant: the represented person, if the clerk picked one, must be an active person of this
    // town other than the representative, and only a person (not a company) can be linked.
    let representedPersonId: string | null = null;
    if (selected !== "") {
      const person = representsPerson(current.kind)
        ? await findPerson(db, tenant.id, selected)
        : undefined;
      if (!person || person.status !== "active" || person.id === current.representative_id) {
        errors.push({ field: "representedPersonId", code: "invalidChoice" });
        return render(null, 422);
      }
      representedPersonId = person.id;
    }
    const granted = await grantRepresentation(
      db,
      tenant.id,
      current.id,
      clerk.clerkId,
      representedPersonId,
    );
    if (!granted) return render("alreadyDecided", 409);
    await appendAudit(db, {
      tenantId: tenant.id,
      actorType: "clerk",
      actorId: clerk.clerkId,
      onBehalfOf: null,
      action: "representation.granted",
      subjectType: "representation",
      subjectId: current.id,
      requestId,
      details: {
        representativeId: current.representative_id,
        representedPersonId,
        kind: current.kind,
        scope: current.scope,
        validUntil: current.valid_until,
      },
    });
    return ctx.redirect(`/urad/zastoupeni/${current.id}?udeleno=1`);
  },
});

export default define.page<typeof handler>(({ data, state }) => {
  const { t, locale } = state;
  const { representation: r, representative, errors } = data;
  const decidable = canDecide(r.status);
  const title = t("officeRepresentation.detailTitle", { name: r.represented_name });
  const labels = {
    reason: t("officeRepresentation.refuse.reason"),
    representedPersonId: t("officeRepresentation.grant.link"),
  };
  return (
    <div>
      <PageTitle title={title} state={state} />
      <p>
        <a href="/urad/zastoupeni">{t("officeRepresentation.backToQueue")}</a>
      </p>
      <h1>{title}</h1>
      {data.granted && <Notice type="success" t={t} title={t("officeRepresentation.granted")} />}
      {data.refused && <Notice type="success" t={t} title={t("officeRepresentation.refused")} />}
      {data.problem && <Alert t={t} title={t("officeRepresentation.alreadyDecided")} />}
      <ErrorSummary errors={errors} t={t} labels={labels} />

      <h2>{t("officeRepresentation.representedHeading")}</h2>
      <RepresentationFacts r={r} t={t} locale={locale} />
      {data.linked && (
        <p>
          {t("officeRepresentation.linkedTo", {
            name: data.linked.name,
            username: data.linked.username,
          })}
        </p>
      )}
      {data.decidedBy && <p>{t("officeRepresentation.decidedBy", { name: data.decidedBy })}</p>}

      <h2>{t("officeRepresentation.documentHeading")}</h2>
      {r.document_name
        ? (
          <p>
            <a href={`/urad/zastoupeni/${r.id}/dokument`}>
              {t("officeRepresentation.download", { name: r.document_name })}
            </a>
            <br />
            <span class="u-muted">{t("officeRepresentation.downloadAudited")}</span>
          </p>
        )
        : <p>{t("officeRepresentation.noDocument")}</p>}

      <h2>{t("officeRepresentation.representativeHeading")}</h2>
      <dl class="facts">
        <div>
          <dt>{t("officeRepresentation.person.name")}</dt>
          <dd>{representative.name}</dd>
        </div>
        <div>
          <dt>{t("account.username")}</dt>
          <dd>{representative.username}</dd>
        </div>
        {representative.birthDate && (
          <div>
            <dt>{t("account.birthDate")}</dt>
            <dd>{formatIsoDate(representative.birthDate, locale)}</dd>
          </div>
        )}
        {representative.contacts.map((c) => (
          <div>
            <dt>{t(`account.contact.${c.kind}`)}</dt>
            <dd>{c.value}</dd>
          </div>
        ))}
        <div>
          <dt>{t("officeRepresentation.person.since")}</dt>
          <dd>{formatDateTime(representative.createdAt, locale)}</dd>
        </div>
      </dl>

      {decidable && (
        <>
          <section aria-labelledby="grant-heading">
            <h2 id="grant-heading">{t("officeRepresentation.grant.heading")}</h2>
            {representsPerson(r.kind) && (
              <>
                <h3>{t("officeRepresentation.grant.searchHeading")}</h3>
                <p>{t("officeRepresentation.grant.searchLead")}</p>
                <form
                  method="get"
                  action={`/urad/zastoupeni/${r.id}`}
                  class="form"
                  role="search"
                >
                  <TextField
                    name="jmeno"
                    label={t("officeRepresentation.grant.searchName")}
                    value={data.search.name}
                    maxLength={100}
                    t={t}
                  />
                  <TextField
                    name="narozeni"
                    type="date"
                    label={t("officeRepresentation.grant.searchBirthDate")}
                    value={data.search.birthDate}
                    width="m"
                    t={t}
                  />
                  <SubmitButton variant="secondary">
                    {t("officeRepresentation.grant.search")}
                  </SubmitButton>
                </form>
              </>
            )}
            <form method="post" action={`/urad/zastoupeni/${r.id}`} class="form" novalidate>
              <CsrfField token={state.csrfToken} />
              <input type="hidden" name="decision" value="grant" />
              {representsPerson(r.kind) && (
                <>
                  <input type="hidden" name="jmeno" value={data.search.name} />
                  <input type="hidden" name="narozeni" value={data.search.birthDate} />
                  {data.candidates.length === 0 && data.search.done && (
                    <p>{t("officeRepresentation.grant.noMatch")}</p>
                  )}
                  <ChoiceGroup
                    type="radio"
                    name="representedPersonId"
                    legend={labels.representedPersonId}
                    options={[
                      { value: "", label: t("officeRepresentation.grant.noLink") },
                      ...data.candidates.map((p) => ({
                        value: p.id,
                        label: `${p.given_name} ${p.family_name} (${p.username}${
                          p.birth_date ? `, ${formatIsoDate(p.birth_date, locale)}` : ""
                        })`,
                      })),
                    ]}
                    selected={[data.selected]}
                    errors={errors}
                    t={t}
                  />
                </>
              )}
              <SubmitButton>{t("officeRepresentation.grant.submit")}</SubmitButton>
            </form>
          </section>

          <section aria-labelledby="refuse-heading">
            <h2 id="refuse-heading">{t("officeRepresentation.refuse.heading")}</h2>
            <form method="post" action={`/urad/zastoupeni/${r.id}`} class="form" novalidate>
              <CsrfField token={state.csrfToken} />
              <input type="hidden" name="decision" value="refuse" />
              <TextArea
                name="reason"
                label={labels.reason}
                hint={t("officeRepresentation.refuse.reasonHint")}
                value={data.reason}
                required
                rows={3}
                maxLength={REPRESENTATION_LIMITS.decisionNote}
                errors={errors}
                t={t}
              />
              <SubmitButton variant="secondary">
                {t("officeRepresentation.refuse.submit")}
              </SubmitButton>
            </form>
          </section>
        </>
      )}

      <h2>{t("officeRepresentation.historyHeading")}</h2>
      <ol class="history">
        {data.history.map((h) => (
          <li key={h.id}>
            <time dateTime={h.occurred_at.toISOString()}>
              {formatDateTime(h.occurred_at, locale)}
            </time>{" "}
            {t(`officeRepresentation.audit.${h.action.replace(/\./g, "_")}`)}
          </li>
        ))}
      </ol>
    </div>
  );
});
