/**
 * The clerk's appointment settings (issue 15, review) in Chromium, at 1280 and 320 px: the
 * clerk opens the settings from the day page, creates a service, is told in Czech that hours
 * ending before they start cannot be saved, adds hours, and sees the service's time offered on
 * the public page; on the day page the clerk frees a blocked time and closes a day that has a
 * booking after the confirmation page that counts it. Every page audited (status, CSP, console, axe WCAG 2.1 A + AA), nothing
 * scrolling sideways at 320 px.
 */
import { assert, assertEquals, assertStringIncludes } from "../assert.ts";
import { demoTowns } from "../support/app.ts";
import { getDb } from "../../lib/db.ts";
import { translator } from "../../lib/i18n.ts";
import { bookForCaller } from "../../app/appointments.ts";
import { addDays, daySlots, type Weekday } from "../../domain/appointments.ts";
import { formatPragueDate } from "../../domain/time.ts";
import {
  BrowserSuite,
  browserTest,
  choose,
  DEMO_CLERK,
  pathOf,
  type PortalPage,
  shot,
  signIn,
} from "./support.ts";

const suite = new BrowserSuite();
async function fits(p: PortalPage, width: number): Promise<void> {
  const w = await p.scrollWidth();
  assert(w <= width, `${pathOf(p)} scrolls sideways at ${width} px: the document is ${w} px`);
}

Deno.test({
  name: "[browser] a clerk creates a service with its office hours at 1280 and 320 px",
  ...browserTest,
  async fn() {
    for (const width of [1280, 320]) {
      const slug = `overeni-${crypto.randomUUID().slice(0, 6)}`;
      const p = await suite.newPage({ width, height: 800 });
      try {
        await signIn(p, DEMO_CLERK);
        await p.visit("/urad/rezervace");
        await p.followLink("Nastavení služeb, přepážek a úředních hodin");
        assertEquals(await p.headings(1), ["Rezervace – služby a úřední hodiny"]);
        await fits(p, width);
        await shot(p, `appointment-services-${width}`);
        await p.fill("Adresa služby (povinné)", slug);
        await p.fill("Název česky (povinné)", `Ověření ${slug}`);
        await p.fill("Odbor (povinné)", "Czech POINT");
        await p.press("Vytvořit službu", { status: 422 });
        assertStringIncludes(await p.mainText(), "Název anglicky");
        await fits(p, width);
        await shot(p, `appointment-service-errors-${width}`);
        await p.fill("Název anglicky (povinné)", `Certification ${slug}`);
        await p.press("Vytvořit službu");
        assertEquals(await p.headings(1), [`Služba: Ověření ${slug}`]);
        assertStringIncludes(await p.mainText(), "Služba byla vytvořena.");
        await fits(p, width);

        await choose(p, "Den v týdnu (povinné)", "středa");
        await p.fill("Od (hh:mm) (povinné)", "12:00");
        await p.fill("Do (hh:mm) (povinné)", "09:00");
        await p.press("Přidat hodiny", { status: 422 });
        assertStringIncludes(await p.mainText(), "Konec musí být později než začátek.");
        await fits(p, width);
        await p.fill("Do (hh:mm) (povinné)", "14:00");
        await p.press("Přidat hodiny");
        assertStringIncludes(await p.mainText(), "Úřední hodiny byly přidány.");
        assert(await p.byRole("button", "Odebrat St 12:00–14:00"));
        await fits(p, width);
        await shot(p, `appointment-service-edit-${width}`);
        // Changed in place: the same form, filled with the range, says which one it changes.
        await p.followLink("Upravit St 12:00–14:00");
        assertStringIncludes(await p.mainText(), "Upravit úřední hodiny St 12:00–14:00");
        await fits(p, width);
        await shot(p, `appointment-hours-change-${width}`);
        await p.fill("Od (hh:mm) (povinné)", "13:00");
        await p.fill("Do (hh:mm) (povinné)", "15:30");
        await p.press("Uložit hodiny");
        assertStringIncludes(await p.mainText(), "Úřední hodiny byly upraveny.");
        assert(await p.byRole("button", "Odebrat St 13:00–15:30"));
        await p.followLink("Zpět na seznam služeb");
        assertStringIncludes(await p.mainText(), "St 13:00–15:30");
        await fits(p, width);
      } finally {
        await p.close();
      }
    }
  },
});

const TIME = new Intl.DateTimeFormat("cs-CZ", {
  timeZone: "Europe/Prague",
  hour: "2-digit",
  minute: "2-digit",
});

/** A service of its own (one desk, every day 8–12), a day with a booking and a blocked time. */
async function dayWithBooking() {
  const { lipnice } = await demoTowns();
  const db = getDb();
  const slug = `zavreno-${crypto.randomUUID().slice(0, 6)}`;
  const name = `Ověření listin ${slug.slice(-6)}`;
  const s = await db.insertInto("appointment_services").values({
    tenant_id: lipnice.id,
    slug,
    department: "Czech POINT",
    name,
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
  const day = addDays(formatPragueDate(new Date()), 5);
  const slots = daySlots({ durationMinutes: 30, hours: week, exceptions: [] }, day);
  const clerk = await db.selectFrom("clerks").select("id").where("tenant_id", "=", lipnice.id)
    .where("username", "=", DEMO_CLERK.username).executeTakeFirstOrThrow();
  const booked = await bookForCaller({ db, now: () => new Date() }, {
    where: {
      tenant: lipnice,
      origin: "http://localhost:8000",
      requestId: null,
      t: translator("cs"),
    },
    clerkId: clerk.id,
  }, {
    serviceId: s.id,
    slot: slots[0].toISOString(),
    values: { name: "Karel Objednaný", email: "karel@example.cz", phone: "", subject: "Pas" },
  });
  assert(booked.ok);
  await db.insertInto("appointment_seats").values({
    tenant_id: lipnice.id,
    service_id: s.id,
    starts_at: slots[2],
    seat: 1,
    kind: "block",
    blocked_by: clerk.id,
    block_reason: "Porada",
  }).execute();
  return { name, day, blocked: TIME.format(slots[2]) };
}

Deno.test({
  name: "[browser] a clerk frees blocked time and closes a day with a booking at 1280 and 320 px",
  ...browserTest,
  async fn() {
    for (const width of [1280, 320]) {
      const s = await dayWithBooking();
      const p = await suite.newPage({ width, height: 800 });
      try {
        await signIn(p, DEMO_CLERK);
        await p.visit(`/urad/rezervace?den=${s.day}`);
        assertStringIncludes(await p.mainText(), "Karel Objednaný");
        await fits(p, width);
        await p.press(`Uvolnit ${s.blocked}, přepážka 1`);
        assertStringIncludes(await p.mainText(), "Blokovaný čas byl uvolněn.");
        await fits(p, width);
        await choose(p, "Služba", `${s.name} (Czech POINT)`);
        await p.setValue("Datum (povinné)", s.day);
        await p.fill("Poznámka", "Výpadek systému");
        await p.press("Uložit výjimku");
        assertEquals(await p.headings(1), ["Opravdu zavřít den s rezervacemi?"]);
        assertStringIncludes(await p.mainText(), "(počet: 1)");
        await fits(p, width);
        await shot(p, `appointment-close-confirm-${width}`);
        await p.press("Ano, zavřít a zrušit rezervace");
        assertStringIncludes(await p.mainText(), "Den byl zavřen a jeho rezervace zrušeny");
        await fits(p, width);
        await shot(p, `appointment-day-closed-${width}`);
      } finally {
        await p.close();
      }
    }
  },
});
