/**
 * One person as the office sees them: name, contacts, linked identities and agenda
 * authorizations with who granted them, when and on what evidence. Every view is in the audit
 * log. Here a clerk grants an agenda after checking an ID document in person (only a masked
 * number is kept) and revokes one. A person of another town is "not found", never "forbidden".
 */
import { define } from "../../../lib/http/define.ts";
import { HttpError, page } from "../../../lib/web/mod.ts";
import { assertClerk } from "../../../lib/http/auth.ts";
import { clerkActor } from "../../../lib/http/identity/actor.ts";
import { findProvider } from "../../../lib/oidc.ts";
import {
  grantAgenda,
  type PersonRecord,
  reviewRevocation,
  revokeAgenda,
  viewPerson,
} from "../../../app/persons.ts";
import { isConfirmed } from "../../../lib/http/confirm.ts";
import {
  RevokeConfirm,
  type RevokeConfirmData,
} from "../../../components/identity/RevokeConfirm.tsx";
import { type ClerkActor, defaultDeps, type Deps } from "../../../app/deps.ts";
import { formatPhone, isAgenda } from "../../../domain/identity.ts";
import {
  type GrantValues,
  grantValues,
  hasRole,
  OFFICE_MESSAGES,
  type OfficeFieldError,
  ROLE_ADMIN,
  ROLE_IDENTITY,
} from "../../../domain/clerks.ts";
import { formatPragueDate } from "../../../domain/time.ts";
import { cleanText } from "../../../domain/validation.ts";
import { withErrorMessages } from "../../../components/form/mod.ts";
import {
  AgendaGrantForm,
  AgendaRevokeForm,
  EMPTY_GRANT,
} from "../../../components/identity/AgendaAuthorizationForms.tsx";
import { PersonFacts } from "../../../components/identity/PersonFacts.tsx";
import {
  LiveAuthorizations,
  PastAuthorizations,
} from "../../../components/identity/AgendaAuthorizationList.tsx";
import { Notice } from "../../../components/layout/Notice.tsx";
import { PageTitle } from "../../../components/layout/DocumentTitle.tsx";
import { History } from "../../../components/history/History.tsx";

interface Forms {
  grant: GrantValues;
  grantErrors: OfficeFieldError[];
  revoke: { authorization: string; reason: string };
  revokeErrors: OfficeFieldError[];
  granted: string | null;
  alreadyGranted: string | null;
  revoked: string | null;
}

const NO_FORMS: Forms = {
  grant: EMPTY_GRANT,
  grantErrors: [],
  revoke: { authorization: "", reason: "" },
  revokeErrors: [],
  granted: null,
  alreadyGranted: null,
  revoked: null,
};

/** The person's record for the page (the view itself is audited by the use case). */
async function view(deps: Deps, actor: ClerkActor, personId: string) {
  const record = await viewPerson(deps, actor, personId);
  if (!record) throw new HttpError(404);
  return present(record);
}

function present({ person, contacts, identities, authorizations, history }: PersonRecord) {
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
    history,
  };
}

const onlyAgenda = (value: string | null) => value && isAgenda(value) ? value : null;

export const handler = define.handlers({
  async GET(ctx) {
    assertClerk(ctx.state, ROLE_IDENTITY);
    const q = ctx.url.searchParams;
    return page<ReturnType<typeof present> & Forms>({
      ...await view(defaultDeps(), clerkActor(ctx.state), ctx.params.id),
      ...NO_FORMS,
      granted: onlyAgenda(q.get("udeleno")),
      alreadyGranted: onlyAgenda(q.get("jiz-udeleno")),
      revoked: onlyAgenda(q.get("odvolano")),
    });
  },
  async POST(ctx) {
    assertClerk(ctx.state, ROLE_IDENTITY);
    const deps = defaultDeps();
    const actor = clerkActor(ctx.state);
    const id = ctx.params.id;
    const form = await ctx.formData();
    const action = form.get("action");
    const again = async (forms: Partial<Forms>) =>
      page<ReturnType<typeof present> & Forms>({
        ...await view(deps, actor, id),
        ...NO_FORMS,
        ...forms,
      }, { status: 422 });

    if (action === "grant") {
      const outcome = await grantAgenda(deps, actor, id, form);
      if (outcome.ok) {
        const flag = outcome.created ? "udeleno" : "jiz-udeleno";
        return ctx.redirect(`/urad/osoby/${id}?${flag}=${outcome.agenda}`);
      }
      if (outcome.code === "notFound") throw new HttpError(404);
      return again({ grant: grantValues(form), grantErrors: outcome.errors });
    }
    if (action === "revoke") {
      // The confirmation page first (issue 10): nothing changes until it is sent.
      const review = isConfirmed(form) ? null : await reviewRevocation(deps, actor, id, form);
      if (review?.ok) return page({ confirmRevoke: review as RevokeConfirmData });
      const outcome = review ?? await revokeAgenda(deps, actor, id, form);
      if (outcome.ok) {
        return ctx.redirect(
          outcome.agenda ? `/urad/osoby/${id}?odvolano=${outcome.agenda}` : `/urad/osoby/${id}`,
        );
      }
      if (outcome.code === "notFound") throw new HttpError(404);
      return again({
        revoke: {
          authorization: cleanText(form.get("authorization")).slice(0, 100),
          reason: cleanText(form.get("reason")).slice(0, 600),
        },
        revokeErrors: outcome.errors,
      });
    }
    await view(deps, actor, id); // another town's person is "not found" before "bad request"
    throw new HttpError(400);
  },
});

export default define.page<typeof handler>(({ data, state }) => {
  if ("confirmRevoke" in data) return <RevokeConfirm state={state} data={data.confirmRevoke} />;
  const { locale } = state;
  const t = withErrorMessages(state.t, OFFICE_MESSAGES);
  const { person } = data;
  const name = `${person.given_name} ${person.family_name}`;
  const live = data.authorizations.filter((a) => a.revoked_at === null);
  const past = data.authorizations.filter((a) => a.revoked_at !== null);
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
      <PersonFacts
        person={person}
        contacts={data.contacts}
        identities={data.identities}
        t={t}
        locale={locale}
      />

      <LiveAuthorizations live={live} t={t} locale={locale} />

      <AgendaGrantForm
        values={data.grant}
        errors={data.grantErrors}
        needBirthDate={person.birth_date === null}
        today={formatPragueDate(new Date())}
        csrfToken={state.csrfToken}
        t={t}
      />

      {live.length > 0 && (
        <AgendaRevokeForm
          live={live}
          values={data.revoke}
          errors={data.revokeErrors}
          csrfToken={state.csrfToken}
          t={t}
        />
      )}

      <PastAuthorizations past={past} t={t} locale={locale} />

      <History
        entries={data.history}
        heading={t("history.authorizationsHeading")}
        id="authorization-history-heading"
        t={t}
        locale={locale}
      />
      {hasRole(state.clerk?.roles ?? [], ROLE_ADMIN) && (
        <p>
          <a href={`/urad/audit?osoba=${person.id}`}>{t("auditView.personAuditLink")}</a>
        </p>
      )}
    </div>
  );
});
