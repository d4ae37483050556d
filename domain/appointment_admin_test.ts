import { assertEquals } from "../tests/assert.ts";
import { validateHours, validateService } from "./appointment_admin.ts";

const service = {
  slug: "matrika",
  department: "Matrika",
  name: "Rodné listy",
  nameEn: "Birth certificates",
  location: "",
  description: "",
  duration: "20",
  desks: "2",
  active: true,
  clerkIds: ["a", "a"],
};

Deno.test("[appointment admin] a service needs names in Czech and English, a whole duration and desks", () => {
  const ok = validateService(service);
  assertEquals(ok.ok && ok.value.clerkIds, ["a"]);
  const bad = validateService({
    ...service,
    slug: "Matrika!",
    nameEn: "",
    duration: "2,5",
    desks: "21",
  });
  assertEquals(
    !bad.ok && bad.errors.map((e) => `${e.field}:${e.code}`),
    [
      "slug:appointmentSlugInvalid",
      "nameEn:required",
      "duration:notWholeNumber",
      "desks:numberTooLarge",
    ],
  );
});

Deno.test("[appointment admin] weekly hours: the end after the start, room for one slot, no overlap", () => {
  const monday = [{ weekday: 1 as const, opens: 480, closes: 720 }];
  const check = (weekday: string, opens: string, closes: string) => {
    const r = validateHours({ weekday, opens, closes }, monday, 30);
    return r.ok ? "ok" : r.errors.map((e) => `${e.field}:${e.code}`).join(",");
  };
  assertEquals(check("1", "13:00", "17:00"), "ok");
  assertEquals(check("1", "12:00", "17:00"), "ok");
  assertEquals(check("1", "11:30", "13:00"), "opens:appointmentHoursOverlap");
  assertEquals(check("1", "07:00", "13:00"), "opens:appointmentHoursOverlap");
  assertEquals(check("2", "08:00", "12:00"), "ok");
  assertEquals(check("1", "15:00", "14:00"), "closes:appointmentTimeOrder");
  assertEquals(check("1", "15:00", "15:20"), "closes:appointmentHoursShort");
  assertEquals(check("8", "8:00", "9"), "weekday:invalidChoice,closes:appointmentTimeInvalid");
});
