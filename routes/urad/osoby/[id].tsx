/**
 * One person as the office sees them: name, contacts, linked identities and agenda
 * authorizations with who granted them, when and on what evidence. Every view is in the audit
 * log. Here a clerk grants an agenda after checking an ID document in person (only a masked
 * number is kept) and revokes one. A person of another town is "not found", never "forbidden".
 */
import { define } from "../../../lib/define.ts";
import { ChoiceGroup } from "../../../components/identity/ChoiceGroup.tsx";
import { HttpError, page } from "../../../lib/web/mod.ts";
import { getDb } from "../../../lib/db.ts";
import { assertClerk, type ClerkState } from "../../../lib/auth.ts";
import { findProvider } from "../../../lib/oidc.ts";
import { formatDate, formatDateTime } from "../../../lib/format.ts";
import {
  findPerson,
  listContacts,
  setBirthDateIfUnknown,
} from "../../../db/repositories/persons.ts";
import { listExternalIdentities } from "../../../db/repositories/external_identities.ts";
import {
  grantAuthorization,
  listAuthorizationHistory,
  revokeAuthorization,
} from "../../../db/repositories/authorizations.ts";
import { appendAudit } from "../../../db/repositories/audit.ts";
import { AGENDAS, formatPhone, isAgenda } from "../../../domain/identity.ts";
import {
  type GrantValues,
  grantValues,
  ID_DOCUMENT_TYPES,
  type OfficeFieldError,
  ROLE_IDENTITY,
  validateGrant,
  validateRevocation,
  withOfficeMessages,
} from "../../../domain/clerks.ts";
import { formatPragueDate } from "../../../domain/time.ts";
import { cleanText, type FieldError } from "../../../domain/validation.ts";
import {
  CsrfField,
  ErrorSummary,
  Select,
  SubmitButton,
  TextArea,
  TextField,
} from "../../../components/form/mod.ts";
import { Notice } from "../../../components/layout/Notice.tsx";
import { PageTitle } from "../../../components/layout/DocumentTitle.tsx";

interface Forms {
  grant: GrantValues;
  grantErrors: OfficeFieldError[];
  revoke: { authorization: string; reason: string };
  revokeErrors: OfficeFieldError[];
  granted: string | null;
  alreadyGranted: string | null;
  revoked: string | null;
}

const EMPTY_GRANT: GrantValues = {
  agenda: "",
  documentType: "",
  documentNumber: "",
  birthDate: "",
  confirmed: false,
};

async function findOr404(tenantId: string, id: string) {
  const person = await findPerson(getDb(), tenantId, id);
  if (!person) throw new HttpError(404);
  return person;
}

/** Everything the page shows about the person; the view itself goes to the audit log. */
async function view(state: ClerkState, personId: string) {
  const db = getDb();
  const { tenant, clerk, requestId } = state;
  const [person, contacts, identities, authorizations] = await Promise.all([
    findOr404(tenant.id, personId),
    listContacts(db, tenant.id, personId),
    listExternalIdentities(db, tenant.id, personId),
    listAuthorizationHistory(db, tenant.id, personId),
  ]);
  await appendAudit(db, {
    tenantId: tenant.id,
    actorType: "clerk",
    actorId: clerk.clerkId,
    action: "person.viewed",
    subjectType: "person",
    subjectId: person.id,
    requestId,
  });
  return {
    person,
    contacts: contacts.map((c) => ({
      kind: c.kind,
      value: c.kind === "phone" ? formatPhone(c.value) : c.value,
      verified: c.verified_at !== null,
    })),
    identities: identities.map((i) => ({
      provider: findProvider(i.provider)?.name ?? i.provider,
      level: i.level_of_assurance,
      linkedAt: i.linked_at,
    })),
    authorizations,
  };
}

const onlyAgenda = (value: string | null) => value && isAgenda(value) ? value : null;

