/**
 * `/ucet/kalendar`: the reader's private calendar feeds of due dates. Creating one shows its
 * address once (in the POST's answer: only the token's SHA-256 is stored, so it cannot be shown
 * again); the active ones are listed with a revoke button each. The page says
 * `Referrer-Policy: no-referrer`, so the address never leaves in a Referer header.
 */
import { define } from "../../lib/http/define.ts";
import { HttpError, page } from "../../lib/web/mod.ts";
import { defaultDeps } from "../../app/deps.ts";
import {
  createCalendarFeed,
  listCalendarFeeds,
  MAX_FEEDS,
  revokeCalendarFeed,
} from "../../app/calendar.ts";
import { personActor } from "../../lib/http/identity/actor.ts";
import { tenantOrigin } from "../../lib/http/tenant.ts";
import { cleanText } from "../../domain/validation.ts";
import { formatDateTime } from "../../lib/http/format.ts";
import type { State } from "../../lib/state.ts";
import { CsrfField } from "../../components/form/CsrfField.tsx";
import { PageTitle } from "../../components/layout/DocumentTitle.tsx";
import { Breadcrumbs } from "../../components/layout/Breadcrumbs.tsx";
import { Notice } from "../../components/layout/Notice.tsx";
import { TableRegion } from "../../components/layout/TableRegion.tsx";
import { PayButton } from "../../components/obligations/Ledger.tsx";

const NO_REFERRER = { "Referrer-Policy": "no-referrer" };

async function calendarPage(
  state: State,
  shown: { created?: string | null; revoked?: boolean; tooMany?: boolean } = {},
  status = 200,
) {
  const feeds = await listCalendarFeeds(defaultDeps(), personActor(state));
  return page({ feeds, ...shown }, { status, headers: NO_REFERRER });
}

export const handler = define.handlers({
  GET(ctx) {
    return calendarPage(ctx.state, { revoked: ctx.url.searchParams.has("zruseno") });
  },
  async POST(ctx) {
    const form = await ctx.formData();
    const action = cleanText(form.get("action"));
    const actor = personActor(ctx.state);
    if (action === "create") {
      const outcome = await createCalendarFeed(defaultDeps(), actor);
      if (outcome.kind !== "ok") return calendarPage(ctx.state, { tooMany: true }, 422);
      const url = `${tenantOrigin(ctx.state.tenant)}/kalendar/${outcome.token}.ics`;
      return calendarPage(ctx.state, { created: url });
    }
    if (action === "revoke") {
      const revoked = await revokeCalendarFeed(defaultDeps(), actor, cleanText(form.get("id")));
      if (!revoked) throw new HttpError(404);
      return ctx.redirect("/ucet/kalendar?zruseno=1");
    }
    throw new HttpError(400);
  },
});

export default define.page<typeof handler>(({ data, state }) => {
  const { t, locale } = state;
  return (
    <div>
      <PageTitle title={t("calendar.title")} state={state} />
      <Breadcrumbs
        t={t}
        items={[{ label: t("account.title"), href: "/ucet#platby" }, {
          label: t("calendar.title"),
        }]}
      />
      <h1>{t("calendar.title")}</h1>
      {data.created && (
        <Notice type="success" t={t} title={t("calendar.created")}>
          <p>{t("calendar.createdText")}</p>
          <p>
            <label for="calendar-url">{t("calendar.urlLabel")}</label>
            <br />
            <input
              id="calendar-url"
              class="calendar-url"
              type="text"
              readonly
              value={data.created}
              spellcheck={false}
            />
          </p>
          <p>
            <a href={data.created.replace(/^https?:/, "webcal:")} rel="noreferrer">
              {t("calendar.webcal")}
            </a>
          </p>
        </Notice>
      )}
      {data.revoked && <Notice type="success" t={t} title={t("calendar.revoked")} />}
      {data.tooMany && (
        <Notice type="error" t={t} title={t("calendar.tooMany", { max: MAX_FEEDS })} />
      )}
      <p class="lead">{t("calendar.lead")}</p>
      <p>{t("calendar.warning")}</p>
      <form method="post" action="/ucet/kalendar">
        <CsrfField token={state.csrfToken} />
        <input type="hidden" name="action" value="create" />
        <PayButton>{t("calendar.create")}</PayButton>
      </form>
      <h2>{t("calendar.activeHeading")}</h2>
      {data.feeds.length === 0
        ? <p>{t("calendar.none")}</p>
        : (
          <TableRegion label={t("calendar.caption")}>
            <table class="gov-table ledger-table">
              <caption>{t("calendar.caption")}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("calendar.col.created")}</th>
                  <th scope="col">{t("calendar.col.action")}</th>
                </tr>
              </thead>
              <tbody>
                {data.feeds.map((f) => {
                  const created = formatDateTime(f.created_at, locale);
                  return (
                    <tr>
                      <th scope="row">{created}</th>
                      <td>
                        <form method="post" action="/ucet/kalendar">
                          <CsrfField token={state.csrfToken} />
                          <input type="hidden" name="action" value="revoke" />
                          <input type="hidden" name="id" value={f.id} />
                          <PayButton variant="secondary">
                            {t("calendar.revokeLabel", { date: created })}
                          </PayButton>
                        </form>
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </TableRegion>
        )}
      <p>
        <a href="/ucet#platby">{t("calendar.back")}</a>
      </p>
    </div>
  );
});
