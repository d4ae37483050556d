/** The receipt of the person's filing as a PDF. */
import { define } from "../../../../lib/http/define.ts";
import { HttpError } from "../../../../lib/web/mod.ts";
import { getDb } from "../../../../lib/db.ts";
import { personActor } from "../../../../lib/http/identity/actor.ts";
import { citizenCase } from "../../../../app/cases.ts";
import { defaultCaseForms } from "../../../../app/case_forms.ts";
import { receiptResponse } from "../../../../lib/http/case_files.ts";

export const handler = define.handlers({
  async GET(ctx) {
    const found = await citizenCase({ db: getDb() }, personActor(ctx.state), ctx.params.id);
    if (!found) throw new HttpError(404);
    return await receiptResponse(found.case, found.attachments, {
      tenant: ctx.state.tenant,
      t: ctx.state.t,
      definition: defaultCaseForms(found.case.form_slug)?.definition,
      filer: ctx.state.person!.displayName,
    });
  },
});
