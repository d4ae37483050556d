import { Head } from "../../mod.ts";
import { define } from "../define.ts";

export default define.page(({ url }) => (
  <main>
    <Head>
      <title>Nenalezeno</title>
    </Head>
    <h1>Stránka nenalezena</h1>
    <p>{url.pathname}</p>
  </main>
));
