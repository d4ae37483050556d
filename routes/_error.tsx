/** Every error page but 404: status from the runtime (HttpError.status, else 500). */
import { ErrorContent } from "../components/layout/ErrorContent.tsx";
import type { State } from "../lib/state.ts";
import type { PageProps } from "../lib/web/mod.ts";

export default function ErrorPage({ error, state }: PageProps<unknown, Partial<State>>) {
  return <ErrorContent error={error} state={state} />;
}
