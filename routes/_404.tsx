/** Not found: no route, a missing record, or a host that belongs to no town. */
import { ErrorContent } from "../components/layout/ErrorContent.tsx";
import type { State } from "../lib/state.ts";
import type { PageProps } from "../lib/web/mod.ts";

export default function NotFoundPage({ error, state }: PageProps<unknown, Partial<State>>) {
  return <ErrorContent error={error} state={state} status={404} />;
}
