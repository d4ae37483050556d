/**
 * "Being processed": a request whose workflow has not answered within the wait (Temporal busy or
 * away) is saved, and the page says so with a link that asks again (the same address). The page
 * does not refresh itself: a timed refresh takes the page away from someone still reading it
 * (WCAG 2.2.1, axe `meta-refresh`); the person decides when to look again.
 */
import type { Translate } from "../../lib/state.ts";
import { Notice } from "./Notice.tsx";

export function ProcessingNotice(
  { title, hint, t }: { title: string; hint: string; t: Translate },
) {
  return (
    <div data-processing="">
      <Notice type="info" t={t} title={title}>
        <p>{hint}</p>
        <p>
          {/* An empty reference is this very document, its query included. */}
          <a href="" class="standalone-link">{t("layout.processing.check")}</a>
        </p>
      </Notice>
    </div>
  );
}
