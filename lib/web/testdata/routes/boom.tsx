import { define } from "../define.ts";

export const handler = define.handlers({
  GET() {
    throw new Error("tajný detail databáze");
  },
});

export default define.page(() => <p>nikdy</p>);
