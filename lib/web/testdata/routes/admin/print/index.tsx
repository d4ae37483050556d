import { define } from "../../../define.ts";

export default define.page(() => <p>tisk</p>);
