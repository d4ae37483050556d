/**
 * The SMS text's counter on the compose form (issue 13): characters and SMS parts as the clerk
 * types (GSM-7 160/153, UCS-2 70/67, domain/broadcasts.ts), announced politely. Rendered on the
 * server with the count of the text as it was sent, so without JavaScript it is still right
 * after each preview.
 */
import { useEffect, useState } from "preact/hooks";
import { smsLength } from "../domain/broadcasts.ts";

export interface SmsCounterProps {
  text: string;
  /** The server's count (the same words). */
  initial: string;
  /** "{units} znaků, {segments} SMS ({encoding})" */
  template: string;
  encodings: { gsm7: string; ucs2: string };
  /** A note after the count (the unsubscribe link is added). */
  note: string;
  /** The textarea's id. */
  fieldId?: string;
}

function format(props: SmsCounterProps, text: string): string {
  const l = smsLength(text);
  return props.template.replace("{units}", String(l.units))
    .replace("{segments}", String(l.segments))
    .replace("{encoding}", props.encodings[l.encoding]);
}

export default function SmsCounter(props: SmsCounterProps) {
  const [count, setCount] = useState(props.initial);
  useEffect(() => {
    const field = document.getElementById(props.fieldId ?? "field-smsBody") as
      | HTMLTextAreaElement
      | null;
    if (!field) return;
    const update = () => setCount(format(props, field.value));
    field.addEventListener("input", update);
    return () => field.removeEventListener("input", update);
  }, []);
  return (
    <span class="sms-counter">
      <span aria-live="polite">{count}</span> {props.note}
    </span>
  );
}
