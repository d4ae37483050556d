/**
 * The notice board as open data: OFN "Úřední desky" 2021-07-20 JSON-LD (§5a of Act 106/1999).
 */
import { define } from "../lib/http/define.ts";
import { getDb } from "../lib/db.ts";
import { listCurrentWithDocuments } from "../db/repositories/notices.ts";
import { buildUredniDeska, OFN_CONTENT_TYPE } from "../domain/ofn.ts";

export const handler = define.handlers({
  async GET(ctx) {
    const { tenant } = ctx.state;
    const origin = ctx.url.origin;
    const notices = await listCurrentWithDocuments(getDb(), tenant.id);
    const body = buildUredniDeska({
      boardIri: `${origin}/uredni-deska.jsonld`,
      boardPageUrl: `${origin}/uredni-deska`,
      authorityIco: tenant.ico,
      authorityName: tenant.officialName,
      notices: notices.map((n) => ({
        iri: `${origin}/uredni-deska/${n.id}`,
        pageUrl: `${origin}/uredni-deska/${n.id}`,
        title: n.title,
        description: n.description,
        referenceNumber: n.reference_number,
        agenda: n.agenda,
        postedAt: n.posted_from,
        relevantUntil: n.relevant_until,
        documents: n.documents.map((d) => ({
          title: d.file_name,
          url: `${origin}/uredni-deska/${n.id}/dokumenty/${d.id}`,
          mediaType: d.media_type,
        })),
      })),
    });
    return new Response(JSON.stringify(body, null, 2), {
      headers: {
        "Content-Type": OFN_CONTENT_TYPE,
        "Cache-Control": "public, max-age=60",
        "Access-Control-Allow-Origin": "*",
      },
    });
  },
});
