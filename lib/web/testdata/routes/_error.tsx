import { HttpError } from "../../mod.ts";
import { define } from "../define.ts";

export default define.page(({ error }) => {
  const status = error instanceof HttpError ? error.status : 500;
  const message = error instanceof HttpError ? error.message : "Omlouváme se, něco se pokazilo.";
  return (
    <main class="error">
      <h1>Chyba {status}</h1>
      <p>{message}</p>
    </main>
  );
});
