import { Head } from "../../mod.ts";
import { define } from "../define.ts";

export default define.page(({ route }) => (
  <main>
    <Head>
      <title>Domů</title>
      <meta name="description" content="Úvodní stránka" />
    </Head>
    <h1>Vítejte</h1>
    <p>route {route}</p>
  </main>
));
