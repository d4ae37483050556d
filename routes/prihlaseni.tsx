/**
 * Sign-in. For now clerks sign in with a local account of their town; citizens' accounts and
 * national identity (NIA, Bank iD, MojeID) come with the identity issue.
 */
import { setCookie } from "hono/cookie";
import { verify } from "@node-rs/argon2";
import { define } from "../lib/define.ts";
import { page } from "../lib/web/mod.ts";
import { getDb } from "../lib/db.ts";
import { config } from "../lib/config.ts";
import { findClerkByUsername } from "../db/repositories/clerks.ts";
import { appendAudit } from "../db/repositories/audit.ts";
import { issueClerkSession, SESSION_COOKIE } from "../lib/session.ts";
import { safeNext } from "../lib/auth.ts";
import { cleanText, type FieldError } from "../domain/validation.ts";
import { CsrfField, ErrorSummary, SubmitButton, TextField } from "../components/form/mod.ts";
import { Alert } from "../components/layout/Notice.tsx";
import { PageTitle } from "../components/layout/DocumentTitle.tsx";

// Compared against when the user name is unknown, so both paths take the same time.
const DUMMY_HASH =
  "$argon2id$v=19$m=19456,t=2,p=1$s5pvDWgJ9hjmvZXFfDQ1iw$V1YnPnc4ZeaCvtwH4FVaP91IItsrkBS5LorTBAVKGBQ";

interface LoginData {
  username: string;
  next: string;
  errors: FieldError[];
  failed: boolean;
}

export const handler = define.handlers({
  GET(ctx) {
    if (ctx.state.clerk) return ctx.redirect(safeNext(ctx.url.searchParams.get("next")));
    return page<LoginData>({
      username: "",
      next: safeNext(ctx.url.searchParams.get("next")),
      errors: [],
      failed: false,
    });
  },
  async POST(ctx) {
    const form = await ctx.formData();
    const username = cleanText(form.get("username")).toLowerCase().slice(0, 100);
    const password = typeof form.get("password") === "string" ? String(form.get("password")) : "";
    const next = safeNext(cleanText(form.get("next")));
    const errors: FieldError[] = [];
    if (!username) errors.push({ field: "username", code: "required" });
    if (!password) errors.push({ field: "password", code: "required" });
    if (errors.length) {
      return page<LoginData>({ username, next, errors, failed: false }, { status: 422 });
    }

    const db = getDb();
    const tenant = ctx.state.tenant;
    const clerk = await findClerkByUsername(db, tenant.id, username);
    const ok = await verify(clerk?.password_hash ?? DUMMY_HASH, password.slice(0, 1024)).catch(() =>
      false
    );
    if (!clerk || !ok) {
      await appendAudit(db, {
        tenantId: tenant.id,
        actorType: "anonymous",
        actorId: clerk?.id ?? null,
        action: "auth.login_failed",
        requestId: ctx.state.requestId,
      });
      return page<LoginData>({ username, next, errors: [], failed: true }, { status: 401 });
    }
    const session = await issueClerkSession(
      db,
      config().sessionSecret,
      tenant.id,
      clerk.id,
      ctx.req.headers.get("user-agent"),
    );
    await appendAudit(db, {
      tenantId: tenant.id,
      actorType: "clerk",
      actorId: clerk.id,
      action: "auth.login",
      requestId: ctx.state.requestId,
    });
    setCookie(ctx.hono, SESSION_COOKIE, session.token, {
      path: "/",
      secure: true,
      httpOnly: true,
      sameSite: "Lax",
      expires: session.expiresAt,
    });
    return ctx.redirect(next);
  },
});

export default define.page<typeof handler>(({ data, state }) => {
  const { t } = state;
  const labels = { username: t("login.username"), password: t("login.password") };
  return (
    <div class="narrow">
      <PageTitle title={t("login.title")} state={state} />
      <h1>{t("login.title")}</h1>
      <p class="lead">{t("login.lead")}</p>
      <ErrorSummary errors={data.errors} t={t} labels={labels} />
      {data.failed && <Alert t={t} title={t("login.failedTitle")}>{t("login.failed")}</Alert>}
      <form method="post" action="/prihlaseni" novalidate>
        <CsrfField token={state.csrfToken} />
        <input type="hidden" name="next" value={data.next} />
        <TextField
          name="username"
          label={labels.username}
          value={data.username}
          autocomplete="username"
          required
          maxLength={100}
          spellcheck={false}
          errors={data.errors}
          t={t}
        />
        <div class="form-field">
          <label class="gov-form-label" for="field-password">
            {labels.password} <span class="form-field__required">{t("layout.form.required")}</span>
          </label>
          <div class="gov-form-input">
            <div class="element">
              <input
                id="field-password"
                name="password"
                type="password"
                autocomplete="current-password"
                aria-required="true"
                maxLength={1024}
              />
            </div>
          </div>
        </div>
        <SubmitButton>{t("login.submit")}</SubmitButton>
      </form>
    </div>
  );
});
