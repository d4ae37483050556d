/**
 * `/prihlaseni/spojeni`: one person, one account. A login through a provider whose identity no
 * account holds yet, whose verified attributes match exactly one account that another provider
 * already verified (domain/account_join.ts), lands here instead of making a second account. The
 * page explains the rule; the person proves the account is theirs by signing in to it (a
 * provider it uses, or the password with the SMS code — the sign-in comes back here) and then
 * confirms ("Ano, spojit účty"), or continues with a separate new account. Nothing is joined
 * without that confirmation (app/account_join.ts `confirmJoin`, audited either way).
 */
import { define } from "../../lib/http/define.ts";
import { page } from "../../lib/web/mod.ts";
import type { Context } from "../../lib/web/mod.ts";
import type { State } from "../../lib/state.ts";
import { getDb } from "../../lib/db.ts";
import { afterForm, safeNext } from "../../lib/http/auth.ts";
import { clearStep, readStep } from "../../lib/http/identity/step.ts";
import { setSessionCookie } from "../../lib/http/identity/session_cookie.ts";
import { createPersonFromIdentity, finishExternalLogin } from "../../lib/http/identity/external.ts";
import { loginProviders } from "../../lib/http/identity/providers.ts";
import { isSamlSessionInfo, recordSamlSession } from "../../lib/saml/session.ts";
import type { ExternalIdentityClaims } from "../../lib/oidc.ts";
import {
  confirmJoin,
  type JoinRefusal,
  joinWays,
  sessionProvesControl,
} from "../../app/account_join.ts";
import { defaultDeps } from "../../app/deps.ts";
import { providerLoginHref } from "../../components/identity/ProviderButtons.tsx";
import { CsrfField, SubmitButton } from "../../components/form/mod.ts";
import { Alert } from "../../components/layout/Notice.tsx";
import { PageTitle } from "../../components/layout/DocumentTitle.tsx";
import { GovCss } from "../../components/gov/GovCss.tsx";

const HERE = "/prihlaseni/spojeni";

async function pendingJoin(ctx: Context<State>) {
  const step = await readStep(ctx.hono, ctx.state.tenant.id, "join");
  const m = step && /^person:([0-9a-f-]{36})$/.exec(step.sub);
  if (!step || !m || typeof step.claims !== "object" || step.claims === null) return null;
  return {
    personId: m[1],
    claims: step.claims as ExternalIdentityClaims,
    next: safeNext(step.next ?? "", "/ucet"),
    saml: isSamlSessionInfo(step.saml) ? step.saml : undefined,
  };
}

type Standing = "signedOut" | "ready" | "weakSession" | "otherAccount";

interface JoinData {
  /** The joining provider's name. */
  provider: string;
  standing: Standing;
  /** Ways to sign in to the offered account, each coming back here. */
  ways: { name: string; href: string }[];
  refusal: JoinRefusal | "alreadyLinked" | "identityMismatch" | null;
}

async function joinPage(
  ctx: Context<State>,
  p: NonNullable<Awaited<ReturnType<typeof pendingJoin>>>,
  refusal: JoinData["refusal"] = null,
  status = 200,
) {
  const { tenant, t, person } = ctx.state;
  const names = new Map(loginProviders(tenant.slug, t).map((x) => [x.id, x.name]));
  const ways = await joinWays(getDb(), tenant.id, p.personId, p.claims.provider);
  const standing: Standing = !person
    ? "signedOut"
    : person.personId !== p.personId
    ? "otherAccount"
    : sessionProvesControl(person.authMethod, p.claims.provider)
    ? "ready"
    : "weakSession";
  return page<JoinData>({
    provider: names.get(p.claims.provider) ?? p.claims.provider,
    standing,
    ways: [
      ...ways.providers.filter((id) => names.has(id)).map((id) => ({
        name: t("oidc.loginWith", { name: names.get(id)! }),
        href: providerLoginHref(id, HERE),
      })),
      ...(ways.passwordWithCode
        ? [{
          name: t("join.withPassword"),
          href: `/prihlaseni?${new URLSearchParams({ next: HERE })}`,
        }]
        : []),
    ],
    refusal,
  }, { status });
}

