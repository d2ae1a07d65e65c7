import { describe, expect, it } from 'vitest';
import { meetingIdentity } from './meeting-identity.js';

const event = (iCalUid: string | null, originalStart: string | null = null) => ({
  providerEventId: 'AAMkAGI2-1',
  iCalUid,
  originalStart,
});

describe('meetingIdentity', () => {
  it('gives the values stored in existing databases (a change here orphans stored feedback)', () => {
    expect(meetingIdentity('cal-1', event('abc@google.com'))).toBe('["uid","abc@google.com",null]');
    expect(meetingIdentity('cal-1', event('abc@google.com', '2026-03-02T09:00:00.000Z'))).toBe(
      '["uid","abc@google.com","2026-03-02T09:00:00.000Z"]',
    );
    expect(meetingIdentity('cal-1', event(null))).toBe('["event","cal-1","AAMkAGI2-1"]');
    expect(meetingIdentity('cal-1', event('a"b\\c'))).toBe('["uid","a\\"b\\\\c",null]');
  });

  it('is the same on every calendar for one UID and original start, and tells instances apart', () => {
    expect(meetingIdentity('cal-1', event('x@y'))).toBe(meetingIdentity('cal-2', event('x@y')));
    const identities = new Set([
      meetingIdentity('cal-1', event('x@y')),
      meetingIdentity('cal-1', event('X@y')),
      meetingIdentity('cal-1', event('x@y', '2026-03-02T09:00:00.000Z')),
      meetingIdentity('cal-1', event('x@y', '2026-03-09T09:00:00.000Z')),
    ]);
    expect(identities.size).toBe(4);
  });

  it("knows an event without a UID of its own (none, empty, or one the parser made up without the calendar's source) within its calendar only", () => {
    for (const uid of [
      null,
      '',
      'missing-uid-1',
      'missing-uid-0123456789abcdef',
      'missing-uid-0123456789abcdef-2',
    ]) {
      expect(meetingIdentity('cal-1', event(uid))).toBe('["event","cal-1","AAMkAGI2-1"]');
      expect(meetingIdentity('cal-2', event(uid))).not.toBe(meetingIdentity('cal-1', event(uid)));
    }
    // A UID that only looks like one is still a UID.
    expect(meetingIdentity('cal-1', event('missing-uid-1@host'))).toBe(
      '["uid","missing-uid-1@host",null]',
    );
  });

  it("knows an event by the UID the parser made up with its calendar's source, on any calendar", () => {
    for (const uid of ['missing-uid-src-0123456789abcdef', 'missing-uid-src-0123456789abcdef-2']) {
      expect(meetingIdentity('cal-1', event(uid))).toBe(`["uid","${uid}",null]`);
      expect(meetingIdentity('cal-2', event(uid))).toBe(meetingIdentity('cal-1', event(uid)));
    }
  });
});