export const handler = define.handlers({
  async GET(ctx) {
    assertClerk(ctx.state, ROLE_IDENTITY);
    const q = ctx.url.searchParams;
    return page<Awaited<ReturnType<typeof view>> & Forms>({
      ...await view(ctx.state, ctx.params.id),
      grant: EMPTY_GRANT,
      grantErrors: [],
      revoke: { authorization: "", reason: "" },
      revokeErrors: [],
      granted: onlyAgenda(q.get("udeleno")),
      alreadyGranted: onlyAgenda(q.get("jiz-udeleno")),
      revoked: onlyAgenda(q.get("odvolano")),
    });
  },
  async POST(ctx) {
    assertClerk(ctx.state, ROLE_IDENTITY);
    const state: ClerkState = ctx.state;
    const { tenant, clerk, requestId } = state;
    const person = await findOr404(tenant.id, ctx.params.id);
    const form = await ctx.formData();
    const action = form.get("action");
    const db = getDb();
    const again = async (forms: Partial<Forms>) =>
      page<Awaited<ReturnType<typeof view>> & Forms>({
        ...await view(state, person.id),
        grant: EMPTY_GRANT,
        grantErrors: [],
        revoke: { authorization: "", reason: "" },
        revokeErrors: [],
        granted: null,
        alreadyGranted: null,
        revoked: null,
        ...forms,
      }, { status: 422 });

    if (action === "grant") {
      const result = validateGrant(form, {
        needBirthDate: person.birth_date === null,
        today: formatPragueDate(new Date()),
      });
      if (!result.ok) return again({ grant: grantValues(form), grantErrors: result.errors });
      const { agenda, evidence, birthDate } = result.value;
      const created = await db.transaction().execute(async (trx) => {
        if (birthDate && await setBirthDateIfUnknown(trx, tenant.id, person.id, birthDate)) {
          await appendAudit(trx, {
            tenantId: tenant.id,
            actorType: "clerk",
            actorId: clerk.clerkId,
            action: "person.birth_date_recorded",
            subjectType: "person",
            subjectId: person.id,
            requestId,
          });
        }
        const isNew = await grantAuthorization(trx, tenant.id, {
          personId: person.id,
          agenda,
          source: "clerk",
          grantedBy: clerk.clerkId,
          evidence,
        });
        if (isNew) {
          await appendAudit(trx, {
            tenantId: tenant.id,
            actorType: "clerk",
            actorId: clerk.clerkId,
            action: "authorization.granted",
            subjectType: "person",
            subjectId: person.id,
            requestId,
            details: { agenda },
          });
        }
        return isNew;
      });
      return ctx.redirect(
        `/urad/osoby/${person.id}?${created ? "udeleno" : "jiz-udeleno"}=${agenda}`,
      );
    }

    if (action === "revoke") {
      const live = (await listAuthorizationHistory(db, tenant.id, person.id))
        .filter((a) => a.revoked_at === null).map((a) => a.id);
      const result = validateRevocation(form, live);
      if (!result.ok) {
        return again({
          revoke: {
            authorization: cleanText(form.get("authorization")).slice(0, 100),
            reason: cleanText(form.get("reason")).slice(0, 600),
          },
          revokeErrors: result.errors,
        });
      }
      const agenda = await db.transaction().execute(async (trx) => {
        const revoked = await revokeAuthorization(
          trx,
          tenant.id,
          person.id,
          result.value.authorizationId,
          clerk.clerkId,
          result.value.reason,
        );
        if (revoked) {
          await appendAudit(trx, {
            tenantId: tenant.id,
            actorType: "clerk",
            actorId: clerk.clerkId,
            action: "authorization.revoked",
            subjectType: "person",
            subjectId: person.id,
            requestId,
            details: { agenda: revoked },
          });
        }
        return revoked;
      });
      return ctx.redirect(
        agenda ? `/urad/osoby/${person.id}?odvolano=${agenda}` : `/urad/osoby/${person.id}`,
      );
    }
    throw new HttpError(400);
  },
});

/** The one checkbox of the grant form, with its error beside it. */
/** The clerk's confirmation that they checked the document: a one-option group with a legend. */
function ConfirmCheckbox(
  { checked, errors, t }: {
    checked: boolean;
    errors: readonly FieldError[];
    t: (key: string, params?: Record<string, string | number>) => string;
  },
) {
  return (
    <ChoiceGroup
      type="checkbox"
      name="confirmed"
      legend={t("officePersons.grant.confirmLegend")}
      options={[{ value: "on", label: t("officePersons.grant.confirm") }]}
      selected={checked ? ["on"] : []}
      required
      errors={errors}
      t={t}
    />
  );
}

