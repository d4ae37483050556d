/**
 * `/opendata/schema/<name>.json`: the JSON Schema (draft 2020-12) of an open data set
 * (`faktury`, `smlouvy`, `objednavky`, `rozpocet`; domain/spending_opendata.ts); 404 otherwise.
 */
import { define } from "../../../lib/http/define.ts";
import { HttpError } from "../../../lib/web/mod.ts";
import { isOpenDataName, openDataSchema } from "../../../domain/spending_opendata.ts";
import { openDataResponse } from "../../../lib/http/spending.ts";

export const handler = define.handlers({
  GET(ctx) {
    const name = ctx.params.name;
    if (!isOpenDataName(name)) throw new HttpError(404);
    return openDataResponse(openDataSchema(name, ctx.url.origin), "application/schema+json");
  },
});
