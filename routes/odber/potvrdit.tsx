/**
 * The link e-mailed to confirm a subscription. Opening it (GET) confirms nothing — mail
 * scanners open links too — but shows a button; pressing it (POST) activates the subscription.
 */
import { define } from "../../lib/http/define.ts";
import { HttpError, page } from "../../lib/web/mod.ts";
import { confirmByLink } from "../../app/subscriptions.ts";
import { defaultDeps } from "../../app/deps.ts";
import { CsrfField, SubmitButton } from "../../components/form/mod.ts";
import { Notice } from "../../components/layout/Notice.tsx";
import { PageTitle } from "../../components/layout/DocumentTitle.tsx";

type ConfirmData =
  | { kind: "ask"; token: string }
  | { kind: "confirmed"; unsubscribeToken: string }
  | { kind: "expired" };

function tokenOf(value: unknown): string {
  const token = typeof value === "string" ? value : "";
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) throw new HttpError(404);
  return token;
}

export const handler = define.handlers({
  GET(ctx) {
    return page<ConfirmData>({ kind: "ask", token: tokenOf(ctx.url.searchParams.get("token")) });
  },
  async POST(ctx) {
    const token = tokenOf((await ctx.formData()).get("token"));
    const r = await confirmByLink(defaultDeps(), ctx.state.tenant.id, token);
    if (r.ok) return page<ConfirmData>({ kind: "confirmed", unsubscribeToken: r.unsubscribeToken });
    if (r.code === "expired") return page<ConfirmData>({ kind: "expired" }, { status: 410 });
    throw new HttpError(404);
  },
});

export default define.page<typeof handler>(({ data, state }) => {
  const { t } = state;
  return (
    <div class="narrow">
      <PageTitle title={t("subscriptions.confirmTitle")} state={state} />
      <h1>{t("subscriptions.confirmTitle")}</h1>
      {data.kind === "ask" && (
        <form method="post" action="/odber/potvrdit">
          <CsrfField token={state.csrfToken} />
          <input type="hidden" name="token" value={data.token} />
          <p>{t("subscriptions.confirmLead")}</p>
          <SubmitButton>{t("subscriptions.confirm")}</SubmitButton>
        </form>
      )}
      {data.kind === "expired" && (
        <>
          <Notice type="error" t={t} title={t("subscriptions.expiredTitle")}>
            {t("subscriptions.linkExpiredText")}
          </Notice>
          <p>
            <a href="/odber">{t("subscriptions.startAgain")}</a>
          </p>
        </>
      )}
      {data.kind === "confirmed" && (
        <>
          <Notice type="success" t={t} title={t("subscriptions.confirmedTitle")}>
            {t("subscriptions.confirmedText")}
          </Notice>
          <p>
            {t("subscriptions.manageHint")}{" "}
            <a href={`/odber/odhlasit/${data.unsubscribeToken}`}>{t("subscriptions.manageLink")}</a>
          </p>
        </>
      )}
    </div>
  );
});