export default define.page<typeof handler>(({ data, state }) => {
  const { locale } = state;
  const t = withOfficeMessages(state.t);
  const { person } = data;
  const name = `${person.given_name} ${person.family_name}`;
  const grantErrors = data.grantErrors as FieldError[];
  const revokeErrors = data.revokeErrors as FieldError[];
  const live = data.authorizations.filter((a) => a.revoked_at === null);
  const past = data.authorizations.filter((a) => a.revoked_at !== null);
  const needBirthDate = person.birth_date === null;
  const date = (iso: string) => formatDate(new Date(`${iso}T12:00:00Z`), locale);
  const grantLabels: Record<string, string> = {
    agenda: t("officePersons.grant.agenda"),
    documentType: t("officePersons.grant.documentType"),
    documentNumber: t("officePersons.grant.documentNumber"),
    birthDate: t("officePersons.field.birthDate"),
    confirmed: t("officePersons.grant.confirmLegend"),
  };
  const source = (a: (typeof data.authorizations)[number]) =>
    a.source === "clerk"
      ? t("officePersons.authorizations.byClerk", {
        name: a.granted_by_name ?? "—",
        evidence: a.evidence ?? "—",
      })
      : t("officePersons.authorizations.byIdentity");
  return (
    <div>
      <PageTitle title={name} state={state} />
      <p>
        <a href="/urad/osoby">{t("officePersons.backToSearch")}</a>
      </p>
      <h1>{name}</h1>
      {data.granted && (
        <Notice
          type="success"
          t={t}
          title={t("officePersons.granted", { agenda: t(`agenda.${data.granted}`) })}
        />
      )}
      {data.alreadyGranted && (
        <Notice
          type="info"
          t={t}
          title={t("officePersons.alreadyGranted", { agenda: t(`agenda.${data.alreadyGranted}`) })}
        />
      )}
      {data.revoked && (
        <Notice
          type="success"
          t={t}
          title={t("officePersons.revoked", { agenda: t(`agenda.${data.revoked}`) })}
        />
      )}
      <h2>{t("officePersons.dataHeading")}</h2>
      <dl class="notice-facts">
        <div>
          <dt>{t("officePersons.field.username")}</dt>
          <dd>{person.username}</dd>
        </div>
        <div>
          <dt>{t("officePersons.field.birthDate")}</dt>
          <dd>{person.birth_date ? date(person.birth_date) : t("officePersons.unknown")}</dd>
        </div>
        {person.address && (
          <div>
            <dt>{t("officePersons.field.address")}</dt>
            <dd>{person.address}</dd>
          </div>
        )}
        <div>
          <dt>{t("officePersons.field.status")}</dt>
          <dd>{t(`officePersons.status.${person.status}`)}</dd>
        </div>
        <div>
          <dt>{t("officePersons.field.registered")}</dt>
          <dd>{formatDateTime(person.created_at, locale)}</dd>
        </div>
        {data.contacts.map((c) => (
          <div>
            <dt>{t(`officePersons.contact.${c.kind}`)}</dt>
            <dd>
              {c.value}{" "}
              <span class="u-muted">
                ({c.verified ? t("officePersons.verified") : t("officePersons.unverified")})
              </span>
            </dd>
          </div>
        ))}
      </dl>

      <h2>{t("officePersons.identitiesHeading")}</h2>
      {data.identities.length === 0 ? <p>{t("officePersons.noIdentity")}</p> : (
        <ul>
          {data.identities.map((i) => (
            <li>
              {t("officePersons.identity", {
                provider: i.provider,
                level: t(`officePersons.loa.${i.level}`),
                date: formatDate(i.linkedAt, locale),
              })}
            </li>
          ))}
        </ul>
      )}

      <h2>{t("officePersons.authorizations.heading")}</h2>
      {live.length === 0 ? <p>{t("officePersons.authorizations.none")}</p> : (
        <ul>
          {live.map((a) => (
            <li>
              <strong>{t(`agenda.${a.agenda}`)}</strong>: {t("officePersons.authorizations.since", {
                date: formatDateTime(a.granted_at, locale),
              })}, {source(a)}
            </li>
          ))}
        </ul>
      )}

      <section aria-labelledby="grant-heading">
        <h2 id="grant-heading">{t("officePersons.grant.heading")}</h2>
        <p>{t("officePersons.grant.lead")}</p>
        <ErrorSummary errors={grantErrors} t={t} labels={grantLabels} />
        <form method="post" novalidate>
          <CsrfField token={state.csrfToken} />
          <input type="hidden" name="action" value="grant" />
          <Select
            name="agenda"
            label={grantLabels.agenda}
            options={AGENDAS.map((a) => ({ value: a, label: t(`agenda.${a}`) }))}
            placeholder={t("officePersons.grant.choose")}
            value={data.grant.agenda}
            required
            errors={grantErrors}
            t={t}
          />
          <Select
            name="documentType"
            label={grantLabels.documentType}
            options={ID_DOCUMENT_TYPES.map((d) => ({
              value: d,
              label: t(`officePersons.document.${d}`),
            }))}
            placeholder={t("officePersons.grant.choose")}
            value={data.grant.documentType}
            required
            errors={grantErrors}
            t={t}
          />
          <TextField
            name="documentNumber"
            label={grantLabels.documentNumber}
            hint={t("officePersons.grant.documentNumberHint")}
            value={data.grant.documentNumber}
            required
            maxLength={30}
            autocomplete="off"
            spellcheck={false}
            width="m"
            errors={grantErrors}
            t={t}
          />
          {needBirthDate && (
            <TextField
              name="birthDate"
              type="date"
              label={grantLabels.birthDate}
              hint={t("officePersons.grant.birthDateHint")}
              value={data.grant.birthDate}
              required
              max={formatPragueDate(new Date())}
              min="1900-01-01"
              width="m"
              errors={grantErrors}
              t={t}
            />
          )}
          <ConfirmCheckbox checked={data.grant.confirmed} errors={grantErrors} t={t} />
          <SubmitButton>{t("officePersons.grant.submit")}</SubmitButton>
        </form>
      </section>

      {live.length > 0 && (
        <section aria-labelledby="revoke-heading">
          <h2 id="revoke-heading">{t("officePersons.revoke.heading")}</h2>
          <ErrorSummary
            errors={revokeErrors}
            t={t}
            labels={{
              authorization: t("officePersons.revoke.authorization"),
              reason: t("officePersons.revoke.reason"),
            }}
          />
          <form method="post" novalidate>
            <CsrfField token={state.csrfToken} />
            <input type="hidden" name="action" value="revoke" />
            <Select
              name="authorization"
              label={t("officePersons.revoke.authorization")}
              options={live.map((a) => ({ value: a.id, label: t(`agenda.${a.agenda}`) }))}
              placeholder={t("officePersons.grant.choose")}
              value={data.revoke.authorization}
              required
              errors={revokeErrors}
              t={t}
            />
            <TextArea
              name="reason"
              label={t("officePersons.revoke.reason")}
              hint={t("officePersons.revoke.reasonHint")}
              value={data.revoke.reason}
              required
              rows={3}
              maxLength={500}
              errors={revokeErrors}
              t={t}
            />
            <SubmitButton variant="secondary">{t("officePersons.revoke.submit")}</SubmitButton>
          </form>
        </section>
      )}

      {past.length > 0 && (
        <section aria-labelledby="past-heading">
          <h2 id="past-heading">{t("officePersons.authorizations.pastHeading")}</h2>
          <ul>
            {past.map((a) => (
              <li>
                <strong>{t(`agenda.${a.agenda}`)}</strong>:{" "}
                {t("officePersons.authorizations.period", {
                  from: formatDateTime(a.granted_at, locale),
                  to: formatDateTime(a.revoked_at!, locale),
                })}, {source(a)}
              </li>
            ))}
          </ul>
        </section>
      )}
    </div>
  );
});
