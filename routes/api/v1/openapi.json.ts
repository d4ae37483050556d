/**
 * `/api/v1/openapi.json`: the OpenAPI 3.1 description of the citizen's JSON API
 * (lib/http/openapi_v1.ts), public and the same for every town and person: cacheable by a CDN,
 * with a strong ETag and 304 on `If-None-Match`.
 */
import { define } from "../../../lib/http/define.ts";
import { sha256Hex } from "../../../domain/files.ts";
import { openApiDocument } from "../../../lib/http/openapi_v1.ts";

const bodies = new Map<string, Promise<{ body: string; etag: string }>>();

function documentBody(origin: string) {
  let cached = bodies.get(origin);
  if (!cached) {
    const body = JSON.stringify(openApiDocument(origin), null, 2);
    cached = sha256Hex(new TextEncoder().encode(body)).then((hash) => ({
      body,
      etag: `"${hash.slice(0, 32)}"`,
    }));
    if (bodies.size > 100) bodies.clear();
    bodies.set(origin, cached);
  }
  return cached;
}

export const handler = define.handlers({
  async GET(ctx) {
    const { body, etag } = await documentBody(ctx.url.origin);
    const headers = {
      "Content-Type": "application/json; charset=utf-8",
      "Cache-Control": "public, max-age=300, s-maxage=3600, stale-while-revalidate=86400",
      "ETag": etag,
      "Access-Control-Allow-Origin": "*",
    };
    const ifNoneMatch = ctx.req.headers.get("If-None-Match");
    if (ifNoneMatch && ifNoneMatch.split(",").some((tag) => tag.trim() === etag)) {
      return new Response(null, { status: 304, headers });
    }
    return new Response(body, { headers });
  },
});
