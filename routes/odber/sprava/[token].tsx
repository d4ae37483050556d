/**
 * Changing what a subscription follows (topics; streets or parts, none = the whole town), from
 * the link in every message. The change is recorded as a consent event.
 */
import { define } from "../../../lib/http/define.ts";
import { HttpError, page } from "../../../lib/web/mod.ts";
import { getDb } from "../../../lib/db.ts";
import {
  changeSubscription,
  findSubscription,
  type SubscriptionView,
} from "../../../app/subscriptions.ts";
import { defaultDeps } from "../../../app/deps.ts";
import { listStreetsByPart, type StreetPart } from "../../../db/repositories/streets.ts";
import {
  isSubscriptionToken,
  readChoice,
  SUBSCRIPTION_ERROR_MESSAGES,
  type SubscriptionErrorCode,
} from "../../../domain/subscriptions.ts";
import type { FieldError } from "../../../domain/validation.ts";
import {
  CsrfField,
  ErrorSummary,
  SubmitButton,
  withErrorMessages,
} from "../../../components/form/mod.ts";
import { StreetFields, TopicFields } from "../../../components/subscriptions/FollowFields.tsx";
import { PageTitle } from "../../../components/layout/DocumentTitle.tsx";

interface ChangeData {
  token: string;
  sub: SubscriptionView;
  parts: StreetPart[];
  topics: string[];
  streetIds: string[];
  errors: FieldError<SubscriptionErrorCode>[];
}

function subscriptionToken(value: unknown): string {
  if (!isSubscriptionToken(value)) throw new HttpError(404);
  return value;
}

async function load(tenantId: string, token: string) {
  const db = getDb();
  const [sub, parts] = await Promise.all([
    findSubscription(db, tenantId, token),
    listStreetsByPart(db, tenantId),
  ]);
  if (!sub || sub.status === "unsubscribed") throw new HttpError(404);
  return { sub, parts };
}

export const handler = define.handlers({
  async GET(ctx) {
    const token = subscriptionToken(ctx.params.token);
    const { sub, parts } = await load(ctx.state.tenant.id, token);
    return page<ChangeData>({
      token,
      sub,
      parts,
      topics: sub.topics,
      streetIds: sub.streetIds,
      errors: [],
    });
  },
  async POST(ctx) {
    const token = subscriptionToken(ctx.params.token);
    const { tenant } = ctx.state;
    const form = await ctx.formData();
    const errors: FieldError<SubscriptionErrorCode>[] = [];
    const choice = readChoice(form, errors);
    if (errors.length) {
      const { sub, parts } = await load(tenant.id, token);
      return page<ChangeData>({
        token,
        sub,
        parts,
        topics: choice.topics,
        streetIds: choice.streetIds,
        errors,
      }, { status: 422 });
    }
    const r = await changeSubscription(defaultDeps(), tenant.id, token, choice);
    if (r !== "changed") throw new HttpError(404);
    return ctx.redirect(`/odber/odhlasit/${token}?ulozeno=1`, 303);
  },
});

export default define.page<typeof handler>(({ data, state }) => {
  const { t } = state;
  const et = withErrorMessages(t, SUBSCRIPTION_ERROR_MESSAGES);
  return (
    <div class="narrow">
      <PageTitle title={t("subscriptions.changeTitle")} state={state} />
      <h1>{t("subscriptions.changeTitle")}</h1>
      <p class="lead">{data.sub.address}</p>
      <ErrorSummary
        errors={data.errors}
        t={et}
        labels={{ topic: t("subscriptions.topicsLegend") }}
      />
      <form method="post" action={`/odber/sprava/${data.token}`} novalidate>
        <CsrfField token={state.csrfToken} />
        <TopicFields
          t={et}
          parts={data.parts}
          topics={data.topics}
          streetIds={[]}
          errors={data.errors}
        />
        <StreetFields t={t} parts={data.parts} topics={[]} streetIds={data.streetIds} />
        <SubmitButton>{t("subscriptions.save")}</SubmitButton>
      </form>
      <p>
        <a href={`/odber/odhlasit/${data.token}`}>{t("subscriptions.back")}</a>
      </p>
    </div>
  );
});
