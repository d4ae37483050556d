/**
 * A form as JSON Schema (draft 2020-12), so other systems can submit the same form. Public and
 * the same for every town: cacheable by a CDN, with a strong ETag.
 */
import { define } from "../../../../lib/http/define.ts";
import { HttpError } from "../../../../lib/web/mod.ts";
import { findForm } from "../../../../domain/forms/registry.ts";
import { formJsonSchema, JSON_SCHEMA_CONTENT_TYPE } from "../../../../domain/forms/json_schema.ts";
import { translator } from "../../../../lib/i18n.ts";
import { sha256Hex } from "../../../../domain/files.ts";

const bodies = new Map<string, Promise<{ body: string; etag: string }>>();

function schemaBody(slug: string, origin: string) {
  const key = `${origin} ${slug}`;
  let cached = bodies.get(key);
  if (!cached) {
    const def = findForm(slug)!;
    const body = JSON.stringify(
      formJsonSchema(def, { id: `${origin}/api/v1/forms/${slug}`, t: translator("cs") }),
      null,
      2,
    );
    cached = sha256Hex(new TextEncoder().encode(body)).then((hash) => ({
      body,
      etag: `"${hash.slice(0, 32)}"`,
    }));
    if (bodies.size > 100) bodies.clear();
    bodies.set(key, cached);
  }
  return cached;
}

export const handler = define.handlers({
  async GET(ctx) {
    const slug = ctx.params.slug;
    if (!findForm(slug)) throw new HttpError(404);
    const { body, etag } = await schemaBody(slug, ctx.url.origin);
    const headers = {
      "Content-Type": `${JSON_SCHEMA_CONTENT_TYPE}; charset=utf-8`,
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
