export default function Badge({ text }: { text: string }) {
  return <span class="badge">{text}</span>;
}
