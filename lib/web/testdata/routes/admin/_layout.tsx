import { define } from "../../define.ts";

export default define.layout(({ Component }) => (
  <div class="layout-admin">
    <Component />
  </div>
));
