// When a course session takes check-ins (docs/sessions.md): the server's rule, the time the
// learner's app shows "Hadir", and how long the facilitator's screen keeps its secret. No
// zod here: the learner's check-in chunk imports it.

/** Check-ins are taken from this long before a session starts to this long after it ends. */
export const CHECK_IN_MARGIN_MS = 30 * 60_000;

/** When a session's check-in codes are taken, as epoch milliseconds. */
export const checkInWindow = (session: { startsAt: string; endsAt: string }) => ({
  opens: Date.parse(session.startsAt) - CHECK_IN_MARGIN_MS,
  closes: Date.parse(session.endsAt) + CHECK_IN_MARGIN_MS,
});
