/** Liveness: the process answers. Touches nothing else, so it never flaps with a dependency. */
export const handler = {
  GET: () => Response.json({ status: "ok" }, { headers: { "Cache-Control": "no-store" } }),
};
