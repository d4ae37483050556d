/** The personal account (osobní účet): who you are here, how you signed in, what you may see. */
import { define } from "../../lib/http/define.ts";
import { page } from "../../lib/web/mod.ts";
import { getDb } from "../../lib/db.ts";
import { findPerson, listContacts } from "../../db/repositories/persons.ts";
import { listAuthorizations } from "../../db/repositories/authorizations.ts";
import { listUnpaidObligations } from "../../db/repositories/ledger.ts";
import { PredpisFacts } from "../../components/obligations/Predpis.tsx";
import { AGENDAS, formatPhone } from "../../domain/identity.ts";
import { PageTitle } from "../../components/layout/DocumentTitle.tsx";
import { formatDate } from "../../lib/http/format.ts";
import { configuredProviders } from "../../lib/oidc.ts";
import { ProviderButtons } from "../../components/identity/ProviderButtons.tsx";

export const handler = define.handlers({
  async GET(ctx) {
    const { tenant, person: session } = ctx.state;
    const db = getDb();
    const [person, contacts, authorizations, obligations] = await Promise.all([
      findPerson(db, tenant.id, session!.personId),
      listContacts(db, tenant.id, session!.personId),
      listAuthorizations(db, tenant.id, session!.personId),
      listUnpaidObligations(db, tenant.id, [session!.personId]),
    ]);
    return page({
      person: person!,
      contacts: contacts.filter((c) => c.verified_at).map((c) => ({
        kind: c.kind,
        value: c.kind === "phone" ? formatPhone(c.value) : c.value,
      })),
      authorizations,
      obligations,
      // Step-up: agendas this account cannot see yet are unlocked by a national-identity login
      // at `substantial` (which returns here with a new session), not refused.
      providers: configuredProviders().map(({ id, name }) => ({ id, name })),
    });
  },
});

export default define.page<typeof handler>(({ data, state }) => {
  const { t, locale } = state;
  const session = state.person!;
  const granted = new Map(data.authorizations.map((a) => [a.agenda, a]));
  return (
    <div>
      <PageTitle title={t("account.title")} state={state} />
      <h1>{t("account.title")}</h1>
      <p class="lead">{t("account.lead", { name: session.displayName })}</p>
      <section aria-labelledby="obligations-heading">
        <h2 id="obligations-heading">{t("obligations.heading")}</h2>
        {data.obligations.length === 0 ? <p>{t("obligations.none")}</p> : (
          <ul class="obligations">
            {data.obligations.map((o) => (
              <li>
                <h3>
                  <a href={`/ucet/podani/${o.case_id}`}>
                    {t(`obligations.kind.${o.kind}`, { year: o.year })}
                  </a>
                </h3>
                <PredpisFacts o={o} t={t} />
              </li>
            ))}
          </ul>
        )}
      </section>
      <h2>{t("account.identityHeading")}</h2>
      <dl class="notice-facts">
        <div>
          <dt>{t("account.username")}</dt>
          <dd>{data.person.username}</dd>
        </div>
        {data.contacts.map((c) => (
          <div>
            <dt>{t(`account.contact.${c.kind}`)}</dt>
            <dd>{c.value}</dd>
          </div>
        ))}
        {data.person.birth_date && (
          <div>
            <dt>{t("account.birthDate")}</dt>
            <dd>{formatDate(new Date(`${data.person.birth_date}T12:00:00Z`), locale)}</dd>
          </div>
        )}
        <div>
          <dt>{t("account.level")}</dt>
          <dd>{t(`account.loa.${session.levelOfAssurance}`)}</dd>
        </div>
      </dl>
      <h2>{t("account.agendasHeading")}</h2>
      <p>{t("account.agendasLead")}</p>
      <ul>
        {AGENDAS.map((agenda) => (
          <li>
            <strong>{t(`agenda.${agenda}`)}</strong>: {granted.has(agenda)
              ? t(`account.granted.${granted.get(agenda)!.source}`, {
                date: formatDate(granted.get(agenda)!.granted_at, locale),
              })
              : t("account.notGranted")}
          </li>
        ))}
      </ul>
      {AGENDAS.some((agenda) => !granted.has(agenda)) && (
        <section class="step-up" aria-labelledby="step-up-heading">
          <h3 id="step-up-heading">{t("account.stepUpHeading")}</h3>
          <p>{t("account.stepUpText")}</p>
          <ProviderButtons providers={data.providers} t={t} next="/ucet" level={3} />
        </section>
      )}
      <p>
        <a href="/ucet/zastoupeni">{t("representation.accountLink")}</a>
      </p>
      <p>
        <a href="/ucet/nastaveni">{t("account.settingsLink")}</a>
      </p>
    </div>
  );
});
