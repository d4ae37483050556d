/**
 * The town's client applications of its OpenID provider (single sign-on into the agenda
 * systems), kept by the town's admin: list, register, disable (after a confirmation page) — each
 * audited (app/oidc_clients.ts). A new confidential client's secret is shown once, on the page
 * that answers the registration, and never again.
 */
import { define } from "../../../lib/http/define.ts";
import { HttpError, page } from "../../../lib/web/mod.ts";
import { getDb } from "../../../lib/db.ts";
import { assertClerk } from "../../../lib/http/auth.ts";
import { clerkActor } from "../../../lib/http/identity/actor.ts";
import { isConfirmed } from "../../../lib/http/confirm.ts";
import { ROLE_ADMIN } from "../../../domain/clerks.ts";
import { disableClient, registerClient, townClients } from "../../../app/oidc_clients.ts";
import { PageTitle } from "../../../components/layout/DocumentTitle.tsx";
import { ConfirmAction } from "../../../components/layout/ConfirmAction.tsx";
import {
  ClientRegistry,
  type ClientRegistryData,
} from "../../../components/oidc/ClientRegistry.tsx";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const FIELDS = [
  "name",
  "redirectUris",
  "postLogoutRedirectUris",
  "backchannelLogoutUri",
  "agenda",
  "clientType",
] as const;

type PageData =
  | { kind: "registry"; registry: ClientRegistryData }
  | { kind: "confirm"; id: string; name: string };

export const handler = define.handlers({
  async GET(ctx) {
    assertClerk(ctx.state, ROLE_ADMIN);
    const deps = { db: getDb() };
    const clients = await townClients(deps, ctx.state.tenant.id);
    const disabledId = ctx.url.searchParams.get("vypnuto");
    const disabled = clients.find((c) => c.id === disabledId)?.name ?? null;
    return page<PageData>({
      kind: "registry",
      registry: {
        clients,
        issuer: `${ctx.url.origin}/oidc`,
        errors: [],
        values: {},
        registered: null,
        disabled,
      },
    });
  },
  async POST(ctx) {
    assertClerk(ctx.state, ROLE_ADMIN);
    const form = await ctx.formData();
    const action = form.get("action");
    const deps = { db: getDb() };
    const actor = clerkActor(ctx.state);
    if (action === "disable") {
      const id = String(form.get("id") ?? "");
      if (!UUID.test(id)) throw new HttpError(404);
      const clients = await townClients(deps, actor.tenantId);
      const target = clients.find((c) => c.id === id);
      if (!target) throw new HttpError(404);
      if (!isConfirmed(form)) return page<PageData>({ kind: "confirm", id, name: target.name });
      const r = await disableClient(deps, actor, id);
      if (!r.ok) throw new HttpError(404);
      return ctx.redirect(`/urad/aplikace?vypnuto=${id}`);
    }
    if (action !== "register") throw new HttpError(400, "oidcClients.errors.action");
    const text = (name: string) => {
      const v = form.get(name);
      return typeof v === "string" ? v.slice(0, 4000) : "";
    };
    const values: Record<string, string> = { firstParty: text("firstParty") };
    for (const f of FIELDS) values[f] = text(f);
    const r = await registerClient(deps, actor, {
      name: values.name,
      redirectUris: values.redirectUris,
      postLogoutRedirectUris: values.postLogoutRedirectUris,
      firstParty: values.firstParty,
      agenda: values.agenda,
      backchannelLogoutUri: values.backchannelLogoutUri,
      clientType: values.clientType,
    });
    const clients = await townClients(deps, actor.tenantId);
    const registry: ClientRegistryData = {
      clients,
      issuer: `${ctx.url.origin}/oidc`,
      errors: r.ok ? [] : r.errors,
      values: r.ok ? {} : values,
      registered: r.ok
        ? { name: values.name.trim(), clientId: r.clientId, secret: r.secret }
        : null,
      disabled: null,
    };
    return page<PageData>({ kind: "registry", registry }, { status: r.ok ? 200 : 422 });
  },
});

export default define.page<typeof handler>(({ data, state }) => {
  const { t } = state;
  if (data.kind === "confirm") {
    return (
      <ConfirmAction
        state={state}
        action="/urad/aplikace"
        title={t("oidcClients.confirmTitle", { name: data.name })}
        consequence={t("oidcClients.confirmConsequence")}
        summary={[{ label: t("oidcClients.name"), value: data.name }]}
        hidden={{ action: "disable", id: data.id }}
        confirmLabel={t("oidcClients.confirmDisable")}
        backHref="/urad/aplikace"
      />
    );
  }
  return (
    <div>
      <PageTitle title={t("oidcClients.title")} state={state} />
      <h1>{t("oidcClients.title")}</h1>
      <p class="lead">{t("oidcClients.lead")}</p>
      <ClientRegistry data={data.registry} state={state} />
    </div>
  );
});
