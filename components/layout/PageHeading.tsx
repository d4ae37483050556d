/** The page's one h1, with an optional lead paragraph. */
import type { ComponentChildren } from "preact";

export interface PageHeadingProps {
  title: ComponentChildren;
  lead?: ComponentChildren;
}

export function PageHeading({ title, lead }: PageHeadingProps) {
  return (
    <div class="page-heading">
      <h1>{title}</h1>
      {lead && <p class="page-heading__lead">{lead}</p>}
    </div>
  );
}
