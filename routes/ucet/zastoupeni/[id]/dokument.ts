/** The representative's own copy of the document they attached; nobody else's (404). */
import { define } from "../../../../lib/http/define.ts";
import { HttpError } from "../../../../lib/web/mod.ts";
import { getDb } from "../../../../lib/db.ts";
import { findRepresentationDocument } from "../../../../db/repositories/representations.ts";
import { documentResponse } from "../../../../lib/http/identity/representation_document.ts";

export const handler = define.handlers({
  async GET(ctx) {
    const { tenant, person } = ctx.state;
    const doc = await findRepresentationDocument(
      getDb(),
      tenant.id,
      ctx.params.id,
      person!.personId,
    );
    if (!doc) throw new HttpError(404);
    return documentResponse(doc);
  },
});
