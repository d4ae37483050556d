/** The applicant's grant contract as a Word document (docx) (their own application only). */
import { define } from "../../../../lib/http/define.ts";
import { HttpError } from "../../../../lib/web/mod.ts";
import { getDb } from "../../../../lib/db.ts";
import { personActor } from "../../../../lib/http/identity/actor.ts";
import { applicantContractFile } from "../../../../app/grant_awards.ts";
import { contractDownload } from "../../../../lib/http/grant_contract.ts";

export const handler = define.handlers({
  async GET(ctx) {
    const f = await applicantContractFile(
      { db: getDb() },
      personActor(ctx.state),
      ctx.params.id,
      "docx",
    );
    if (!f) throw new HttpError(404);
    return contractDownload(f, "docx");
  },
});
