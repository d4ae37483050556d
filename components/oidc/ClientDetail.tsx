/**
 * One client application for the town's admin (/urad/aplikace/<id>): its registration facts,
 * the new secret right after a rotation (this once), the "Vyměnit tajný klíč" form for a
 * confidential client, and its failed back-channel logout deliveries (when, which error).
 */
import type { State } from "../../lib/state.ts";
import type { ClientListItem, FailedLogout } from "../../app/oidc_clients.ts";
import { CsrfField, SubmitButton } from "../form/mod.ts";
import { ChoiceControl } from "../form/ChoiceControl.tsx";
import { DataTable } from "../layout/DataTable.tsx";
import { Notice } from "../layout/Notice.tsx";
import { formatDate, formatDateTime } from "../../lib/http/format.ts";

export interface ClientDetailData {
  client: ClientListItem;
  failed: FailedLogout[];
  /** The secret a rotation just made, shown on the page that answers it only. */
  newSecret: string | null;
}

export function ClientDetail({ data, state }: { data: ClientDetailData; state: State }) {
  const { t, locale } = state;
  const c = data.client;
  return (
    <>
      {data.newSecret && (
        <Notice type="success" t={t} title={t("oidcClients.rotated", { name: c.name })}>
          <dl class="client-credentials">
            <dt>{t("oidcClients.secret")}</dt>
            <dd>
              <code class="break-all">{data.newSecret}</code>
            </dd>
          </dl>
          <p>{t("oidcClients.secretOnce")}</p>
        </Notice>
      )}
      <dl class="facts">
        <div>
          <dt>{t("oidcClients.clientId")}</dt>
          <dd>
            <code class="break-all">{c.clientId}</code>
          </dd>
        </div>
        <div>
          <dt>{t("oidcClients.redirectUris")}</dt>
          <dd>
            <ul class="plain-list">
              {c.redirectUris.map((u) => <li key={u} class="break-all">{u}</li>)}
            </ul>
          </dd>
        </div>
        <div>
          <dt>{t("oidcClients.postLogoutRedirectUris")}</dt>
          <dd>
            {c.postLogoutRedirectUris.length
              ? (
                <ul class="plain-list">
                  {c.postLogoutRedirectUris.map((u) => <li key={u} class="break-all">{u}</li>)}
                </ul>
              )
              : "—"}
          </dd>
        </div>
        <div>
          <dt>{t("oidcClients.backchannelLogoutUri")}</dt>
          <dd class="break-all">{c.backchannelLogoutUri ?? "—"}</dd>
        </div>
        <div>
          <dt>{t("oidcClients.agenda")}</dt>
          <dd>{c.agenda ? t(`agenda.${c.agenda}`) : "—"}</dd>
        </div>
        <div>
          <dt>{t("oidcClients.kind")}</dt>
          <dd>
            {[
              c.firstParty ? t("oidcClients.firstParty") : t("oidcClients.thirdParty"),
              c.confidential ? t("oidcClients.confidential") : t("oidcClients.public"),
            ].join(", ")}
          </dd>
        </div>
        <div>
          <dt>{t("oidcClients.state")}</dt>
          <dd>
            {c.disabledAt
              ? t("oidcClients.disabledSince", { date: formatDate(c.disabledAt, locale) })
              : t("oidcClients.active")}
          </dd>
        </div>
      </dl>
      {c.confidential && !c.disabledAt && (
        <>
          <h2>{t("oidcClients.rotateHeading")}</h2>
          <p>{t("oidcClients.rotateLead")}</p>
          <form method="post" action={`/urad/aplikace/${c.id}`}>
            <CsrfField token={state.csrfToken} />
            <input type="hidden" name="action" value="rotate" />
            <ChoiceControl type="checkbox" id="rotate-revoke" name="revoke" value="ano">
              {t("oidcClients.revokeOption")}
            </ChoiceControl>
            <SubmitButton variant="secondary">{t("oidcClients.rotate")}</SubmitButton>
          </form>
        </>
      )}
      <h2 id="nedorucena">{t("oidcClients.failedHeading")}</h2>
      <DataTable<FailedLogout>
        caption={t("oidcClients.failedCaption")}
        captionHidden
        rows={data.failed}
        rowKey={(f) => f.id}
        empty={<p>{t("oidcClients.failedEmpty")}</p>}
        columns={[
          {
            header: t("oidcClients.failedAt"),
            rowHeader: true,
            cell: (f) => formatDateTime(f.failedAt ?? f.queuedAt, locale),
          },
          {
            header: t("oidcClients.queuedAt"),
            cell: (f) => formatDateTime(f.queuedAt, locale),
          },
          {
            header: t("oidcClients.failedError"),
            cell: (f) => <span class="break-all">{f.error ?? "—"}</span>,
          },
        ]}
      />
    </>
  );
}
