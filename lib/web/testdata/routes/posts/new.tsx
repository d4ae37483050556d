import { define } from "../../define.ts";

export default define.page(() => <h1>Nový příspěvek</h1>);
