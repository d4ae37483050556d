import { HttpError } from "../../../mod.ts";
import { define } from "../../define.ts";

export const handler = define.middleware([
  (ctx) => {
    ctx.state.trail.push("admin");
    return ctx.next();
  },
  (ctx) => {
    if (ctx.req.headers.has("X-Deny")) throw new HttpError(403, "Přístup odepřen");
    ctx.state.trail.push("admin-guard");
    return ctx.next();
  },
]);
