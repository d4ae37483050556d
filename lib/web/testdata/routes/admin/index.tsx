import { define } from "../../define.ts";

export default define.page(({ state }) => <p>trail {state.trail.join(">")}</p>);
