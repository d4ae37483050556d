/**
 * A subscription's own page, reached by the link in every message (`unsubscribePath`): what it
 * follows, when consent was given, a button to withdraw and a link to change topics and streets.
 * POST withdraws: the page's button (CSRF token), or the mail provider's RFC 8058 one-click POST
 * (`List-Unsubscribe=One-Click`, no session, no token: the random path token is the capability;
 * lib/http/csrf.ts `isOneClickUnsubscribe` lets exactly that through).
 */
import { define } from "../../../lib/http/define.ts";
import { HttpError, page } from "../../../lib/web/mod.ts";
import { getDb } from "../../../lib/db.ts";
import {
  findSubscription,
  type SubscriptionView,
  unsubscribe,
} from "../../../app/subscriptions.ts";
import { defaultDeps } from "../../../app/deps.ts";
import { listStreetsByPart, type StreetPart } from "../../../db/repositories/streets.ts";
import { isSubscriptionToken } from "../../../domain/subscriptions.ts";
import { formatDateTime } from "../../../lib/http/format.ts";
import { CsrfField, SubmitButton } from "../../../components/form/mod.ts";
import { followedPlaces } from "../../../components/subscriptions/FollowFields.tsx";
import { Notice } from "../../../components/layout/Notice.tsx";
import { PageTitle } from "../../../components/layout/DocumentTitle.tsx";

interface ManageData {
  token: string;
  sub: SubscriptionView;
  parts: StreetPart[];
  notice: "withdrawn" | "saved" | null;
}

function subscriptionToken(value: unknown): string {
  if (!isSubscriptionToken(value)) throw new HttpError(404);
  return value;
}

async function load(tenantId: string, token: string, notice: ManageData["notice"]) {
  const db = getDb();
  const [sub, parts] = await Promise.all([
    findSubscription(db, tenantId, token),
    listStreetsByPart(db, tenantId),
  ]);
  if (!sub) throw new HttpError(404);
  return { token, sub, parts, notice };
}

export const handler = define.handlers({
  async GET(ctx) {
    const token = subscriptionToken(ctx.params.token);
    const saved = ctx.url.searchParams.has("ulozeno") ? "saved" : null;
    return page<ManageData>(await load(ctx.state.tenant.id, token, saved));
  },
  async POST(ctx) {
    const token = subscriptionToken(ctx.params.token);
    const form = await ctx.formData();
    const oneClick = form.get("List-Unsubscribe") === "One-Click";
    const found = await unsubscribe(
      defaultDeps(),
      ctx.state.tenant.id,
      token,
      oneClick ? "one_click" : "unsubscribe_link",
    );
    if (!found) throw new HttpError(404);
    return page<ManageData>(await load(ctx.state.tenant.id, token, "withdrawn"));
  },
});

export default define.page<typeof handler>(({ data, state }) => {
  const { t, locale } = state;
  const { sub } = data;
  return (
    <div class="narrow">
      <PageTitle title={t("subscriptions.manageTitle")} state={state} />
      <h1>{t("subscriptions.manageTitle")}</h1>
      {data.notice === "withdrawn" && (
        <Notice type="success" t={t} title={t("subscriptions.withdrawnTitle")}>
          {t("subscriptions.withdrawnText")}
        </Notice>
      )}
      {data.notice === "saved" && (
        <Notice type="success" t={t} title={t("subscriptions.savedTitle")} />
      )}
      <dl class="facts">
        <dt>{t(`subscriptions.channel.${sub.channel}`)}</dt>
        <dd>{sub.address}</dd>
        <dt>{t("subscriptions.statusLabel")}</dt>
        <dd>{t(`subscriptions.status.${sub.status}`)}</dd>
        {sub.status !== "unsubscribed" && (
          <>
            <dt>{t("subscriptions.topicsLegend")}</dt>
            <dd>{sub.topics.map((x) => t(`subscriptions.topics.${x}`)).join(", ") || "–"}</dd>
            <dt>{t("subscriptions.placesLabel")}</dt>
            <dd>{followedPlaces(t, data.parts, sub.streetIds).join(", ")}</dd>
          </>
        )}
        {sub.consentAt && (
          <>
            <dt>{t("subscriptions.consentAt")}</dt>
            <dd>{formatDateTime(sub.consentAt, locale)}</dd>
          </>
        )}
        {sub.withdrawnAt && sub.status === "unsubscribed" && (
          <>
            <dt>{t("subscriptions.withdrawnAt")}</dt>
            <dd>{formatDateTime(sub.withdrawnAt, locale)}</dd>
          </>
        )}
      </dl>
      {sub.status === "unsubscribed"
        ? (
          <p>
            {t("subscriptions.subscribeAgainHint")}{" "}
            <a href="/odber">{t("subscriptions.subscribeAgain")}</a>
          </p>
        )
        : (
          <>
            <p>
              <a href={`/odber/sprava/${data.token}`}>{t("subscriptions.changeLink")}</a>
            </p>
            <form method="post" action={`/odber/odhlasit/${data.token}`}>
              <CsrfField token={state.csrfToken} />
              <SubmitButton variant="secondary">{t("subscriptions.unsubscribe")}</SubmitButton>
            </form>
          </>
        )}
    </div>
  );
});
