/** The service form of the clerk's appointment settings, read from a POST. */
import type { ServiceInput } from "../../domain/appointment_admin.ts";
import { cleanText } from "../../domain/validation.ts";

export function serviceForm(form: FormData): ServiceInput {
  return {
    slug: cleanText(form.get("slug")),
    department: cleanText(form.get("department")),
    name: cleanText(form.get("name")),
    nameEn: cleanText(form.get("nameEn")),
    location: cleanText(form.get("location")),
    description: cleanText(form.get("description")),
    duration: cleanText(form.get("duration")),
    desks: cleanText(form.get("desks")),
    active: form.get("active") === "on",
    clerkIds: form.getAll("clerkIds").map((v) => cleanText(v)).filter((v) => v !== "").slice(
      0,
      200,
    ),
  };
}
