import { assertEquals } from "../../tests/assert.ts";
import { OFFICE_MESSAGES } from "../../domain/clerks.ts";
import { REPRESENTATION_MESSAGES } from "../../domain/representation.ts";
import { withErrorMessages } from "./messages.ts";

Deno.test("[forms] a form's own error codes are translated from their own keys", () => {
  const t = withErrorMessages((key) => `«${key}»`, OFFICE_MESSAGES);
  assertEquals(t("validation.usernameTaken"), "«officeClerks.errors.usernameTaken»");
  assertEquals(
    t("validation.identityNotConfirmed"),
    "«officePersons.errors.identityNotConfirmed»",
  );
  assertEquals(t("validation.required"), "«validation.required»");
  assertEquals(t("validation.toString"), "«validation.toString»");
  assertEquals(t("officeClerks.title"), "«officeClerks.title»");
});

Deno.test("[forms] the representation form's codes have their own messages", () => {
  const t = withErrorMessages((key) => `«${key}»`, REPRESENTATION_MESSAGES);
  assertEquals(t("validation.invalidIco"), "«representation.errors.invalidIco»");
  assertEquals(t("validation.tooLong", { max: 3 }), "«validation.tooLong»");
});
