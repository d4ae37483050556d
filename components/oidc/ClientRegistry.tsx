/**
 * The admin's registry of the town's client applications (/urad/aplikace): the list (name,
 * client_id, redirect URIs, agenda, first-party, state, failed back-channel logouts) with a
 * "Vypnout" button, the registration form, and — once, right after a registration — the new
 * client's credentials. Plain forms with the CSRF token; no JavaScript.
 */
import type { State } from "../../lib/state.ts";
import type { ClientListItem } from "../../app/oidc_clients.ts";
import type { FieldError } from "../../domain/validation.ts";
import { AGENDAS } from "../../domain/identity.ts";
import { CLIENT_NAME_MAX } from "../../domain/oidc_clients.ts";
import { ChoiceControl } from "../form/ChoiceControl.tsx";
import { CsrfField, ErrorSummary, Select, SubmitButton, TextArea, TextField } from "../form/mod.ts";
import { DataTable } from "../layout/DataTable.tsx";
import { Notice } from "../layout/Notice.tsx";
import { formatDate } from "../../lib/http/format.ts";

export interface RegisteredClient {
  name: string;
  clientId: string;
  secret: string | null;
}

export interface ClientRegistryData {
  clients: ClientListItem[];
  /** The town's issuer, for the admin to hand to the application's supplier. */
  issuer: string;
  errors: FieldError<string>[];
  values: Record<string, string>;
  registered: RegisteredClient | null;
  disabled: string | null;
}

