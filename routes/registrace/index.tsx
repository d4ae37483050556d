/** Registration, step 1: name, e-mail, mobile phone and a password. */
import { define } from "../../lib/http/define.ts";
import { limits } from "../../lib/http/identity/limits.ts";
import { enforceAnonymousForm, enforceIp } from "../../lib/http/ratelimit.ts";
import { tenantOrigin } from "../../lib/http/tenant.ts";
import { page } from "../../lib/web/mod.ts";
import { register } from "../../app/identity.ts";
import { defaultDeps } from "../../app/deps.ts";
import { setStep } from "../../lib/http/identity/step.ts";
import {
  PASSWORD_MIN,
  type RegistrationValues,
  registrationValues,
  validateRegistration,
} from "../../domain/identity.ts";
import type { FieldError } from "../../domain/validation.ts";
import { CsrfField, ErrorSummary, SubmitButton, TextField } from "../../components/form/mod.ts";
import { NewPasswordFields } from "../../components/identity/NewPasswordFields.tsx";
import { PageTitle } from "../../components/layout/DocumentTitle.tsx";

interface RegistrationData {
  values: RegistrationValues;
  errors: FieldError[];
}

const EMPTY: RegistrationValues = { givenName: "", familyName: "", email: "", phone: "" };

export const handler = define.handlers({
  GET(ctx) {
    if (ctx.state.person) return ctx.redirect("/ucet");
    return page<RegistrationData>({ values: EMPTY, errors: [] });
  },
  async POST(ctx) {
    const form = await ctx.formData();
    const values = registrationValues(form);
    const valid = validateRegistration(form);
    if (!valid.ok) return page<RegistrationData>({ values, errors: valid.errors }, { status: 422 });
    await enforceIp(limits.registration, ctx);
    await enforceAnonymousForm(ctx, "registration");
    const origin = tenantOrigin(ctx.state.tenant);
    const result = await register(defaultDeps(), ctx.state, valid.value, origin);
    if (!result.ok) {
      return page<RegistrationData>({ values, errors: result.errors }, { status: 422 });
    }
    // The same next step whether or not an address was taken (then no account was made).
    await setStep(
      ctx.hono,
      ctx.state.tenant.id,
      "registration",
      result.personId === null
        ? { sub: `pending:${crypto.randomUUID()}`, ...result.pending }
        : { sub: `person:${result.personId}` },
    );
    return ctx.redirect("/registrace/overeni");
  },
});

export default define.page<typeof handler>(({ data, state }) => {
  const { t } = state;
  const { values, errors } = data;
  const labels = {
    givenName: t("registration.givenName"),
    familyName: t("registration.familyName"),
    email: t("registration.email"),
    phone: t("registration.phone"),
    password: t("registration.password"),
    passwordAgain: t("registration.passwordAgain"),
  };
  return (
    <div class="narrow">
      <PageTitle title={t("registration.title")} state={state} />
      <h1>{t("registration.title")}</h1>
      <p class="lead">{t("registration.lead")}</p>
      <ErrorSummary errors={errors} t={t} labels={labels} />
      <form method="post" action="/registrace" novalidate>
        <CsrfField token={state.csrfToken} />
        <TextField
          name="givenName"
          label={labels.givenName}
          value={values.givenName}
          autocomplete="given-name"
          required
          maxLength={100}
          errors={errors}
          t={t}
        />
        <TextField
          name="familyName"
          label={labels.familyName}
          value={values.familyName}
          autocomplete="family-name"
          required
          maxLength={100}
          errors={errors}
          t={t}
        />
        <TextField
          name="email"
          type="email"
          label={labels.email}
          hint={t("registration.emailHint")}
          value={values.email}
          autocomplete="email"
          required
          maxLength={254}
          spellcheck={false}
          errors={errors}
          t={t}
        />
        <TextField
          name="phone"
          type="tel"
          label={labels.phone}
          hint={t("registration.phoneHint")}
          value={values.phone}
          autocomplete="tel"
          required
          maxLength={20}
          errors={errors}
          t={t}
        />
        <NewPasswordFields
          labels={labels}
          hint={t("registration.passwordHint", { min: PASSWORD_MIN })}
          errors={errors}
          t={t}
        />
        <SubmitButton>{t("registration.submit")}</SubmitButton>
      </form>
      <p>
        {t("registration.haveAccount")} <a href="/prihlaseni">{t("login.submit")}</a>
      </p>
    </div>
  );
});
