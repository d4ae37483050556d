/**
 * One client application of the town's OpenID provider, for the town's admin: its registration,
 * its failed back-channel logout deliveries (when, which error), and — for a confidential client —
 * "Vyměnit tajný klíč" (after a confirmation page; the new secret shown once on the page that
 * answers, the old one refused at once; optionally the tokens issued so far revoked with it, for
 * a secret that leaked), audited (app/oidc_clients.ts).
 */
import { define } from "../../../lib/http/define.ts";
import { HttpError, page } from "../../../lib/web/mod.ts";
import { getDb } from "../../../lib/db.ts";
import { assertClerk } from "../../../lib/http/auth.ts";
import { clerkActor } from "../../../lib/http/identity/actor.ts";
import { isConfirmed } from "../../../lib/http/confirm.ts";
import { ROLE_ADMIN } from "../../../domain/clerks.ts";
import { clientDetail, rotateClientSecret } from "../../../app/oidc_clients.ts";
import { PageTitle } from "../../../components/layout/DocumentTitle.tsx";
import { ConfirmAction } from "../../../components/layout/ConfirmAction.tsx";
import { ClientDetail, type ClientDetailData } from "../../../components/oidc/ClientDetail.tsx";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

type PageData =
  | { kind: "detail"; detail: ClientDetailData }
  | { kind: "confirm"; id: string; name: string; revoke: boolean };

async function load(tenantId: string, id: string) {
  if (!UUID.test(id)) throw new HttpError(404);
  const found = await clientDetail({ db: getDb() }, tenantId, id);
  if (!found) throw new HttpError(404);
  return found;
}

export const handler = define.handlers({
  async GET(ctx) {
    assertClerk(ctx.state, ROLE_ADMIN);
    const found = await load(ctx.state.tenant.id, ctx.params.id);
    return page<PageData>({ kind: "detail", detail: { ...found, newSecret: null } });
  },
  async POST(ctx) {
    assertClerk(ctx.state, ROLE_ADMIN);
    const id = ctx.params.id;
    const found = await load(ctx.state.tenant.id, id);
    const form = await ctx.formData();
    if (form.get("action") !== "rotate") throw new HttpError(400, "oidcClients.errors.action");
    if (!found.client.confidential || found.client.disabledAt) {
      throw new HttpError(409, "oidcClients.errors.notRotatable");
    }
    // "Zneplatnit i vydané tokeny": a checkbox on the form, a hidden field on the confirmation.
    const revoke = form.get("revoke") === "ano";
    if (!isConfirmed(form)) {
      return page<PageData>({ kind: "confirm", id, name: found.client.name, revoke });
    }
    const r = await rotateClientSecret({ db: getDb() }, clerkActor(ctx.state), id, {
      revokeTokens: revoke,
    });
    if (!r.ok) {
      throw r.code === "notFound"
        ? new HttpError(404)
        : new HttpError(409, "oidcClients.errors.notRotatable");
    }
    // The new secret is shown on this answer only (never stored, never in a URL).
    return page<PageData>({ kind: "detail", detail: { ...found, newSecret: r.secret } });
  },
});

export default define.page<typeof handler>(({ data, state }) => {
  const { t } = state;
  if (data.kind === "confirm") {
    return (
      <ConfirmAction
        state={state}
        action={`/urad/aplikace/${data.id}`}
        title={t("oidcClients.rotateConfirmTitle", { name: data.name })}
        consequence={t("oidcClients.rotateConsequence") +
          (data.revoke ? ` ${t("oidcClients.revokeConsequence")}` : "")}
        summary={[
          { label: t("oidcClients.name"), value: data.name },
          {
            label: t("oidcClients.revokeLabel"),
            value: t(data.revoke ? "oidcClients.revokeYes" : "oidcClients.revokeNo"),
          },
        ]}
        hidden={data.revoke ? { action: "rotate", revoke: "ano" } : { action: "rotate" }}
        confirmLabel={t("oidcClients.rotateConfirm")}
        backHref={`/urad/aplikace/${data.id}`}
      />
    );
  }
  const { client } = data.detail;
  return (
    <div>
      <PageTitle title={client.name} state={state} />
      <p>
        <a href="/urad/aplikace">{t("oidcClients.back")}</a>
      </p>
      <h1>{client.name}</h1>
      <ClientDetail data={data.detail} state={state} />
    </div>
  );
});
