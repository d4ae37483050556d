/** Guides grouped by topic for the list, in the order the repository sorted them. */
import type { GuideSummary } from "../../db/repositories/guides.ts";

export interface GuideListItem {
  slug: string;
  title: string;
  summary: string;
  /** Has an online form. */
  online: boolean;
}

export interface GuideGroup {
  topic: string;
  guides: GuideListItem[];
}

export function groupByTopic(guides: readonly GuideSummary[]): GuideGroup[] {
  const groups: GuideGroup[] = [];
  for (const g of guides) {
    let group = groups.at(-1);
    if (!group || group.topic !== g.topic) groups.push(group = { topic: g.topic, guides: [] });
    group.guides.push({
      slug: g.slug,
      title: g.title,
      summary: g.summary,
      online: g.form_slug !== null,
    });
  }
  return groups;
}
