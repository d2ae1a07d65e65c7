/** Events and models for detection tests whose outcome is easy to foresee. */
import { MEETING_TYPES, type MeetingModels } from '../../src/domain/detection/analyse.js';
import type { CalendarEvent } from '../../src/domain/event.js';
import { buildEvent } from './databases.js';

export const attendee = (email: string) => ({
  email,
  name: null,
  responseStatus: 'accepted' as const,
  optional: false,
  resource: false,
});

/** A meeting of the tenant's user (owner@acme.test, internal acme.test) with a customer. */
export function customerMeeting(overrides: Partial<CalendarEvent> = {}): CalendarEvent {
  return buildEvent({
    title: 'Customer discovery call',
    conferenceUrl: 'https://customer.zoom.us/j/123',
    attendees: [attendee('buyer@customer.test')],
    ...overrides,
  });
}

/**
 * Models whose decisions are easy to foresee: an external attendee makes a sales meeting, and
 * the type says where the meeting falls in its account's history (first: discovery, second or
 * third: demo, later: follow_up).
 */
export function historyModels(): MeetingModels {
  const weights = (named: Record<string, number>) => ({ named, hashed: {} });
  return {
    version: 'history-test',
    detection: {
      weights: weights({ has_external: 10, no_external: -10 }),
      calibration: { a: 1, b: 0 },
      threshold: 0.5,
    },
    types: {
      classes: [...MEETING_TYPES],
      weights: MEETING_TYPES.map((type) =>
        weights(
          type === 'discovery'
            ? { 'history:first': 10 }
            : type === 'demo'
              ? { 'history:early': 10 }
              : type === 'follow_up'
                ? { 'history:later': 10 }
                : {},
        ),
      ),
    },
  };
}
