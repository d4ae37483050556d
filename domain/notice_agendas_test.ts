import assert from "node:assert/strict";
import {
  agendaCode,
  DEFAULT_AGENDAS,
  freeAgendaCode,
  isAgendaCode,
  resolveAgendaChoice,
  sortAgendas,
  validateAgendaName,
} from "./notice_agendas.ts";

Deno.test("an agenda's code is its name in ASCII", () => {
  assert.equal(agendaCode("Územní plánování"), "uzemni-planovani");
  assert.equal(agendaCode("  Kultura a sport!"), "kultura-a-sport");
  assert.equal(agendaCode("Životní prostředí"), "zivotni-prostredi");
  assert.equal(agendaCode("—"), "agenda");
  for (const name of DEFAULT_AGENDAS) assert.ok(isAgendaCode(agendaCode(name)), name);
  assert.equal(freeAgendaCode("Volby", new Set(["volby", "volby-2"])), "volby-3");
});

Deno.test("agendas sort in Czech order: Ch after H, Ú with U", () => {
  const names = ["Chodníky", "Územní plánování", "Hřbitovy", "Doprava", "Zastupitelstvo", "Cesty"]
    .map((name) => ({ name }));
  assert.deepEqual(sortAgendas(names).map((a) => a.name), [
    "Cesty",
    "Doprava",
    "Hřbitovy",
    "Chodníky",
    "Územní plánování",
    "Zastupitelstvo",
  ]);
});

Deno.test("an agenda name is required, short, and not another agenda's", () => {
  assert.deepEqual(validateAgendaName("  Hřbitovy  ", []), { ok: true, name: "Hřbitovy" });
  assert.deepEqual(validateAgendaName("", []), {
    ok: false,
    errors: [{ field: "name", code: "required" }],
  });
  assert.equal(validateAgendaName("x".repeat(101), []).ok, false);
  assert.deepEqual(validateAgendaName("volby", [{ name: "Volby" }]), {
    ok: false,
    errors: [{ field: "name", code: "agendaNameTaken" }],
  });
});

Deno.test("the notice form's agenda is an active code of the town, or none", () => {
  const agendas = [
    { code: "volby", name: "Volby", active: true },
    { code: "odpady", name: "Odpady", active: false },
  ];
  assert.deepEqual(resolveAgendaChoice("volby", agendas), { ok: true, name: "Volby" });
  assert.deepEqual(resolveAgendaChoice("", agendas), { ok: true, name: null });
  for (const bad of ["odpady", "Volby", "neexistuje"]) {
    assert.deepEqual(resolveAgendaChoice(bad, agendas), {
      ok: false,
      error: { field: "agenda", code: "invalidChoice" },
    }, bad);
  }
});
