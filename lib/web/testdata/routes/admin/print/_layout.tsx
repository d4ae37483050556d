import type { RouteConfig } from "../../../../mod.ts";
import { define } from "../../../define.ts";

export const config: RouteConfig = { skipInheritedLayouts: true };

export default define.layout(({ Component }) => (
  <div class="layout-print">
    <Component />
  </div>
));
