/**
 * "Message history" (/ucet/zpravy): every e-mail and SMS the portal sent the signed-in person,
 * newest first, 50 a page, searchable (`q`, diacritics ignored) and filterable by channel
 * (`kanal`) and kind (`druh`); app/message_history.ts. Only their own messages, in their town.
 * Private, like every personal page.
 */
import { define } from "../../lib/http/define.ts";
import { page } from "../../lib/web/mod.ts";
import { personActor } from "../../lib/http/identity/actor.ts";
import { listHref, listQueryOrThrow, pageCount } from "../../lib/web/list_query.ts";
import {
  HISTORY_KINDS,
  type HistoryKind,
  personMessageHistory,
} from "../../app/message_history.ts";
import { defaultDeps } from "../../app/deps.ts";
import { type Channel, CHANNELS } from "../../domain/messaging.ts";
import { PageTitle } from "../../components/layout/DocumentTitle.tsx";
import { ListSearch } from "../../components/lists/mod.ts";
import { MessageHistory } from "../../components/messages/MessageHistory.tsx";

const PATH = "/ucet/zpravy";
const PAGE_SIZE = 50;
const FILTERS = { kanal: CHANNELS, druh: HISTORY_KINDS } as const;

export const handler = define.handlers({
  async GET(ctx) {
    const query = listQueryOrThrow(ctx.url, FILTERS, { pageSize: PAGE_SIZE });
    const found = await personMessageHistory(defaultDeps(), personActor(ctx.state), {
      q: query.q,
      channel: query.filters.kanal as Channel | undefined,
      kind: query.filters.druh as HistoryKind | undefined,
      page: query.page,
      pageSize: PAGE_SIZE,
    });
    return page({ ...found, query, pageCount: pageCount(found.total, PAGE_SIZE) });
  },
});

export default define.page<typeof handler>(({ data, state }) => {
  const { t, locale } = state;
  const { query } = data;
  return (
    <div>
      <PageTitle title={t("messageHistory.title")} state={state} />
      <h1>{t("messageHistory.title")}</h1>
      <p class="lead">{t("messageHistory.lead")}</p>
      <ListSearch
        path={PATH}
        query={query}
        searchLabel={t("messageHistory.search")}
        searchHint={t("messageHistory.searchHint")}
        idPrefix="zpravy"
        fields={[
          {
            kind: "select",
            name: "kanal",
            label: t("messageHistory.channelLabel"),
            options: CHANNELS.map((c) => ({ value: c, label: t(`messageHistory.channel.${c}`) })),
          },
          {
            kind: "select",
            name: "druh",
            label: t("messageHistory.kindLabel"),
            options: HISTORY_KINDS.map((k) => ({
              value: k,
              label: t(`messageHistory.kind.${k}`),
            })),
          },
        ]}
        t={t}
      />
      <MessageHistory
        entries={data.entries}
        page={query.page}
        pageCount={data.pageCount}
        href={(n) => listHref(PATH, query, { strana: n === 1 ? null : String(n) })}
        filtered={query.q !== "" || Object.values(query.filters).some((v) => v)}
        t={t}
        locale={locale}
      />
    </div>
  );
});
