/**
 * Appointments (issue 15) in Chromium, at 1280 and 320 px: a signed-in citizen books a visit in
 * two steps (a slot, then contact and subject), moves it to another time and cancels it after
 * the confirmation page. Every page audited (status, CSP, console, axe WCAG 2.1 A + AA),
 * nothing scrolling sideways at 320 px.
 */
import { assert, assertEquals, assertStringIncludes } from "../assert.ts";
import {
  BrowserSuite,
  browserTest,
  DEMO_CITIZEN,
  pathOf,
  type PortalPage,
  signIn,
} from "./support.ts";
import { demoTowns } from "../support/app.ts";
import { getDb } from "../../lib/db.ts";
import { addDays, daySlots, type Weekday } from "../../domain/appointments.ts";
import { formatPragueDate } from "../../domain/time.ts";

const suite = new BrowserSuite();

async function fits(p: PortalPage, width: number): Promise<void> {
  const w = await p.scrollWidth();
  assert(w <= width, `${pathOf(p)} scrolls sideways at ${width} px: the document is ${w} px`);
}

const TIME = new Intl.DateTimeFormat("cs-CZ", {
  timeZone: "Europe/Prague",
  hour: "2-digit",
  minute: "2-digit",
});

/** A service of its own (one desk, every day 8–12), and a day from tomorrow with its slots. */
async function service() {
  const { lipnice } = await demoTowns();
  const db = getDb();
  const slug = `prohlidka-${crypto.randomUUID().slice(0, 6)}`;
  const name = `Ověření podpisu ${slug.slice(-6)}`;
  const s = await db.insertInto("appointment_services").values({
    tenant_id: lipnice.id,
    slug,
    department: "Czech POINT",
    name,
    location: "Obecní úřad, přízemí",
    duration_minutes: 30,
    desks: 1,
  }).returning("id").executeTakeFirstOrThrow();
  const week = [1, 2, 3, 4, 5, 6, 7].map((d) => ({
    weekday: d as Weekday,
    opens: 480,
    closes: 720,
  }));
  await db.insertInto("appointment_hours").values(week.map((h) => ({
    tenant_id: lipnice.id,
    service_id: s.id,
    weekday: h.weekday,
    opens_minute: h.opens,
    closes_minute: h.closes,
  }))).execute();
  let day = addDays(formatPragueDate(new Date()), 1);
  let slots = daySlots({ durationMinutes: 30, hours: week, exceptions: [] }, day);
  while (slots.length === 0) {
    day = addDays(day, 1);
    slots = daySlots({ durationMinutes: 30, hours: week, exceptions: [] }, day);
  }
  return { slug, name, day, times: slots.map((d) => TIME.format(d)) };
}

Deno.test({
  name: "[browser] a citizen books, moves and cancels an appointment at 1280 and 320 px",
  ...browserTest,
  async fn() {
    for (const width of [1280, 320]) {
      const s = await service();
      const p = await suite.newPage({ width, height: 800 });
      try {
        await signIn(p, DEMO_CITIZEN);
        await p.visit("/rezervace");
        assertEquals(await p.headings(1), ["Rezervace návštěvy úřadu"]);
        await fits(p, width);
        await p.followLink(s.name);
        assertEquals(await p.headings(1), [s.name]);
        await fits(p, width);
        await p.visit(`/rezervace/${s.slug}?den=${s.day}`);
        await fits(p, width);
        await p.press(`${s.times[1]} – volná místa: 1`);
        assertEquals(await p.headings(1), ["Kontakt a důvod návštěvy"]);
        await fits(p, width);
        await p.press("Rezervovat", { status: 422 });
        await p.fill("Co potřebujete vyřídit (povinné)", "Ověření podpisu na smlouvě");
        await p.press("Rezervovat");
        assert(/^\/ucet\/rezervace\/[0-9a-f-]{36}$/.test(pathOf(p)), pathOf(p));
        assertEquals(await p.headings(1), ["Moje rezervace"]);
        assertStringIncludes(await p.mainText(), "Rezervace je hotová");
        await fits(p, width);

        await p.press(`Přesunout na ${s.times[3]}`);
        const moved = await p.mainText();
        assertStringIncludes(moved, "Rezervace byla přesunuta");
        assertStringIncludes(moved, s.times[3]);
        await fits(p, width);

        await p.press("Zrušit rezervaci");
        assertEquals(await p.headings(1), ["Opravdu zrušit rezervaci?"]);
        await fits(p, width);
        await p.press("Ano, zrušit rezervaci");
        const cancelled = await p.mainText();
        assertStringIncludes(cancelled, "Rezervace byla zrušena.");
        assertStringIncludes(cancelled, "zrušeno");
        await fits(p, width);
        await p.visit("/ucet/rezervace");
        assertEquals(await p.headings(1), ["Moje rezervace"]);
        await fits(p, width);
      } finally {
        await p.close();
      }
    }
  },
});
