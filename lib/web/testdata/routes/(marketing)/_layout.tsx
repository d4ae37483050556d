import { define } from "../../define.ts";

export default define.layout(({ Component }) => (
  <section class="layout-marketing">
    <Component />
  </section>
));
