import { define } from "../define.ts";
import Echo from "../islands/Echo.tsx";

export default define.page(() => <Echo value={{ onPick: () => "x" }} />);
