/**
 * A new clerk account: name, user name (unique in the town, clerks and citizens alike), e-mail,
 * mobile phone (clerks always sign in with an SMS code), an initial password and the roles.
 * Submitting twice creates one account: the second finds the user name taken.
 */
import { hash } from "@node-rs/argon2";
import { define } from "../../../lib/define.ts";
import { page } from "../../../lib/web/mod.ts";
import { getDb } from "../../../lib/db.ts";
import { assertClerk } from "../../../lib/auth.ts";
import { insertClerk, usernameInUse } from "../../../db/repositories/clerks_admin.ts";
import { appendAudit } from "../../../db/repositories/audit.ts";
import {
  type NewClerkValues,
  newClerkValues,
  type OfficeFieldError,
  ROLE_ADMIN,
  USERNAME_MAX,
  validateNewClerk,
  withOfficeMessages,
} from "../../../domain/clerks.ts";
import { PASSWORD_MIN } from "../../../domain/identity.ts";
import type { FieldError } from "../../../domain/validation.ts";
import { CsrfField, ErrorSummary, SubmitButton, TextField } from "../../../components/form/mod.ts";
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
    const { tenant, clerk, requestId } = ctx.state;
    const form = await ctx.formData();
    const refuse = (errors: OfficeFieldError[]) =>
      page<NewClerkPage>({ values: newClerkValues(form), errors }, { status: 422 });
    const result = validateNewClerk(form);
    if (!result.ok) return refuse(result.errors);
    const db = getDb();
    const c = result.value;
    const taken: OfficeFieldError[] = [{ field: "username", code: "usernameTaken" }];
    if (await usernameInUse(db, tenant.id, c.username)) return refuse(taken);
    const id = await insertClerk(db, tenant.id, {
      username: c.username,
      displayName: c.displayName,
      email: c.email,
      phone: c.phone,
      passwordHash: await hash(c.password, { algorithm: 2 }),
      roles: c.roles,
    });
    if (!id) return refuse(taken);
    await appendAudit(db, {
      tenantId: tenant.id,
      actorType: "clerk",
      actorId: clerk.clerkId,
      action: "clerk.created",
      subjectType: "clerk",
      subjectId: id,
      requestId,
      details: { roles: c.roles },
    });
    return ctx.redirect(`/urad/urednici/${id}?zalozeno=1`);
  },
});

export default define.page<typeof handler>(({ data, state }) => {
  const t = withOfficeMessages(state.t);
  const errors = data.errors as FieldError[];
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
        <TextField
          name="password"
          type="password"
          label={labels.password}
          hint={t("officeClerks.passwordHint", { min: PASSWORD_MIN })}
          required
          autocomplete="new-password"
          errors={errors}
          t={t}
        />
        <TextField
          name="passwordAgain"
          type="password"
          label={labels.passwordAgain}
          required
          autocomplete="new-password"
          errors={errors}
          t={t}
        />
        <RoleCheckboxes checked={v.roles} errors={errors} t={t} />
        <SubmitButton>{t("officeClerks.create")}</SubmitButton>
      </form>
    </div>
  );
});
