/**
 * Test input: every C0 control, DEL, two C1 controls (NEL, CSI) and the Unicode line and
 * paragraph separators — what must never reach a header, and what text input may not carry.
 */
export const CONTROL_CHARACTERS: readonly string[] = [
  ...Array.from({ length: 0x20 }, (_, i) => String.fromCharCode(i)),
  "\x7f",
  "\x85",
  "\x9b",
  "\u2028",
  "\u2029",
];

/** `U+000B` for a message. */
export const hex = (ch: string): string => `U+${ch.charCodeAt(0).toString(16).padStart(4, "0")}`;
