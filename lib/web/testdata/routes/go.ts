import { define } from "../define.ts";

export const handler = define.handlers((ctx) => ctx.redirect("/about"));
