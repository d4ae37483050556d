/**
 * Subscribing to the town's news without an account (issue 13): an e-mail or a mobile number,
 * topics, and streets or parts of the town (none = the whole town). Double opt-in: an e-mail
 * gets a link, a phone a six-digit code entered on the next page. The answer is the same
 * whether or not the address is subscribed already. Private (the form holds a CSRF token).
 */
import { define } from "../../lib/http/define.ts";
import { page } from "../../lib/web/mod.ts";
import { getDb } from "../../lib/db.ts";
import { enforce, enforceAnonymousForm } from "../../lib/http/ratelimit.ts";
import { limits } from "../../lib/http/identity/limits.ts";
import { tenantOrigin } from "../../lib/http/tenant.ts";
import { subscribe } from "../../app/subscriptions.ts";
import { defaultDeps } from "../../app/deps.ts";
import { listStreetsByPart, type StreetPart } from "../../db/repositories/streets.ts";
import {
  SUBSCRIPTION_ERROR_MESSAGES,
  type SubscriptionErrorCode,
  validateSubscription,
} from "../../domain/subscriptions.ts";
import type { FieldError } from "../../domain/validation.ts";
import {
  CsrfField,
  ErrorSummary,
  SubmitButton,
  TextField,
  withErrorMessages,
} from "../../components/form/mod.ts";
import { ChoiceGroup } from "../../components/identity/ChoiceGroup.tsx";
import { StreetFields, TopicFields } from "../../components/subscriptions/FollowFields.tsx";
import { CodeForm } from "../../components/subscriptions/CodeForm.tsx";
import { Notice } from "../../components/layout/Notice.tsx";
import { PageTitle } from "../../components/layout/DocumentTitle.tsx";
import { Breadcrumbs } from "../../components/layout/Breadcrumbs.tsx";

type SubscribeData =
  | {
    kind: "form";
    parts: StreetPart[];
    address: string;
    topics: string[];
    streetIds: string[];
    consent: boolean;
    errors: FieldError<SubscriptionErrorCode>[];
  }
  | { kind: "mailSent" }
  | { kind: "code"; phone: string; errors: FieldError<SubscriptionErrorCode>[] };

export const handler = define.handlers({
  async GET(ctx) {
    const parts = await listStreetsByPart(getDb(), ctx.state.tenant.id);
    return page<SubscribeData>({
      kind: "form",
      parts,
      address: "",
      topics: [],
      streetIds: [],
      consent: false,
      errors: [],
    });
  },
  async POST(ctx) {
    const form = await ctx.formData();
    const { tenant } = ctx.state;
    const checked = validateSubscription(form);
    if (!checked.ok) {
      const parts = await listStreetsByPart(getDb(), tenant.id);
      const wholeParts = parts.filter((p) => form.getAll("part").includes(p.part))
        .flatMap((p) => p.streets.map((s) => s.id));
      return page<SubscribeData>({
        kind: "form",
        parts,
        address: checked.address,
        topics: form.getAll("topic").map(String),
        streetIds: [...form.getAll("street").map(String), ...wholeParts],
        consent: form.get("consent") === "yes",
        errors: checked.errors,
      }, { status: 422 });
    }
    const req = checked.value;
    await enforceAnonymousForm(ctx, "subscription");
    // Confirmations to one address: as for one-time codes, whoever asks.
    await enforce(limits.codeSend, `${tenant.id}:subscription:${req.address}`, ctx);
    await subscribe(defaultDeps(), {
      tenantId: tenant.id,
      townName: tenant.name,
      origin: tenantOrigin(tenant),
      locale: ctx.state.locale,
      t: ctx.state.t,
    }, req);
    return req.channel === "email"
      ? page<SubscribeData>({ kind: "mailSent" })
      : page<SubscribeData>({ kind: "code", phone: req.address, errors: [] });
  },
});

export default define.page<typeof handler>(({ data, state }) => {
  const { t } = state;
  const title = t("subscriptions.title");
  const head = (
    <>
      <PageTitle title={title} state={state} />
      <Breadcrumbs t={t} items={[{ label: title }]} />
      <h1>{title}</h1>
    </>
  );
  if (data.kind === "mailSent") {
    return (
      <div class="narrow">
        {head}
        <Notice type="info" t={t} title={t("subscriptions.mailSentTitle")}>
          {t("subscriptions.mailSentText")}
        </Notice>
      </div>
    );
  }
  if (data.kind === "code") {
    return (
      <div class="narrow">
        {head}
        <CodeForm phone={data.phone} errors={data.errors} state={state} />
      </div>
    );
  }
  const et = withErrorMessages(t, SUBSCRIPTION_ERROR_MESSAGES);
  const labels = {
    address: t("subscriptions.address"),
    topic: t("subscriptions.topicsLegend"),
    consent: t("subscriptions.consentLabel"),
  };
  return (
    <div class="narrow">
      {head}
      <p class="lead">{t("subscriptions.lead")}</p>
      {state.person && (
        <p>
          {t("subscriptions.signedInHint")} <a href="/ucet/nastaveni">{t("settings.title")}</a>
        </p>
      )}
      <ErrorSummary errors={data.errors} t={et} labels={labels} />
      <form method="post" action="/odber" novalidate>
        <CsrfField token={state.csrfToken} />
        <TextField
          name="address"
          label={labels.address}
          hint={t("subscriptions.addressHint")}
          value={data.address}
          autocomplete="email"
          required
          maxLength={254}
          spellcheck={false}
          errors={data.errors}
          t={et}
        />
        <TopicFields
          t={et}
          parts={data.parts}
          topics={data.topics}
          streetIds={[]}
          errors={data.errors}
        />
        <StreetFields t={t} parts={data.parts} topics={[]} streetIds={data.streetIds} />
        <ChoiceGroup
          type="checkbox"
          name="consent"
          legend={t("subscriptions.consentLegend")}
          hint={t("subscriptions.consent", { town: state.tenant.name })}
          options={[{ value: "yes", label: labels.consent }]}
          selected={data.consent ? ["yes"] : []}
          errors={data.errors}
          required
          t={et}
        />
        <SubmitButton>{t("subscriptions.submit")}</SubmitButton>
      </form>
    </div>
  );
});
