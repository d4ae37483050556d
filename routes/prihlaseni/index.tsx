/**
 * Sign-in for citizens and clerks: a user name, a verified e-mail or a verified phone, and the
 * password; then an SMS code when the account needs one (always for clerks). Or a national
 * identity provider (NIA, Bank iD, MojeID) when the town has them configured.
 */
import { define } from "../../lib/http/define.ts";
import { limits } from "../../lib/http/identity/limits.ts";
import { enforce, enforceIp } from "../../lib/http/ratelimit.ts";
import { page } from "../../lib/web/mod.ts";
import { afterForm, safeNext } from "../../lib/http/auth.ts";
import { signInWithPassword } from "../../app/identity.ts";
import { defaultDeps } from "../../app/deps.ts";
import { setStep } from "../../lib/http/identity/step.ts";
import { setSessionCookie } from "../../lib/http/identity/session_cookie.ts";
import { cleanText, type FieldError } from "../../domain/validation.ts";
import { CsrfField, ErrorSummary, SubmitButton, TextField } from "../../components/form/mod.ts";
import { Alert, Notice } from "../../components/layout/Notice.tsx";
import { PageTitle } from "../../components/layout/DocumentTitle.tsx";
import { ProviderButtons } from "../../components/identity/ProviderButtons.tsx";
import { loginProviders } from "../../lib/http/identity/providers.ts";

type Problem = "failed" | "pending" | "noPhone" | null;

interface LoginData {
  /** Identity providers the town offers (id and name only, never their secrets). */
  providers: { id: string; name: string }[];
  identifier: string;
  next: string;
  errors: FieldError[];
  problem: Problem;
  /** A confirmation after a redirect here (password changed, signed out here or everywhere). */
  notice: "passwordChanged" | "loggedOutEverywhere" | "loggedOut" | "accountDeleted" | null;
}

function noticeFrom(url: URL): LoginData["notice"] {
  if (url.searchParams.get("heslo") === "zmeneno") return "passwordChanged";
  const out = url.searchParams.get("odhlaseno");
  if (out === "vsude") return "loggedOutEverywhere";
  if (out === "1") return "loggedOut";
  if (url.searchParams.get("ucet") === "zrusen") return "accountDeleted";
  return null;
}

const defaultNext = (state: { clerk: unknown }) => (state.clerk ? "/urad" : "/ucet");

export const handler = define.handlers({
  GET(ctx) {
    const next = safeNext(ctx.url.searchParams.get("next"), "");
    if (ctx.state.clerk || ctx.state.person) return ctx.redirect(next || defaultNext(ctx.state));
    return page<LoginData>({
      providers: loginProviders(ctx.state.tenant.slug, ctx.state.t),
      identifier: "",
      next,
      errors: [],
      problem: null,
      notice: noticeFrom(ctx.url),
    });
  },
  async POST(ctx) {
    const form = await ctx.formData();
    const identifier = cleanText(form.get("identifier") ?? form.get("username")).slice(0, 254);
    const password = typeof form.get("password") === "string" ? String(form.get("password")) : "";
    const next = safeNext(cleanText(form.get("next")), "");
    const errors: FieldError[] = [];
    if (!identifier) errors.push({ field: "identifier", code: "required" });
    if (!password) errors.push({ field: "password", code: "required" });
    const again = (problem: Problem, status: number) =>
      page<LoginData>({
        providers: loginProviders(ctx.state.tenant.slug, ctx.state.t),
        identifier,
        next,
        errors,
        problem,
        notice: null,
      }, {
        status,
      });
    if (errors.length) return again(null, 422);

    const { tenant } = ctx.state;
    // Every attempt takes a token per address, and one from the account's bucket: the account
    // the identifier names (its user name, e-mail and every spelling of its phone share it), or
    // the normalised identifier when it names none. A right password gives them back.
    await enforceIp(limits.loginIp, ctx);
    const accountKey = (key: string) => `${tenant.id}:${key}`;
    const outcome = await signInWithPassword(
      defaultDeps(),
      {
        tenant,
        requestId: ctx.state.requestId,
        t: ctx.state.t,
        userAgent: ctx.req.headers.get("user-agent"),
      },
      identifier,
      password,
      {
        take: async (key) => void await enforce(limits.loginAccount, accountKey(key), ctx),
        reset: (key) => limits.loginAccount.resetUsedTokens(accountKey(key)),
      },
    );
    if (!outcome.ok && outcome.code === "failed") return again("failed", 401);
    if (!outcome.ok) return again(outcome.code, 403);
    if (outcome.step === "code") {
      const { kind, id } = outcome.account;
      await setStep(ctx.hono, tenant.id, "login", { sub: `${kind}:${id}`, next });
      return ctx.redirect("/prihlaseni/overeni");
    }
    setSessionCookie(ctx.hono, outcome.session);
    return ctx.redirect(afterForm(next || "/ucet"));
  },
});

export default define.page<typeof handler>(({ data, state }) => {
  const { t } = state;
  const labels = { identifier: t("login.identifier"), password: t("login.password") };
  return (
    <div class="narrow">
      <PageTitle title={t("login.title")} state={state} />
      <h1>{t("login.title")}</h1>
      <p class="lead">{t("login.lead")}</p>
      {data.notice && <Notice type="success" t={t} title={t(`login.notice.${data.notice}`)} />}
      <ErrorSummary errors={data.errors} t={t} labels={labels} />
      {data.problem && (
        <Alert t={t} title={t(`login.problem.${data.problem}.title`)}>
          {t(`login.problem.${data.problem}.text`)}
        </Alert>
      )}
      <form method="post" action="/prihlaseni" novalidate>
        <CsrfField token={state.csrfToken} />
        <input type="hidden" name="next" value={data.next} />
        <TextField
          name="identifier"
          label={labels.identifier}
          hint={t("login.identifierHint")}
          value={data.identifier}
          autocomplete="username"
          required
          maxLength={254}
          spellcheck={false}
          errors={data.errors}
          t={t}
        />
        <TextField
          name="password"
          type="password"
          label={labels.password}
          autocomplete="current-password"
          required
          maxLength={1024}
          errors={data.errors}
          t={t}
        />
        <SubmitButton>{t("login.submit")}</SubmitButton>
      </form>
      <p>
        <a class="standalone-link" href="/zapomenute-heslo">{t("login.forgotten")}</a>
      </p>
      <ProviderButtons providers={data.providers} t={t} next={data.next || undefined} />
      <h2>{t("login.noAccountHeading")}</h2>
      <p>
        {t("login.noAccountText")} <a href="/registrace">{t("login.register")}</a>
      </p>
    </div>
  );
});
