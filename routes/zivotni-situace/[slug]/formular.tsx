/**
 * A life situation's form (`/zivotni-situace/<slug>/formular`), rendered from its definition and
 * working without JavaScript: GET resumes the person's draft (or a fresh form prefilled from the
 * verified identity, or with `?oprava=<case>` the returned case to correct); each POST is an
 * add/remove or a step (the draft saved, the form shown again) or the submit — filed once per
 * idempotency key and answered 303 to the receipt, or 422 with every error and everything
 * typed (uploaded files kept). A person without the form's agenda authorized is offered the
 * national-identity step-up.
 */
import { define } from "../../../lib/http/define.ts";
import { HttpError, page } from "../../../lib/web/mod.ts";
import { getDb } from "../../../lib/db.ts";
import { getOutcomeWaiter } from "../../../lib/outcomes.ts";
import { enforce, enforceAnonymousForm } from "../../../lib/http/ratelimit.ts";
import { RATE_LIMITS, rateLimiter } from "../../../lib/http/ratelimit_backend.ts";
import { personActor } from "../../../lib/http/identity/actor.ts";
import { tenantOrigin } from "../../../lib/http/tenant.ts";
import { loginProviders } from "../../../lib/http/identity/providers.ts";
import type { State } from "../../../lib/state.ts";
import { allowsAnonymous, type FormScreen, openForm, submitForm } from "../../../app/form_page.ts";
import { submitAnonymousForm } from "../../../app/anonymous_filing.ts";
import { isUuid } from "../../../db/repositories/cases.ts";
import { emptyValues, findForm, parseSubmission } from "../../../domain/forms/mod.ts";
import { normalizeEmail } from "../../../domain/identity.ts";
import { FormView } from "../../../components/forms/FormView.tsx";
import { Notice } from "../../../components/layout/Notice.tsx";
import { PageTitle } from "../../../components/layout/DocumentTitle.tsx";
import { Breadcrumbs } from "../../../components/layout/Breadcrumbs.tsx";
import { AgendaRequired, ConfirmationSent } from "../../../components/forms/FormPagePanels.tsx";

const perPerson = rateLimiter("situation-form", RATE_LIMITS.formPost);
/** Confirmation links sent to one e-mail address (a visitor without an account). */
const perEmail = rateLimiter("situation-form-email", RATE_LIMITS.anonymousFormIp);

type FormPageData =
  | {
    kind: "form";
    screen: FormScreen;
    idempotencyKey: string;
    path: string;
    signedIn: boolean;
  }
  | { kind: "sent"; email: string; title: string }
  | { kind: "agenda"; agenda: string; path: string; providers: { id: string; name: string }[] };

/** `?oprava=<caseId>`: the returned case being corrected (anything else: not found). */
function fixCaseOf(url: URL): string | null {
  const id = url.searchParams.get("oprava");
  if (id === null) return null;
  if (!isUuid(id)) throw new HttpError(404);
  return id;
}

function pathOf(slug: string, fixCaseId: string | null): string {
  const base = `/zivotni-situace/${slug}/formular`;
  return fixCaseId ? `${base}?oprava=${fixCaseId}` : base;
}

/** A post the engine refuses whole: too many fields, or too much text. */
function refused(code: "tooManyFields" | "tooLarge"): HttpError {
  return code === "tooManyFields"
    ? new HttpError(400, "errors.tooManyFields")
    : new HttpError(413, "errors.tooLarge");
}

function agendaPage(state: State, agenda: string, path: string) {
  return page<FormPageData>({
    kind: "agenda",
    agenda,
    path,
    providers: loginProviders(state.tenant.slug, state.t),
  }, { status: 403 });
}

