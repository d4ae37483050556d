/** The clerk opens the document a representative attached; every view is audited. */
import { define } from "../../../../lib/http/define.ts";
import { HttpError } from "../../../../lib/web/mod.ts";
import { assertClerk } from "../../../../lib/http/auth.ts";
import { clerkActor } from "../../../../lib/http/identity/actor.ts";
import { documentResponse } from "../../../../lib/http/identity/representation_document.ts";
import { openRepresentationDocument } from "../../../../app/representation.ts";
import { defaultDeps } from "../../../../app/deps.ts";
import { ROLE_IDENTITY } from "../../../../domain/clerks.ts";

export const handler = define.handlers({
  async GET(ctx) {
    assertClerk(ctx.state, ROLE_IDENTITY);
    const doc = await openRepresentationDocument(
      defaultDeps(),
      clerkActor(ctx.state),
      ctx.params.id,
    );
    if (!doc) throw new HttpError(404);
    return documentResponse(doc);
  },
});
