/**
 * Applying for a grant in an open call (`/dotace/<callId>/zadost`, issue 14), and completing a
 * returned application (`?oprava=<caseId>`). The form is the programme's (its cost categories,
 * its kinds of applicant), rendered by the forms engine and working without JavaScript: each
 * POST is a step or an add/remove of a budget line (the draft saved) or the submit — filed once
 * per idempotency key through the kit (reference, receipt, timeline) and answered 303 to the
 * case's page, or 422 with every error and everything typed. A call not open, a programme that
 * does not take this kind of applicant, or one that takes one application per applicant from
 * an applicant who has one in the call, is refused with a Czech message.
 */
import { define } from "../../../lib/http/define.ts";
import { HttpError, page } from "../../../lib/web/mod.ts";
import { getDb } from "../../../lib/db.ts";
import { getOutcomeWaiter } from "../../../lib/outcomes.ts";
import { enforce } from "../../../lib/http/ratelimit.ts";
import { RATE_LIMITS, rateLimiter } from "../../../lib/http/ratelimit_backend.ts";
import { personActor } from "../../../lib/http/identity/actor.ts";
import { tenantOrigin } from "../../../lib/http/tenant.ts";
import { isUuid } from "../../../db/repositories/cases.ts";
import {
  grantCallExists,
  type GrantCallSummary,
  type HeldApplication,
  openGrantApplication,
  submitGrantApplication,
} from "../../../app/grant_applications.ts";
import type { FormScreen } from "../../../app/form_page.ts";
import { czechDate } from "../../../domain/grants.ts";
import { formatPragueDate } from "../../../domain/time.ts";
import { FormView } from "../../../components/forms/FormView.tsx";
import { Notice } from "../../../components/layout/Notice.tsx";
import { PageTitle } from "../../../components/layout/DocumentTitle.tsx";
import { Breadcrumbs } from "../../../components/layout/Breadcrumbs.tsx";

const perPerson = rateLimiter("grant-application-form", RATE_LIMITS.formPost);

type Refusal = "notOpen" | "closed" | "kindNotAllowed" | "alreadyApplied";
const REFUSALS: readonly string[] = ["notOpen", "closed", "kindNotAllowed", "alreadyApplied"];

type PageData =
  | {
    kind: "form";
    screen: FormScreen;
    call: GrantCallSummary;
    idempotencyKey: string;
    path: string;
  }
  | { kind: "refused"; code: Refusal; call: GrantCallSummary; held?: HeldApplication };

function fixCaseOf(url: URL): string | null {
  const id = url.searchParams.get("oprava");
  if (id === null) return null;
  if (!isUuid(id)) throw new HttpError(404);
  return id;
}

function pathOf(callId: string, fixCaseId: string | null): string {
  const base = `/dotace/${callId}/zadost`;
  return fixCaseId ? `${base}?oprava=${fixCaseId}` : base;
}

function refusal(code: string, call: GrantCallSummary | undefined, held?: HeldApplication) {
  if (REFUSALS.includes(code) && call) {
    return page<PageData>({ kind: "refused", code: code as Refusal, call, held }, {
      status: code === "kindNotAllowed" ? 403 : 409,
    });
  }
  throw new HttpError(404);
}

/** A visitor not signed in: the call must exist (else 404), then sign in and come back. */
async function signIn(tenantId: string, callId: string, path: string): Promise<Response> {
  if (!(await grantCallExists({ db: getDb() }, tenantId, callId))) throw new HttpError(404);
  return new Response(null, {
    status: 303,
    headers: { location: `/prihlaseni?next=${encodeURIComponent(path)}` },
  });
}

