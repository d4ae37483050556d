/** Shows its props: lets tests see what reached the island. */
export default function Echo({ value }: { value: unknown }) {
  return <pre>{JSON.stringify(value)}</pre>;
}
