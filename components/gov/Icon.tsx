/** A design-system icon, inlined so it takes the text colour; always decorative. */
import { GovCss } from "./GovCss.tsx";
import { govIconSvg, type IconName } from "./assets.ts";

export interface IconProps {
  name: IconName;
  size?: "xs" | "s" | "m" | "l" | "xl" | "2xl" | "3xl";
  class?: string;
  /** `slot="icon"` lets gov-message size and colour it. */
  slot?: string;
}

export function Icon({ name, size = "m", class: className, slot }: IconProps) {
  return (
    <>
      <GovCss names={["gov-icon"]} />
      <span
        class={className ? `gov-icon ${className}` : "gov-icon"}
        data-size={size}
        slot={slot}
        aria-hidden="true"
        // deno-lint-ignore react-no-danger
        dangerouslySetInnerHTML={{ __html: govIconSvg(name) }}
      />
    </>
  );
}