export const handler = define.handlers({
  async GET(ctx) {
    if (!isUuid(ctx.params.id)) throw new HttpError(404);
    const fixCaseId = fixCaseOf(ctx.url);
    const path = pathOf(ctx.params.id, fixCaseId);
    if (!ctx.state.person) return await signIn(ctx.state.tenant.id, ctx.params.id, path);
    const r = await openGrantApplication(
      { db: getDb(), now: () => new Date(), outcomes: getOutcomeWaiter() },
      personActor(ctx.state),
      { callId: ctx.params.id, fixCaseId },
    );
    if (!r.ok) {
      if (r.code === "notReturned") return ctx.redirect(`/ucet/podani/${fixCaseId}`);
      return refusal(r.code, r.call, r.held);
    }
    return page<PageData>({
      kind: "form",
      screen: r.screen,
      call: r.call,
      idempotencyKey: crypto.randomUUID(),
      path,
    });
  },

  async POST(ctx) {
    if (!isUuid(ctx.params.id)) throw new HttpError(404);
    const fixCaseId = fixCaseOf(ctx.url);
    const path = pathOf(ctx.params.id, fixCaseId);
    if (!ctx.state.person) return await signIn(ctx.state.tenant.id, ctx.params.id, path);
    const actor = personActor(ctx.state);
    await enforce(perPerson, `${actor.tenantId}:${actor.personId}`, ctx);
    const data = await ctx.formData();
    const idem = data.get("_idem");
    const idempotencyKey = typeof idem === "string" && /^[A-Za-z0-9-]{8,64}$/.test(idem)
      ? idem
      : crypto.randomUUID();
    const { tenant, t } = ctx.state;
    const r = await submitGrantApplication(
      { db: getDb(), now: () => new Date(), outcomes: getOutcomeWaiter() },
      actor,
      { t, origin: tenantOrigin(tenant), townName: tenant.name },
      { callId: ctx.params.id, form: data, idempotencyKey, fixCaseId },
    );
    if (r.ok) {
      return r.kind === "filed"
        ? ctx.redirect(`/ucet/podani/${r.caseId}?podano`)
        : ctx.redirect(`/ucet/podani/${r.caseId}?opraveno`);
    }
    if ("kind" in r && r.call) {
      return page<PageData>(
        { kind: "form", screen: r.screen, call: r.call, idempotencyKey, path },
        { status: r.kind === "invalid" ? 422 : 200 },
      );
    }
    if ("code" in r) {
      if (r.code === "tooManyFields") throw new HttpError(400, "errors.tooManyFields");
      if (r.code === "tooLarge") throw new HttpError(413, "errors.tooLarge");
      if (r.code === "notReturned") return ctx.redirect(`/ucet/podani/${fixCaseId}`);
      if (r.code === "failed") throw new HttpError(503);
      return refusal(r.code, r.call, "held" in r ? r.held : undefined);
    }
    throw new HttpError(404);
  },
});

export default define.page<typeof handler>(({ data, state }) => {
  const { t } = state;
  const call = data.call;
  const title = t("grantApplications.apply.title");
  const crumbs = [
    { href: "/dotace", label: t("grants.public.title") },
    { href: `/dotace/${call.id}`, label: call.title },
  ];
  if (data.kind === "refused") {
    return (
      <div class="form-page">
        <PageTitle title={title} state={state} />
        <Breadcrumbs t={t} items={crumbs} />
        <h1>{title}</h1>
        <Notice
          type="warning"
          t={t}
          title={t(`grantApplications.apply.refused.${data.code}`, {
            reference: data.held?.reference ?? "",
          })}
        />
        <p>
          {data.code === "kindNotAllowed"
            ? <a href="/ucet/zastoupeni#jednat-za">{t("grantApplications.apply.switchActing")}</a>
            : data.held?.caseId
            ? (
              <a href={`/ucet/podani/${data.held.caseId}`}>
                {t("grantApplications.apply.showApplication")}
              </a>
            )
            : <a href={`/dotace/${call.id}`}>{t("grantApplications.apply.backToCall")}</a>}
        </p>
      </div>
    );
  }
  const { screen } = data;
  return (
    <div class="form-page">
      <PageTitle title={title} state={state} />
      <Breadcrumbs t={t} items={crumbs} />
      <h1>{title}</h1>
      <p class="lead">
        {t("grantApplications.apply.call", { call: call.title })}{" "}
        {t("grantApplications.apply.closes", {
          date: czechDate(formatPragueDate(new Date(call.closesAt))),
        })}
      </p>
      {screen.fixing && (
        <Notice
          type="warning"
          t={t}
          title={t("grantApplications.apply.fixing", { reference: screen.fixing.reference })}
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
        signedIn
        attachments={screen.attachments}
      />
    </div>
  );
});
