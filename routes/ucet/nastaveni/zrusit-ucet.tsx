/**
 * Deleting the account: one page that says plainly what is deleted at once and what the law
 * makes the town keep (and for how long), and confirms with the current password (an account
 * known only through an identity provider has none: the button confirms). Afterwards the
 * account cannot sign in; the sign-in page says it was deleted (app/account.ts deleteAccount).
 */
import { deleteCookie } from "hono/cookie";
import { define } from "../../../lib/http/define.ts";
import { page } from "../../../lib/web/mod.ts";
import { getDb } from "../../../lib/db.ts";
import { SESSION_COOKIE } from "../../../lib/session.ts";
import { personActor } from "../../../lib/http/identity/actor.ts";
import { limits } from "../../../lib/http/identity/limits.ts";
import { enforce } from "../../../lib/http/ratelimit.ts";
import { deleteAccount } from "../../../app/account.ts";
import { defaultDeps } from "../../../app/deps.ts";
import { findPerson } from "../../../db/repositories/persons.ts";
import { PASSWORD_MAX } from "../../../domain/identity.ts";
import type { FieldError } from "../../../domain/validation.ts";
import {
  CsrfField,
  ErrorSummary,
  SubmitButton,
  TextField,
  withErrorMessages,
} from "../../../components/form/mod.ts";
import { Notice } from "../../../components/layout/Notice.tsx";
import { PageTitle } from "../../../components/layout/DocumentTitle.tsx";
import type { State } from "../../../lib/state.ts";

const DELETED = ["signIn", "contacts", "personal", "drafts", "subscriptions", "representations"];
const KEPT = ["cases", "payments", "name", "debts"];
const MESSAGES = { currentPasswordWrong: "clerkAccount.errors.currentPasswordWrong" };

interface Data {
  hasPassword: boolean;
  errors: FieldError<string>[];
}

async function load(state: State, errors: FieldError<string>[] = []): Promise<Data> {
  const person = await findPerson(getDb(), state.tenant.id, state.person!.personId);
  return { hasPassword: Boolean(person?.password_hash), errors };
}

export const handler = define.handlers({
  async GET(ctx) {
    return page<Data>(await load(ctx.state));
  },
  async POST(ctx) {
    const actor = personActor(ctx.state);
    await enforce(limits.loginAccount, `account-delete:${actor.personId}`, ctx);
    const form = await ctx.formData();
    const outcome = await deleteAccount(defaultDeps(), ctx.state, actor, form);
    if (!outcome.ok) return page<Data>(await load(ctx.state, outcome.errors), { status: 422 });
    deleteCookie(ctx.hono, SESSION_COOKIE, { path: "/", secure: true });
    return ctx.redirect("/prihlaseni?ucet=zrusen");
  },
});

export default define.page<typeof handler>(({ data, state }) => {
  const t = withErrorMessages(state.t, MESSAGES);
  const labels = { currentPassword: t("accountSettings.delete.passwordLabel") };
  return (
    <div class="narrow">
      <PageTitle title={t("accountSettings.delete.title")} state={state} />
      <p>
        <a href="/ucet/nastaveni">{t("accountSettings.back")}</a>
      </p>
      <h1>{t("accountSettings.delete.title")}</h1>
      <ErrorSummary errors={data.errors} t={t} labels={labels} />
      <Notice
        type="warning"
        t={t}
        title={t("accountSettings.delete.consequence")}
        live={false}
      />
      <h2>{t("accountSettings.delete.deletedHeading")}</h2>
      <ul>
        {DELETED.map((k) => <li key={k}>{t(`accountSettings.delete.deleted.${k}`)}</li>)}
      </ul>
      <h2>{t("accountSettings.delete.keptHeading")}</h2>
      <ul>
        {KEPT.map((k) => <li key={k}>{t(`accountSettings.delete.kept.${k}`)}</li>)}
      </ul>
      <form method="post" action="/ucet/nastaveni/zrusit-ucet" novalidate>
        <CsrfField token={state.csrfToken} />
        {data.hasPassword
          ? (
            <TextField
              name="currentPassword"
              type="password"
              label={labels.currentPassword}
              autocomplete="current-password"
              required
              maxLength={PASSWORD_MAX}
              errors={data.errors}
              t={t}
            />
          )
          : <p>{t("accountSettings.delete.noPassword")}</p>}
        <SubmitButton>{t("accountSettings.delete.confirm")}</SubmitButton>
      </form>
      <p>
        <a href="/ucet/nastaveni">{t("accountSettings.delete.back")}</a>
      </p>
    </div>
  );
});
