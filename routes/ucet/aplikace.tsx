/**
 * "Aplikace, kterým jsem povolil přihlášení": the town's applications the signed-in person signed
 * in to through the portal (single sign-on), what each receives and when it last did; "Odebrat
 * přístup" (after a confirmation page) withdraws the grant and its tokens and logs the person
 * out of the application (app/oidc_grants.ts). Private, like every personal page.
 */
import { define } from "../../lib/http/define.ts";
import { HttpError, page } from "../../lib/web/mod.ts";
import { getDb } from "../../lib/db.ts";
import { personActor } from "../../lib/http/identity/actor.ts";
import { isConfirmed } from "../../lib/http/confirm.ts";
import { myApplications, withdrawApplication } from "../../app/oidc_grants.ts";
import { PageTitle } from "../../components/layout/DocumentTitle.tsx";
import { ConfirmAction } from "../../components/layout/ConfirmAction.tsx";
import { AllowedApplications } from "../../components/oidc/AllowedApplications.tsx";

const CLIENT_ID = /^[A-Za-z0-9._-]{1,100}$/;

export const handler = define.handlers({
  async GET(ctx) {
    const actor = personActor(ctx.state);
    const apps = await myApplications({ db: getDb() }, actor);
    return page({
      kind: "list" as const,
      apps,
      withdrawn: ctx.url.searchParams.get("odebrano") === "1",
    });
  },
  async POST(ctx) {
    const actor = personActor(ctx.state);
    const form = await ctx.formData();
    const clientId = String(form.get("clientId") ?? "");
    if (form.get("action") !== "withdraw" || !CLIENT_ID.test(clientId)) {
      throw new HttpError(400, "myApps.errors.request");
    }
    const deps = { db: getDb() };
    if (!isConfirmed(form)) {
      const app = (await myApplications(deps, actor)).find((a) => a.clientId === clientId);
      if (!app) throw new HttpError(404);
      return page({ kind: "confirm" as const, clientId, name: app.name });
    }
    const r = await withdrawApplication(deps, actor, clientId);
    if (!r.ok) throw new HttpError(404);
    return ctx.redirect("/ucet/aplikace?odebrano=1");
  },
});

export default define.page<typeof handler>(({ data, state }) => {
  const { t } = state;
  if (data.kind === "confirm") {
    return (
      <ConfirmAction
        state={state}
        action="/ucet/aplikace"
        title={t("myApps.confirmTitle", { name: data.name })}
        consequence={t("myApps.confirmConsequence")}
        summary={[{ label: t("myApps.app"), value: data.name }]}
        hidden={{ action: "withdraw", clientId: data.clientId }}
        confirmLabel={t("myApps.confirmWithdraw")}
        backHref="/ucet/aplikace"
      />
    );
  }
  return (
    <div>
      <PageTitle title={t("myApps.title")} state={state} />
      <h1>{t("myApps.title")}</h1>
      <p class="lead">{t("myApps.lead")}</p>
      <AllowedApplications apps={data.apps} withdrawn={data.withdrawn} state={state} />
    </div>
  );
});
