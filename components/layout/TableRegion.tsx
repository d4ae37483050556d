/**
 * A data table that may be wider than a 320 px screen: it scrolls inside a region of its own
 * (WCAG 1.4.10 allows two-dimensional scrolling for data tables) instead of widening the page;
 * the region is named and keyboard-focusable, so it can be scrolled without a mouse.
 */
import type { ComponentChildren } from "preact";

export function TableRegion({ label, children }: { label: string; children: ComponentChildren }) {
  return (
    <div class="table-wrap" role="region" aria-label={label} tabindex={0}>
      {children}
    </div>
  );
}
