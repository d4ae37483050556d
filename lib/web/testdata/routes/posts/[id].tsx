import { HttpError, page } from "../../../mod.ts";
import { define } from "../../define.ts";

export const handler = define.handlers({
  GET(ctx) {
    if (ctx.params.id === "0") throw new HttpError(404, "Příspěvek nenalezen");
    return page({ id: ctx.params.id, title: `Příspěvek ${ctx.params.id}` });
  },
});

export default define.page<typeof handler>(({ data, route }) => (
  <article>
    <h1>{data.title}</h1>
    <p>id {data.id} route {route}</p>
  </article>
));