export function ClientRegistry({ data, state }: { data: ClientRegistryData; state: State }) {
  const { t, locale } = state;
  const v = data.values;
  const labels = {
    name: t("oidcClients.name"),
    redirectUris: t("oidcClients.redirectUris"),
    postLogoutRedirectUris: t("oidcClients.postLogoutRedirectUris"),
    backchannelLogoutUri: t("oidcClients.backchannelLogoutUri"),
    agenda: t("oidcClients.agenda"),
    clientType: t("oidcClients.clientType"),
  };
  return (
    <>
      {data.registered && (
        <Notice
          type="success"
          t={t}
          title={t("oidcClients.registered", { name: data.registered.name })}
        >
          <dl class="client-credentials">
            <dt>{t("oidcClients.clientId")}</dt>
            <dd>
              <code>{data.registered.clientId}</code>
            </dd>
            {data.registered.secret && (
              <>
                <dt>{t("oidcClients.secret")}</dt>
                <dd>
                  <code>{data.registered.secret}</code>
                </dd>
              </>
            )}
          </dl>
          <p>
            {data.registered.secret ? t("oidcClients.secretOnce") : t("oidcClients.publicClient")}
          </p>
        </Notice>
      )}
      {data.disabled && (
        <Notice
          type="success"
          t={t}
          title={t("oidcClients.disabledDone", { name: data.disabled })}
        />
      )}
      <ErrorSummary errors={data.errors} t={t} labels={labels} />
      <p>
        {t("oidcClients.issuer")} <code>{data.issuer}</code>
      </p>
      <DataTable<ClientListItem>
        caption={t("oidcClients.listCaption")}
        rows={data.clients}
        rowKey={(c) => c.id}
        empty={t("oidcClients.empty")}
        columns={[
          {
            header: t("oidcClients.name"),
            rowHeader: true,
            cell: (c) => <a href={`/urad/aplikace/${c.id}`}>{c.name}</a>,
          },
          {
            header: t("oidcClients.clientId"),
            cell: (c) => <code class="break-all">{c.clientId}</code>,
          },
          {
            header: t("oidcClients.redirectUris"),
            cell: (c) => (
              <ul class="plain-list">
                {c.redirectUris.map((u) => <li key={u} class="break-all">{u}</li>)}
              </ul>
            ),
          },
          {
            header: t("oidcClients.agenda"),
            cell: (c) => c.agenda ? t(`agenda.${c.agenda}`) : "—",
          },
          {
            header: t("oidcClients.kind"),
            cell: (c) =>
              [
                c.firstParty ? t("oidcClients.firstParty") : t("oidcClients.thirdParty"),
                c.confidential ? t("oidcClients.confidential") : t("oidcClients.public"),
              ].join(", "),
          },
          {
            header: t("oidcClients.state"),
            cell: (c) => (
              <>
                {c.disabledAt
                  ? t("oidcClients.disabledSince", { date: formatDate(c.disabledAt, locale) })
                  : t("oidcClients.active")}
                {c.failedLogouts > 0 && (
                  <strong class="u-block">
                    <a href={`/urad/aplikace/${c.id}#nedorucena`}>
                      {t("oidcClients.failedLogouts", { count: c.failedLogouts })}
                    </a>
                  </strong>
                )}
              </>
            ),
          },
          {
            header: t("oidcClients.actions"),
            cell: (c) =>
              c.disabledAt ? "—" : (
                <form method="post" action="/urad/aplikace">
                  <CsrfField token={state.csrfToken} />
                  <input type="hidden" name="action" value="disable" />
                  <input type="hidden" name="id" value={c.id} />
                  <SubmitButton variant="secondary">
                    {t("oidcClients.disable")}
                    <span class="u-sr-only">: {c.name}</span>
                  </SubmitButton>
                </form>
              ),
          },
        ]}
      />
      <h2>{t("oidcClients.addHeading")}</h2>
      <form method="post" action="/urad/aplikace" novalidate>
        <CsrfField token={state.csrfToken} />
        <input type="hidden" name="action" value="register" />
        <TextField
          name="name"
          label={labels.name}
          value={v.name ?? ""}
          required
          maxLength={CLIENT_NAME_MAX}
          errors={data.errors}
          t={t}
        />
        <TextArea
          name="redirectUris"
          label={labels.redirectUris}
          hint={t("oidcClients.redirectUrisHint")}
          value={v.redirectUris ?? ""}
          rows={3}
          required
          spellcheck={false}
          errors={data.errors}
          t={t}
        />
        <TextArea
          name="postLogoutRedirectUris"
          label={labels.postLogoutRedirectUris}
          hint={t("oidcClients.postLogoutRedirectUrisHint")}
          value={v.postLogoutRedirectUris ?? ""}
          rows={2}
          spellcheck={false}
          errors={data.errors}
          t={t}
        />
        <TextField
          name="backchannelLogoutUri"
          type="url"
          label={labels.backchannelLogoutUri}
          hint={t("oidcClients.backchannelLogoutUriHint")}
          value={v.backchannelLogoutUri ?? ""}
          spellcheck={false}
          errors={data.errors}
          t={t}
        />
        <Select
          name="agenda"
          label={labels.agenda}
          hint={t("oidcClients.agendaHint")}
          placeholder={t("oidcClients.noAgenda")}
          options={AGENDAS.map((a) => ({ value: a, label: t(`agenda.${a}`) }))}
          value={v.agenda ?? ""}
          errors={data.errors}
          t={t}
        />
        <fieldset class="form-group">
          <legend class="gov-form-label">{labels.clientType}</legend>
          <ChoiceControl
            type="radio"
            id="field-clientType"
            name="clientType"
            value="confidential"
            checked={(v.clientType ?? "confidential") === "confidential"}
          >
            {t("oidcClients.confidentialLabel")}
          </ChoiceControl>
          <ChoiceControl
            type="radio"
            id="field-clientType-public"
            name="clientType"
            value="public"
            checked={v.clientType === "public"}
          >
            {t("oidcClients.publicLabel")}
          </ChoiceControl>
        </fieldset>
        <ChoiceControl
          type="checkbox"
          id="field-firstParty"
          name="firstParty"
          value="on"
          checked={v.firstParty === "on"}
        >
          {t("oidcClients.firstPartyLabel")}
        </ChoiceControl>
        <SubmitButton>{t("oidcClients.register")}</SubmitButton>
      </form>
    </>
  );
}
