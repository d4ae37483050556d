import { page } from "../../mod.ts";
import { define } from "../define.ts";

interface Data {
  name?: string;
  file?: { name: string; size: number; text: string };
  csrfSeenByMiddleware?: string;
}

export const handler = define.handlers({
  GET: () => page<Data>({}),
  async POST(ctx) {
    const form = await ctx.formData();
    if (form.get("next")) return ctx.redirect(String(form.get("next")));
    const file = form.get("attachment");
    return page<Data>({
      name: String(form.get("name") ?? ""),
      file: file instanceof File
        ? { name: file.name, size: file.size, text: await file.text() }
        : undefined,
      csrfSeenByMiddleware: ctx.state.csrf,
    });
  },
});

export default define.page<typeof handler>(({ data }) => (
  <form method="post" enctype="multipart/form-data">
    <p id="name">{data.name}</p>
    <p id="file">{data.file && `${data.file.name} ${data.file.size} ${data.file.text}`}</p>
    <p id="csrf">{data.csrfSeenByMiddleware}</p>
  </form>
));
