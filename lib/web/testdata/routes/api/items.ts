import { define } from "../../define.ts";

export const handler = define.handlers({
  GET: () => Response.json([{ id: 1 }]),
  DELETE: () => new Response(null, { status: 204 }),
});
