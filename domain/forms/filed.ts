/**
 * The filed values of a case as plain labelled lines, from the form's definition: what the
 * case pages show read-only and what the receipt PDF lists.
 */
import type { FieldDef, FormDefinition } from "./types.ts";

/** Translates a message key (the caller's locale). */
type Translate = (key: string, params?: Record<string, string | number>) => string;

function show(value: unknown, t: Translate, field?: FieldDef): string {
  if (value === null || value === undefined || value === "") return "—";
  if (typeof value === "boolean") return value ? "✓" : "—";
  if (field?.type === "choice") {
    const option = field.options.find((o) => o.value === value);
    if (option) return t(option.label);
  }
  if (Array.isArray(value)) {
    return value.map((v) =>
      v && typeof v === "object" && "name" in v ? String((v as { name: unknown }).name) : show(v, t)
    ).join(", ");
  }
  if (typeof value === "object") {
    const a = value as Record<string, unknown>;
    if ("street" in a || "town" in a) {
      return [
        `${a.street ?? ""} ${a.houseNumber ?? ""}`.trim(),
        `${a.postalCode ?? ""} ${a.town ?? ""}`.trim(),
      ]
        .filter(Boolean).join(", ");
    }
    return Object.entries(a).map(([k, v]) => `${k}: ${show(v, t)}`).join("; ");
  }
  return String(value);
}

/** Plain lines of the filed values (the receipt PDF uses them too). */
export function filedLines(
  values: Record<string, unknown>,
  definition: FormDefinition | undefined,
  t: Translate,
): { label: string; value: string; depth: number }[] {
  const lines: { label: string; value: string; depth: number }[] = [];
  if (!definition) {
    for (const [k, v] of Object.entries(values)) {
      lines.push({ label: k, value: show(v, t), depth: 0 });
    }
    return lines;
  }
  for (const step of definition.steps) {
    for (const field of step.fields) {
      if (!(field.name in values)) continue;
      const value = values[field.name];
      if (field.type === "group" && Array.isArray(value)) {
        value.forEach((item, i) => {
          lines.push({ label: t(field.itemLabel, { n: i + 1 }), value: "", depth: 0 });
          for (const sub of field.fields) {
            const v = (item as Record<string, unknown>)[sub.name];
            if (v !== undefined) {
              lines.push({ label: t(sub.label), value: show(v, t, sub), depth: 1 });
            }
          }
        });
      } else lines.push({ label: t(field.label), value: show(value, t, field), depth: 0 });
    }
  }
  return lines;
}
