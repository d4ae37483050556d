import { define } from "../define.ts";

export default define.page(() => <h1>O obci</h1>);