export const handler = define.handlers({
  async GET(ctx) {
    const slug = ctx.params.slug;
    if (!findForm(slug)) throw new HttpError(404);
    const fixCaseId = fixCaseOf(ctx.url);
    const path = pathOf(slug, fixCaseId);
    if (!ctx.state.person) {
      // Anyone may send a form that allows it (an e-mail confirms it); others sign in first.
      if (fixCaseId || !allowsAnonymous(findForm(slug)!)) {
        return ctx.redirect(`/prihlaseni?next=${encodeURIComponent(path)}`);
      }
      const def = findForm(slug)!;
      return page<FormPageData>({
        kind: "form",
        screen: {
          def,
          values: emptyValues(def),
          step: 0,
          errors: [],
          attachments: {},
          fixing: null,
          resumed: false,
        },
        idempotencyKey: crypto.randomUUID(),
        path,
        signedIn: false,
      });
    }
    const opened = await openForm({ db: getDb() }, personActor(ctx.state), { slug, fixCaseId });
    if (!opened.ok) {
      if (opened.code === "agenda") return agendaPage(ctx.state, opened.agenda, path);
      if (opened.code === "notReturned") return ctx.redirect(`/ucet/podani/${fixCaseId}`);
      throw new HttpError(404);
    }
    return page<FormPageData>({
      kind: "form",
      screen: opened.screen,
      idempotencyKey: crypto.randomUUID(),
      path,
      signedIn: true,
    });
  },

  async POST(ctx) {
    const slug = ctx.params.slug;
    const def = findForm(slug);
    if (!def) throw new HttpError(404);
    const fixCaseId = fixCaseOf(ctx.url);
    const path = pathOf(slug, fixCaseId);
    if (!ctx.state.person) {
      if (fixCaseId || !allowsAnonymous(def)) {
        return ctx.redirect(`/prihlaseni?next=${encodeURIComponent(path)}`);
      }
      await enforceAnonymousForm(ctx, "situation-form");
      const parsed = parseSubmission(def, await ctx.formData());
      if (!parsed.ok) throw refused(parsed.code);
      const { tenant, t } = ctx.state;
      const email = typeof parsed.values.email === "string"
        ? normalizeEmail(parsed.values.email)
        : "";
      if (email && parsed.action.kind === "submit" && parsed.step === null) {
        await enforce(perEmail, `${tenant.id}:${email}`, ctx);
      }
      const r = await submitAnonymousForm(
        { db: getDb(), now: () => new Date() },
        {
          tenantId: tenant.id,
          requestId: ctx.state.requestId,
          t,
          origin: tenantOrigin(tenant),
          townName: tenant.name,
        },
        { slug, parsed },
      );
      if (r.ok) return page<FormPageData>({ kind: "sent", email: r.email, title: def.title });
      if ("code" in r) throw new HttpError(404);
      return page<FormPageData>({
        kind: "form",
        screen: {
          def: r.def,
          values: r.values,
          step: r.step,
          errors: r.errors,
          attachments: {},
          fixing: null,
          resumed: false,
        },
        idempotencyKey: crypto.randomUUID(),
        path,
        signedIn: false,
      }, { status: r.kind === "invalid" ? 422 : 200 });
    }
    const actor = personActor(ctx.state);
    await enforce(perPerson, `${actor.tenantId}:${actor.personId}`, ctx);
    const data = await ctx.formData();
    const parsed = parseSubmission(def, data);
    if (!parsed.ok) throw refused(parsed.code);
    const idem = data.get("_idem");
    const idempotencyKey = typeof idem === "string" && /^[A-Za-z0-9-]{8,64}$/.test(idem)
      ? idem
      : crypto.randomUUID();
    const { tenant, t } = ctx.state;
    const db = getDb();
    const r = await submitForm(
      { db, now: () => new Date(), outcomes: getOutcomeWaiter() },
      actor,
      { t, origin: tenantOrigin(tenant), townName: tenant.name },
      { slug, parsed, idempotencyKey, fixCaseId },
    );
    if (r.ok) {
      return r.kind === "filed"
        ? ctx.redirect(`/ucet/podani/${r.caseId}?podano`)
        : ctx.redirect(`/ucet/podani/${r.caseId}?opraveno`);
    }
    if ("kind" in r) {
      return page<FormPageData>(
        { kind: "form", screen: r.screen, idempotencyKey, path, signedIn: true },
        { status: r.kind === "invalid" ? 422 : 200 },
      );
    }
    if (r.code === "agenda") return agendaPage(ctx.state, r.agenda, path);
    if (r.code === "notReturned") return ctx.redirect(`/ucet/podani/${fixCaseId}`);
    if (r.code === "failed") throw new HttpError(503);
    throw new HttpError(404);
  },
});

export default define.page<typeof handler>(({ data, state }) => {
  const { t } = state;
  if (data.kind === "agenda") return <AgendaRequired {...data} state={state} />;
  if (data.kind === "sent") return <ConfirmationSent {...data} state={state} />;
  const { screen } = data;
  const title = t(screen.def.title);
  const slug = screen.def.slug;
  return (
    <div class="form-page">
      <PageTitle title={title} state={state} />
      <Breadcrumbs
        t={t}
        items={[
          { href: "/zivotni-situace", label: t("guides.title") },
          { href: `/zivotni-situace/${slug}`, label: title },
        ]}
      />
      <h1>{title}</h1>
      {screen.def.intro && <p class="lead">{t(screen.def.intro)}</p>}
      {screen.fixing && (
        <Notice
          type="warning"
          t={t}
          title={t("formPage.fixing", { reference: screen.fixing.reference })}
        />
      )}
      {screen.resumed && <Notice type="info" t={t} title={t("formPage.resumed")} />}
      <FormView
        def={screen.def}
        values={screen.values}
        errors={screen.errors}
        t={t}
        action={data.path}
        csrfToken={state.csrfToken}
        idempotencyKey={data.idempotencyKey}
        step={screen.step}
        signedIn={data.signedIn}
        attachments={screen.attachments}
        autosaveUrl={screen.fixing || !data.signedIn
          ? undefined
          : `/zivotni-situace/${slug}/koncept`}
      />
    </div>
  );
});
