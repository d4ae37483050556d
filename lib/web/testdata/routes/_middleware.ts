import { define } from "../define.ts";

export const handler = define.middleware(async (ctx) => {
  ctx.state.trail.push("root");
  if (ctx.req.method === "POST" && ctx.req.headers.get("Content-Type")?.includes("form")) {
    // Reads the body before the handler does, as the portal's CSRF check will.
    ctx.state.csrf = String((await ctx.formData()).get("_csrf") ?? "");
  }
  const response = await ctx.next();
  response.headers.set("X-Trail", ctx.state.trail.join(">"));
  return response;
});
