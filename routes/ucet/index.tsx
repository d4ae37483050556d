/** The personal account (osobní účet): who you are here, how you signed in, what you may see. */
import { define } from "../../lib/http/define.ts";
import { HttpError, page } from "../../lib/web/mod.ts";
import { getDb } from "../../lib/db.ts";
import { findPerson, listContacts } from "../../db/repositories/persons.ts";
import { listAuthorizations } from "../../db/repositories/authorizations.ts";
import { defaultDeps } from "../../app/deps.ts";
import { applyCreditFor, citizenLedger } from "../../app/ledger.ts";
import { createPaymentOrderFor, MAX_ORDER_ITEMS } from "../../app/payment_orders.ts";
import { personActor } from "../../lib/http/identity/actor.ts";
import { LedgerSection } from "../../components/obligations/Ledger.tsx";
import { cleanText } from "../../domain/validation.ts";
import { formatCzk } from "../../domain/money.ts";
import type { State } from "../../lib/state.ts";
import { AGENDAS, formatPhone } from "../../domain/identity.ts";
import { PageTitle } from "../../components/layout/DocumentTitle.tsx";
import { formatDate } from "../../lib/http/format.ts";
import { loginProviders } from "../../lib/http/identity/providers.ts";
import { ProviderButtons } from "../../components/identity/ProviderButtons.tsx";
import { verifiedIdentity } from "../../app/account_join.ts";
import { VerifiedIdentity } from "../../components/identity/VerifiedIdentity.tsx";

interface LedgerMessage {
  error?: { title: string; text: string } | null;
  success?: string | null;
  selected?: string[];
}

async function accountPage(state: State, message: LedgerMessage = {}, status = 200) {
  const { tenant, person: session } = state;
  const db = getDb();
  const actor = personActor(state);
  const personRow = findPerson(db, tenant.id, session!.personId);
  const [person, contacts, authorizations, ledger, verified] = await Promise.all([
    personRow,
    listContacts(db, tenant.id, session!.personId),
    listAuthorizations(db, tenant.id, session!.personId),
    citizenLedger(defaultDeps(), actor),
    verifiedIdentity(db, tenant.id, session!.personId, personRow),
  ]);
  const providers = loginProviders(state.tenant.slug, state.t);
  return page({
    person: person!,
    contacts: contacts.filter((c) => c.verified_at).map((c) => ({
      kind: c.kind,
      value: c.kind === "phone" ? formatPhone(c.value) : c.value,
    })),
    authorizations,
    ledger,
    // A new key each time the form is shown: a double click sends the same one.
    idempotencyKey: crypto.randomUUID(),
    message,
    // Step-up: agendas this account cannot see yet are unlocked by a national-identity login
    // at `substantial` (which returns here with a new session), not refused.
    providers,
    verified: verified!,
    providerNames: Object.fromEntries(providers.map((p) => [p.id, p.name])),
  }, { status });
}

export const handler = define.handlers({
  async GET(ctx) {
    const applied = Number(ctx.url.searchParams.get("preplatek"));
    return await accountPage(ctx.state, {
      success: Number.isSafeInteger(applied) && applied > 0
        ? ctx.state.t("ledger.creditApplied", { amount: formatCzk(applied) })
        : null,
    });
  },
  /**
   * The ledger's two actions: `qr` makes a payment order of the ticked obligations (→ its page),
   * `credit` moves a person's credit onto what they owe. A refusal shows the page again with the
   * reason in Czech and the ticks kept.
   */
  async POST(ctx) {
    const { t } = ctx.state;
    const form = await ctx.formData();
    const action = cleanText(form.get("action"));
    const actor = personActor(ctx.state);
    if (action === "credit") {
      const outcome = await applyCreditFor(defaultDeps(), actor, cleanText(form.get("person")));
      if (outcome.kind === "ok") return ctx.redirect(`/ucet?preplatek=${outcome.moved}#platby`);
      const text = {
        notFound: "ledger.errors.creditNotFound",
        noCredit: "ledger.errors.noCredit",
        nothingToPay: "ledger.errors.creditNothingToPay",
      }[outcome.code];
      return await accountPage(ctx.state, {
        error: { title: t("ledger.creditErrorTitle"), text: t(text) },
      }, outcome.code === "notFound" ? 404 : 422);
    }
    if (action !== "qr") throw new HttpError(400);
    const ids = form.getAll("obligation").map(cleanText).slice(0, MAX_ORDER_ITEMS + 1);
    const outcome = await createPaymentOrderFor(defaultDeps(), actor, {
      obligationIds: ids,
      idempotencyKey: cleanText(form.get("idempotency_key")),
    });
    if (outcome.kind === "ok") return ctx.redirect(`/ucet/platby/prikaz/${outcome.order.id}`);
    const code = outcome.kind === "conflict" ? "conflict" : outcome.code;
    return await accountPage(ctx.state, {
      error: { title: t("ledger.errorTitle"), text: t(`ledger.errors.${code}`) },
      selected: ids,
    }, outcome.kind === "conflict" ? 409 : 422);
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
      <LedgerSection
        ledger={data.ledger}
        t={t}
        csrfToken={state.csrfToken}
        idempotencyKey={data.idempotencyKey}
        selected={data.message.selected ?? []}
        error={data.message.error}
        success={data.message.success}
      />
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
      <VerifiedIdentity view={data.verified} names={data.providerNames} t={t} locale={locale} />
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
        <a href="/ucet/dotace">{t("grantApplications.list.title")}</a>
      </p>
      <p>
        <a href="/ucet/nastaveni">{t("account.settingsLink")}</a>
      </p>
      <p>
        <a href="/ucet/zpravy">{t("messageHistory.link")}</a>
      </p>
      <p>
        <a href="/ucet/pristupy">{t("access.link")}</a>
      </p>
      <p>
        <a href="/ucet/aplikace">{t("myApps.link")}</a>
      </p>
    </div>
  );
});
