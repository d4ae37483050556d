/**
 * News items of the town (issue 13): a list of headings with their date, crisis ones marked
 * (a warning label, not colour alone), on /aktuality and, the newest three, on the home page.
 */
import type { Translate } from "../../lib/state.ts";
import { formatPragueDate } from "../../domain/time.ts";

export interface NewsListItem {
  id: string;
  title: string;
  body: string;
  crisis: boolean;
  published_at: Date;
}

export function newsDate(d: Date, locale: string): string {
  return new Date(`${formatPragueDate(d)}T12:00:00Z`).toLocaleDateString(
    locale === "en" ? "en-GB" : "cs-CZ",
    { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" },
  );
}

/** The first sentence or so of a news item, for a list. */
export function newsLead(body: string, max = 200): string {
  const flat = body.replace(/\s+/g, " ").trim();
  return flat.length <= max ? flat : `${flat.slice(0, max - 1).trimEnd()}…`;
}

export function NewsList(
  { items, t, locale, headingLevel = 2 }: {
    items: readonly NewsListItem[];
    t: Translate;
    locale: string;
    headingLevel?: 2 | 3;
  },
) {
  const H = headingLevel === 2 ? "h2" : "h3";
  return (
    <ul class="news-list">
      {items.map((n) => (
        <li class={n.crisis ? "news-item news-item--crisis" : "news-item"}>
          <H class="news-title">
            {n.crisis && <span class="news-crisis">{t("news.crisis")}:</span>}{" "}
            <a href={`/aktuality/${n.id}`}>{n.title}</a>
          </H>
          <p class="news-date">
            <time dateTime={n.published_at.toISOString()}>
              {newsDate(n.published_at, locale)}
            </time>
          </p>
          <p>{newsLead(n.body)}</p>
        </li>
      ))}
    </ul>
  );
}
