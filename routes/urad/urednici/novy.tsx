/**
 * A new clerk account: name, user name (unique in the town, clerks and citizens alike), e-mail,
 * mobile phone (clerks always sign in with an SMS code), an initial password and the roles.
 * Submitting twice creates one account: the second finds the user name taken.
 */
import { define } from "../../../lib/http/define.ts";
import { page } from "../../../lib/web/mod.ts";
import { assertClerk } from "../../../lib/http/auth.ts";
import { clerkActor } from "../../../lib/http/identity/actor.ts";
import { createClerk } from "../../../app/clerks.ts";
import { tenantOrigin } from "../../../lib/http/tenant.ts";
import { defaultDeps } from "../../../app/deps.ts";
import {
  type NewClerkValues,
  newClerkValues,
  OFFICE_MESSAGES,
  type OfficeFieldError,
  ROLE_ADMIN,
  USERNAME_MAX,
} from "../../../domain/clerks.ts";
import {
  CsrfField,
  ErrorSummary,
  SubmitButton,
  TextField,
  withErrorMessages,
} from "../../../components/form/mod.ts";
import { NewPasswordFields } from "../../../components/identity/NewPasswordFields.tsx";
import { PASSWORD_MIN } from "../../../domain/identity.ts";
import { PageTitle } from "../../../components/layout/DocumentTitle.tsx";
import { RoleCheckboxes } from "./_roles.tsx";

interface NewClerkPage {
  values: NewClerkValues;
  errors: OfficeFieldError[];
}

export const handler = define.handlers({
  GET(ctx) {
    assertClerk(ctx.state, ROLE_ADMIN);
    return page<NewClerkPage>({
      values: { displayName: "", username: "", email: "", phone: "", roles: [] },
      errors: [],
    });
  },
  async POST(ctx) {
    assertClerk(ctx.state, ROLE_ADMIN);
    const form = await ctx.formData();
    const outcome = await createClerk(defaultDeps(), clerkActor(ctx.state), form, {
      t: ctx.state.t,
      tenant: ctx.state.tenant,
      origin: tenantOrigin(ctx.state.tenant),
    });
    if (outcome.ok) return ctx.redirect(`/urad/urednici/${outcome.id}?zalozeno=1`);
    return page<NewClerkPage>({ values: newClerkValues(form), errors: outcome.errors }, {
      status: 422,
    });
  },
});

export default define.page<typeof handler>(({ data, state }) => {
  const t = withErrorMessages(state.t, OFFICE_MESSAGES);
  const { errors } = data;
  const v = data.values;
  const labels = {
    displayName: t("officeClerks.field.displayName"),
    username: t("officeClerks.field.username"),
    email: t("officeClerks.field.email"),
    phone: t("officeClerks.field.phone"),
    password: t("officeClerks.field.password"),
    passwordAgain: t("officeClerks.field.passwordAgain"),
    roles: t("officeClerks.field.roles"),
  };
  return (
    <div class="narrow">
      <PageTitle title={t("officeClerks.newTitle")} state={state} />
      <p>
        <a href="/urad/urednici">{t("officeClerks.backToList")}</a>
      </p>
      <h1>{t("officeClerks.newTitle")}</h1>
      <ErrorSummary errors={errors} t={t} labels={labels} />
      <form method="post" novalidate>
        <CsrfField token={state.csrfToken} />
        <TextField
          name="displayName"
          label={labels.displayName}
          value={v.displayName}
          required
          maxLength={100}
          autocomplete="off"
          errors={errors}
          t={t}
        />
        <TextField
          name="username"
          label={labels.username}
          hint={t("officeClerks.usernameHint", { max: USERNAME_MAX })}
          value={v.username}
          required
          maxLength={USERNAME_MAX}
          autocomplete="off"
          spellcheck={false}
          width="m"
          errors={errors}
          t={t}
        />
        <TextField
          name="email"
          type="email"
          label={labels.email}
          value={v.email}
          required
          maxLength={254}
          autocomplete="off"
          errors={errors}
          t={t}
        />
        <TextField
          name="phone"
          type="tel"
          label={labels.phone}
          hint={t("officeClerks.phoneHint")}
          value={v.phone}
          required
          maxLength={20}
          autocomplete="off"
          width="m"
          errors={errors}
          t={t}
        />
        <NewPasswordFields
          labels={labels}
          hint={t("officeClerks.passwordHint", { min: PASSWORD_MIN })}
          errors={errors}
          t={t}
        />
        <RoleCheckboxes checked={v.roles} errors={errors} t={t} />
        <SubmitButton>{t("officeClerks.create")}</SubmitButton>
      </form>
    </div>
  );
});