export const handler = define.handlers({
  async GET(ctx) {
    ctx.hono.header("cache-control", "private, no-store");
    const p = await pendingJoin(ctx);
    if (!p) return ctx.redirect("/prihlaseni");
    return await joinPage(ctx, p);
  },
  async POST(ctx) {
    ctx.hono.header("cache-control", "private, no-store");
    const p = await pendingJoin(ctx);
    if (!p) return ctx.redirect("/prihlaseni");
    const form = await ctx.formData();
    if (form.get("action") === "separate") {
      const personId = await createPersonFromIdentity(getDb(), ctx.state.tenant.id, p.claims);
      clearStep(ctx.hono, "join");
      return finishExternalLogin(
        ctx,
        personId,
        p.claims,
        p.next,
        "identity.join_declined",
        {},
        p.saml,
      );
    }
    const person = ctx.state.person;
    const outcome = await confirmJoin(
      defaultDeps(),
      { ...ctx.state, userAgent: ctx.req.headers.get("user-agent") },
      person
        ? { personId: person.personId, sessionId: person.sessionId, authMethod: person.authMethod }
        : null,
      p.personId,
      p.claims,
    );
    if (!outcome.ok) {
      return await joinPage(ctx, p, outcome.code, outcome.code === "alreadyLinked" ? 409 : 403);
    }
    clearStep(ctx.hono, "join");
    if (p.saml) {
      await recordSamlSession(getDb(), ctx.state.tenant.id, outcome.session.sessionId, p.saml);
    }
    setSessionCookie(ctx.hono, outcome.session);
    return ctx.redirect(afterForm(p.next));
  },
});

export default define.page<typeof handler>(({ data, state }) => {
  const { t } = state;
  const provider = data.provider;
  return (
    <div class="narrow">
      <GovCss names={["gov-button"]} />
      <PageTitle title={t("join.title")} state={state} />
      <h1>{t("join.title")}</h1>
      {data.refusal && (
        <Alert t={t}>
          <p>{t(`join.refused.${data.refusal}`)}</p>
        </Alert>
      )}
      <p class="lead">{t("join.lead", { provider })}</p>
      <h2>{t("join.ruleHeading")}</h2>
      <p>{t("join.rule")}</p>
      <ol>
        <li>{t("join.conditions.loa")}</li>
        <li>{t("join.conditions.attributes")}</li>
        <li>{t("join.conditions.control")}</li>
      </ol>
      <p>{t("join.ruleEnd")}</p>
      <p>{t("join.compare")}</p>
      <h2>{t("join.confirmHeading")}</h2>
      {data.standing === "ready"
        ? (
          <form method="post" action={HERE}>
            <CsrfField token={state.csrfToken} />
            <p>{t("join.ready", { provider, name: state.person!.displayName })}</p>
            <SubmitButton name="action" value="confirm">{t("join.confirm")}</SubmitButton>
          </form>
        )
        : (
          <>
            <p>
              {t(
                data.standing === "weakSession"
                  ? "join.weakSession"
                  : data.standing === "otherAccount"
                  ? "join.otherAccount"
                  : "join.signInFirst",
              )}
            </p>
            {data.ways.length > 0
              ? (
                <ul class="join-ways">
                  {data.ways.map((w) => (
                    <li key={w.href}>
                      <a href={w.href}>{w.name}</a>
                    </li>
                  ))}
                </ul>
              )
              : <p>{t("join.noWay")}</p>}
          </>
        )}
      <h2>{t("join.separateHeading")}</h2>
      <p>{t("join.separateText")}</p>
      <form method="post" action={HERE}>
        <CsrfField token={state.csrfToken} />
        <SubmitButton variant="secondary" name="action" value="separate">
          {t("join.separate")}
        </SubmitButton>
      </form>
    </div>
  );
});
