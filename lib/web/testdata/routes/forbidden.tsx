import { HttpError } from "../../mod.ts";
import { define } from "../define.ts";

export const handler = define.handlers({
  GET() {
    throw new HttpError(403, "Přístup odepřen");
  },
});

export default define.page(() => <p>nikdy</p>);
