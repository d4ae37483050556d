/**
 * The public notice board, current or archive: search, agenda filter, results, pagination.
 * Rendered on the server; the search is a plain GET form, so it works without JavaScript.
 */
import { type ComponentChildren, Fragment } from "preact";
import type { State } from "../../lib/state.ts";
import { plural } from "../../lib/i18n.ts";
import { NoticeDates } from "./NoticeDates.tsx";
import { Head } from "../../lib/web/mod.ts";
import { PageTitle } from "../layout/DocumentTitle.tsx";
import { Select, SubmitButton, TextField } from "../form/mod.ts";
import { Pagination } from "../layout/Pagination.tsx";
import type { NoticeBoardData } from "../../lib/http/notice_board.ts";

export type { NoticeBoardData };

function pageHref(data: NoticeBoardData, page: number): string {
  const params = new URLSearchParams();
  if (data.search) params.set("q", data.search);
  if (data.agenda) params.set("agenda", data.agenda);
  if (page > 1) params.set("strana", String(page));
  const base = data.view === "archive" ? "/uredni-deska/archiv" : "/uredni-deska";
  const query = params.toString();
  return query ? `${base}?${query}` : base;
}

function searchHref(view: NoticeBoardData["view"], query: string): string {
  const params = new URLSearchParams();
  if (query) params.set("q", query);
  const base = view === "archive" ? "/uredni-deska/archiv" : "/uredni-deska";
  return params.size ? `${base}?${params}` : base;
}

/**
 * Nothing found: say what was searched, how to search more broadly (fewer words, all agendas),
 * and offer the same search in the other part of the board.
 */
function EmptyResult({ data, t }: { data: NoticeBoardData; t: State["t"] }) {
  if (!data.search && !data.agenda) return <p class="notice-empty">{t("noticeBoard.empty")}</p>;
  const other = data.view === "archive" ? "current" : "archive";
  return (
    <div class="notice-empty search-empty">
      <p>
        {t("noticeBoard.empty")} {data.search && (data.view === "archive"
          ? t("noticeBoard.emptySearchArchive", { query: data.search })
          : t("noticeBoard.emptySearch", { query: data.search }))}
      </p>
      <ul>
        {data.search && <li>{t("noticeBoard.emptyTips")}</li>}
        {data.agenda && (
          <li>
            {t("noticeBoard.emptyAgendaTip", { agenda: data.agenda })}{" "}
            <a href={searchHref(data.view, data.search)}>{t("noticeBoard.allAgendasLink")}</a>
          </li>
        )}
        {data.search && (
          <li>
            <a href={searchHref(other, data.search)}>
              {other === "archive"
                ? t("noticeBoard.searchArchive", { query: data.search })
                : t("noticeBoard.searchCurrent", { query: data.search })}
            </a>
          </li>
        )}
        <li>
          <a href={data.view === "archive" ? "/uredni-deska/archiv" : "/uredni-deska"}>
            {t("noticeBoard.clearSearch")}
          </a>
        </li>
      </ul>
    </div>
  );
}

export function NoticeBoardPage({ data, state }: { data: NoticeBoardData; state: State }) {
  const { t, locale } = state;
  const heading = data.view === "archive" ? t("noticeBoard.archiveTitle") : t("noticeBoard.title");
  return (
    <div class="notice-board">
      <PageTitle title={heading} state={state} />
      <Head>
        <link rel="alternate" type="application/ld+json" href="/uredni-deska.jsonld" />
      </Head>
      <h1>{heading}</h1>
      <p class="lead">
        {data.view === "archive" ? t("noticeBoard.archiveLead") : t("noticeBoard.lead")}
      </p>
      <nav aria-label={t("noticeBoard.viewsLabel")} class="notice-views">
        <ul>
          <li>
            <a href="/uredni-deska" aria-current={data.view === "current" ? "page" : undefined}>
              {t("noticeBoard.current")}
            </a>
          </li>
          <li>
            <a
              href="/uredni-deska/archiv"
              aria-current={data.view === "archive" ? "page" : undefined}
            >
              {t("noticeBoard.archive")}
            </a>
          </li>
        </ul>
      </nav>
      <form
        method="get"
        role="search"
        class="notice-search"
        aria-label={t("noticeBoard.searchLabel")}
      >
        <TextField
          name="q"
          type="search"
          label={t("noticeBoard.searchLabel")}
          hint={t("noticeBoard.searchHint")}
          value={data.search}
          maxLength={200}
          t={t}
        />
        {data.agendas.length > 0 && (
          <Select
            name="agenda"
            label={t("noticeBoard.agenda")}
            placeholder={t("noticeBoard.allAgendas")}
            options={data.agendas.map((a) => ({ value: a, label: a }))}
            value={data.agenda}
            t={t}
          />
        )}
        <SubmitButton>{t("common.search")}</SubmitButton>
      </form>
      <p role="status" class="notice-count">{plural(t, locale, "noticeBoard.found", data.total)}</p>
      {data.items.length === 0 ? <EmptyResult data={data} t={t} /> : (
        <ol class="notice-list">
          {data.items.map((n) => (
            <li class="notice-item">
              <h2 class="notice-title">
                <a href={`/uredni-deska/${n.id}`}>{n.title}</a>
              </h2>
              <p class="notice-meta">
                {separated([
                  n.reference_number && (
                    <span key="reference">
                      {t("noticeBoard.referenceNumber")}: {n.reference_number}
                    </span>
                  ),
                  n.agenda && <span key="agenda">{n.agenda}</span>,
                  n.document_count > 0 && (
                    <span key="documents">
                      {plural(t, locale, "noticeBoard.documents", n.document_count)}
                    </span>
                  ),
                  n.status === "withdrawn" && (
                    <span key="withdrawn" class="tag">{t("noticeBoard.status.withdrawn")}</span>
                  ),
                ])}
              </p>
              <NoticeDates
                postedFrom={n.posted_from}
                relevantUntil={n.relevant_until}
                takenDownAt={data.view === "archive" ? n.taken_down_at : null}
                t={t}
                locale={locale}
              />
            </li>
          ))}
        </ol>
      )}
      <Pagination
        page={data.page}
        pageCount={data.pageCount}
        href={(n) => pageHref(data, n)}
        t={t}
      />
      <p class="notice-opendata">
        <a class="standalone-link" href="/uredni-deska.jsonld" type="application/ld+json">
          {t("noticeBoard.openData")}
        </a>
      </p>
    </div>
  );
}

/** The items of a notice's metadata with " · " between them (never run together). */
function separated(items: ComponentChildren[]) {
  return items.filter(Boolean).map((item, i) => (
    <Fragment key={i}>
      {i > 0 && (
        <>
          {" "}
          <span aria-hidden="true">·</span>
          {" "}
        </>
      )}
      {item}
    </Fragment>
  ));
}
