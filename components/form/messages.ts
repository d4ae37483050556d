/**
 * The one translator helper for field errors. The form components say `validation.<code>`;
 * a form whose domain module has codes of its own (the office forms, the representation
 * request) passes that module's code → message key table, and those codes are answered from
 * their own keys. Every other key passes through unchanged.
 */
import type { Translate } from "../../lib/state.ts";

export function withErrorMessages(
  t: Translate,
  messages: Readonly<Partial<Record<string, string>>>,
): Translate {
  return (key, params) => {
    const code = key.startsWith("validation.") ? key.slice("validation.".length) : "";
    const own = Object.hasOwn(messages, code) ? messages[code] : undefined;
    return own ? t(own, params) : t(key, params);
  };
}
