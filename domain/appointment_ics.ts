/**
 * The invitation an appointment's e-mail carries (RFC 5545/5546 iTIP), built with
 * ical-generator: `METHOD:REQUEST` for a booking and each move, `METHOD:CANCEL` with
 * `STATUS:CANCELLED` for a cancellation, always the same `UID` (`appointment-<id>@<host>`) and
 * the appointment's `SEQUENCE` (0 when booked, +1 at every move or cancellation), so a calendar
 * updates the one event it has instead of adding another.
 */
import ical, { ICalCalendarMethod, ICalEventStatus } from "ical-generator";

export interface AppointmentInvite {
  method: "REQUEST" | "CANCEL";
  appointmentId: string;
  /** The town's host name: the UID's domain. */
  host: string;
  sequence: number;
  startsAt: Date;
  endsAt: Date;
  stamp: Date;
  summary: string;
  description: string;
  location: string;
  organizer: { name: string; email: string };
  attendee: { name: string; email: string } | null;
  url?: string;
}

export function appointmentUid(appointmentId: string, host: string): string {
  return `appointment-${appointmentId}@${host}`;
}

export function appointmentInvitation(a: AppointmentInvite): string {
  const cal = ical({
    prodId: { company: "Portál občana", product: "Rezervace", language: "CS" },
    method: a.method === "CANCEL" ? ICalCalendarMethod.CANCEL : ICalCalendarMethod.REQUEST,
  });
  cal.createEvent({
    id: appointmentUid(a.appointmentId, a.host),
    sequence: a.sequence,
    stamp: a.stamp,
    start: a.startsAt,
    end: a.endsAt,
    summary: a.summary,
    description: a.description,
    location: a.location,
    url: a.url,
    organizer: a.organizer,
    attendees: a.attendee ? [{ ...a.attendee, rsvp: false }] : [],
    status: a.method === "CANCEL" ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
  });
  return cal.toString();
}
