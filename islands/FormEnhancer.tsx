/**
 * Enhances a server-rendered form (components/forms/FormView.tsx) that works without it:
 * inline validation on blur with the same validators as the server (domain/forms), conditional
 * fields shown and hidden live, step navigation without a round trip, and autosave of the
 * draft every few seconds when something changed. The form itself stays server HTML (an
 * island's children may only be plain elements, and the form is made of components): the
 * island finds it by id and renders only the polite status line of the autosave.
 *
 * Autosave contract: `POST autosaveUrl` with the form's fields as FormData (the hidden `_csrf`
 * field included, files left out); the endpoint answers 204.
 */
import { signal } from "@preact/signals";
import { useEffect, useMemo } from "preact/hooks";
import {
  conditionHolds,
  parseSubmission,
  stepOf,
  validateSubmission,
} from "../domain/forms/engine.ts";
import type { FormDefinition, RawValues } from "../domain/forms/types.ts";

export interface FormEnhancerProps {
  /** Id of the `<form>` to enhance. */
  formId: string;
  def: FormDefinition;
  signedIn: boolean;
  /** The draft endpoint; without it, no autosave. */
  autosaveUrl?: string;
  /** Seconds between autosaves (when something changed). */
  autosaveSeconds?: number;
  /** Validation message templates by code (`{max}` placeholders filled here). */
  messages: Record<string, string>;
  texts: { saved: string; saving: string; failed: string; errorPrefix: string };
}

type Control = HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement;

function today(): string {
  const d = new Date();
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

export default function FormEnhancer(props: FormEnhancerProps) {
  const status = useMemo(() => signal(""), []);
  useEffect(() => {
    const form = document.getElementById(props.formId) as HTMLFormElement | null;
    return form ? enhance(form, props, status) : undefined;
  }, []);
  return <p class="form-autosave" role="status" aria-live="polite">{status}</p>;
}

function enhance(
  form: HTMLFormElement,
  props: FormEnhancerProps,
  status: { value: string },
): () => void {
  const { def } = props;
  const ctx = () => ({ today: today(), signedIn: props.signedIn });
  const sections = [...form.querySelectorAll<HTMLElement>("section[data-step]")];
  let current = sections.findIndex((s) => !s.hidden);
  const paged = sections.some((s) => s.hidden);
  let dirty = false;

  const read = (): RawValues => {
    const parsed = parseSubmission(def, new FormData(form));
    return parsed.ok ? parsed.values : {};
  };

  const message = (code: string, params?: Record<string, string | number>) =>
    (props.messages[code] ?? code).replace(
      /\{(\w+)\}/g,
      (whole, name) => params && name in params ? String(params[name]) : whole,
    );

  /** Shows (or clears) the error of one field, as the server renders it. */
  const show = (path: string, text: string | null) => {
    const control = form.querySelector<Control>(`[name="${CSS.escape(path)}"]`);
    const box = control?.closest(".form-field");
    if (!control || !box) return;
    const id = `field-${path}-error`;
    box.querySelector(`[id="${CSS.escape(id)}"]`)?.remove();
    const described = (control.getAttribute("aria-describedby") ?? "").split(" ")
      .filter((d) => d && d !== id);
    if (text) {
      const p = document.createElement("p");
      p.className = "gov-form-message form-field__error";
      p.dataset.color = "error";
      p.id = id;
      const content = document.createElement("span");
      content.className = "gov-form-message__content";
      const prefix = document.createElement("span");
      prefix.className = "u-sr-only";
      prefix.textContent = props.texts.errorPrefix;
      content.append(prefix, text);
      p.append(content);
      box.append(p);
      described.push(id);
    }
    const targets = control.type === "radio"
      ? form.querySelectorAll<Control>(`[name="${CSS.escape(path)}"]`)
      : [control];
    for (const target of targets) {
      if (text) target.setAttribute("aria-invalid", "true");
      else target.removeAttribute("aria-invalid");
      if (described.length) target.setAttribute("aria-describedby", described.join(" "));
      else target.removeAttribute("aria-describedby");
    }
    if (text) box.setAttribute("data-invalid", "true");
    else box.removeAttribute("data-invalid");
  };

  /** Validates the steps given; shows the errors of `only` paths (or all); returns the count. */
  const check = (steps: number[], only?: (path: string) => boolean): number => {
    const result = validateSubmission(def, read(), ctx(), { steps });
    const errors = result.ok ? [] : result.errors;
    const paths = new Set<string>();
    form.querySelectorAll<Control>("[name]").forEach((c) => {
      if (!c.name.startsWith("_")) paths.add(c.name);
    });
    for (const path of paths) {
      if (only && !only(path)) continue;
      if (!steps.includes(stepOf(def, path))) continue;
      const error = errors.find((e) => e.field === path);
      show(path, error ? message(error.code, error.params) : null);
    }
    return errors.filter((e) => !only || only(e.field)).length;
  };

  /** Conditional fields follow the values as they are typed. */
  const conditions = () => {
    const values = read();
    form.querySelectorAll<HTMLElement>("[data-when]").forEach((el) => {
      const cond = JSON.parse(el.dataset.when!);
      const [group, index] = (el.dataset.item ?? "").split(":");
      const items = group ? values[group] : undefined;
      const item = Array.isArray(items) ? (items[Number(index)] as RawValues) : undefined;
      el.hidden = !conditionHolds(cond, values, item);
    });
  };

  const goTo = (step: number) => {
    sections.forEach((s, i) => s.hidden = i !== step);
    current = step;
    sections[step].querySelector<HTMLElement>("h2")?.focus();
  };

  const onBlur = (event: FocusEvent) => {
    const target = event.target as Control;
    if (!target.name || target.name.startsWith("_") || target.type === "file") return;
    check([stepOf(def, target.name)], (path) => path === target.name);
  };
  const onInput = () => {
    dirty = true;
    conditions();
  };
  const onClick = (event: MouseEvent) => {
    const button = (event.target as Element).closest<HTMLButtonElement>("button[name=_step]");
    if (!button || !paged) return;
    const target = Number(button.value);
    if (target > current && check([current]) > 0) {
      event.preventDefault();
      form.querySelector<HTMLElement>(`section[data-step="${current}"] [aria-invalid=true]`)
        ?.focus();
      return;
    }
    event.preventDefault();
    goTo(target);
  };

  form.addEventListener("focusout", onBlur);
  form.addEventListener("input", onInput);
  form.addEventListener("change", onInput);
  form.addEventListener("click", onClick);
  conditions();

  let saving = false;
  const save = async () => {
    if (!props.autosaveUrl || !dirty || saving) return;
    dirty = false;
    saving = true;
    const data = new FormData(form);
    for (const [key, value] of [...data]) if (typeof value !== "string") data.delete(key);
    try {
      const res = await fetch(props.autosaveUrl, {
        method: "POST",
        body: data,
        credentials: "same-origin",
        headers: { "X-Requested-With": "fetch" },
      });
      if (!res.ok) throw new Error(String(res.status));
      const now = new Date();
      const time = `${now.getHours()}:${String(now.getMinutes()).padStart(2, "0")}`;
      status.value = props.texts.saved.replace("{time}", time);
    } catch {
      dirty = true;
      status.value = props.texts.failed;
    } finally {
      saving = false;
    }
  };
  const timer = setInterval(save, (props.autosaveSeconds ?? 5) * 1000);

  return () => {
    clearInterval(timer);
    form.removeEventListener("focusout", onBlur);
    form.removeEventListener("input", onInput);
    form.removeEventListener("change", onInput);
    form.removeEventListener("click", onClick);
  };
}
