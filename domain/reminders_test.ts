import assert from "node:assert/strict";
import {
  addDays,
  daysBetween,
  reminderDue,
  reminderMessageKey,
  reminderWindows,
} from "./reminders.ts";

const due = "2026-06-30";

Deno.test("[reminders] before the due date: from 7 days ahead to the day before", () => {
  assert.equal(reminderDue({ dueDate: due, state: "unpaid" }, "2026-06-22"), null);
  assert.equal(reminderDue({ dueDate: due, state: "unpaid" }, "2026-06-23"), "before_due");
  assert.equal(reminderDue({ dueDate: due, state: "partly_paid" }, "2026-06-29"), "before_due");
  assert.equal(reminderDue({ dueDate: due, state: "unpaid" }, due), null, "not on the due day");
});

Deno.test("[reminders] after the due date: from 3 days late, for 30 more days", () => {
  assert.equal(reminderDue({ dueDate: due, state: "unpaid" }, "2026-07-02"), null);
  assert.equal(reminderDue({ dueDate: due, state: "unpaid" }, "2026-07-03"), "overdue");
  assert.equal(reminderDue({ dueDate: due, state: "partly_paid" }, "2026-08-02"), "overdue");
  assert.equal(reminderDue({ dueDate: due, state: "unpaid" }, "2026-08-03"), null, "too old");
});

Deno.test("[reminders] none for what is paid, overpaid or written off", () => {
  for (const state of ["paid", "overpaid", "written_off"] as const) {
    assert.equal(reminderDue({ dueDate: due, state }, "2026-06-25"), null, state);
    assert.equal(reminderDue({ dueDate: due, state }, "2026-07-05"), null, state);
  }
});

Deno.test("[reminders] the database's windows agree with the rule on every day of a year", () => {
  for (let d = 0; d < 366; d++) {
    const today = addDays("2026-01-01", d);
    const w = reminderWindows(today);
    for (let offset = -60; offset <= 60; offset++) {
      const dueDate = addDays(today, offset);
      const kind = reminderDue({ dueDate, state: "unpaid" }, today);
      const inBefore = dueDate >= w.before_due.from && dueDate <= w.before_due.to;
      const inOverdue = dueDate >= w.overdue.from && dueDate <= w.overdue.to;
      assert.equal(kind === "before_due", inBefore, `${today} ${dueDate}`);
      assert.equal(kind === "overdue", inOverdue, `${today} ${dueDate}`);
    }
  }
});

Deno.test("[reminders] calendar arithmetic across months, leap days and time changes", () => {
  assert.equal(addDays("2028-02-28", 1), "2028-02-29");
  assert.equal(addDays("2026-03-28", 2), "2026-03-30");
  assert.equal(addDays("2026-10-24", 7), "2026-10-31");
  assert.equal(addDays("2027-01-02", -3), "2026-12-30");
  assert.equal(daysBetween("2026-12-31", "2027-01-07"), 7);
  assert.throws(() => addDays("2026-02-30", 1), RangeError);
  assert.throws(() => daysBetween("30. 6. 2026", due), RangeError);
  assert.equal(reminderMessageKey("abc", "overdue"), "payment-reminder:abc:overdue");
});
