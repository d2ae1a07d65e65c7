import { describe, expect, it } from 'vitest';
import type { MeetingAnalysis } from '../../domain/detection/analyse.js';
import type { MeetingFeedback, StoredEvent } from '../../store/store.js';
import { meetingIdentity } from '../../store/meeting-identity.js';
import { decideMeeting, FeedbackVerdicts } from './decide-meeting.js';

function stored(
  overrides: {
    id?: string;
    seriesId?: string | null;
    status?: 'cancelled';
    calendarId?: string;
    iCalUid?: string | null;
  } = {},
) {
  return {
    id: overrides.id ?? 'evt-1',
    calendarId: overrides.calendarId ?? 'cal-1',
    connectionId: 'con-1',
    provider: 'ics',
    createdAt: '',
    updatedAt: '',
    event: {
      title: 'Acme demo',
      start: '2026-03-10T15:00:00.000Z',
      end: '2026-03-10T16:00:00.000Z',
      providerEventId: `pe-${overrides.id ?? 'evt-1'}`,
      iCalUid: overrides.iCalUid ?? null,
      originalStart: null,
      seriesId: overrides.seriesId ?? null,
      status: overrides.status ?? 'confirmed',
    },
  } as StoredEvent;
}

const analysis = (isSalesMeeting: boolean): MeetingAnalysis => ({
  id: 'evt-1',
  isSalesMeeting,
  confidence: isSalesMeeting ? 0.93 : 0.04,
  meetingType: isSalesMeeting ? 'demo' : null,
  typeConfidence: isSalesMeeting ? 0.8 : null,
  accountId: 'acc-1',
  accountAmbiguous: false,
  matchedLeadIds: [],
  matchedContactIds: [],
  externalDomains: ['acme.com'],
  reasons: ['1 external attendee from acme.com', 'looks like a demo meeting'],
  match: {
    participants: [],
    externals: [],
    externalDomains: [],
    accountId: 'acc-1',
    accountAmbiguous: false,
    accountCandidates: [],
  },
});

const feedback = (f: Partial<MeetingFeedback>): MeetingFeedback => ({
  id: 'f',
  orgId: 'o',
  userId: 'u',
  eventId: 'evt-1',
  meetingId: null,
  seriesId: null,
  meetingIdentity: null,
  verdict: 'confirm',
  meetingType: null,
  snapshot: null,
  createdAt: '',
  ...f,
});

describe('decideMeeting', () => {
  it("keeps the model's sales meetings and nothing else", () => {
    expect(decideMeeting(stored(), analysis(true), null, 'v1')).toMatchObject({
      isSalesMeeting: true,
      confidence: 0.93,
      meetingType: 'demo',
      source: 'model',
    });
    expect(decideMeeting(stored(), analysis(false), null, 'v1')).toBeNull();
  });

  it("a user's word wins: a rejection is kept as not a sale, a confirmation as certain with their type", () => {
    const rejected = decideMeeting(
      stored(),
      analysis(true),
      { verdict: 'reject', meetingType: null },
      'v1',
    );
    expect(rejected).toMatchObject({
      isSalesMeeting: false,
      confidence: 0,
      meetingType: null,
      source: 'feedback',
    });
    const corrected = decideMeeting(
      stored(),
      analysis(true),
      { verdict: 'confirm', meetingType: 'closing' },
      'v1',
    );
    expect(corrected).toMatchObject({
      isSalesMeeting: true,
      confidence: 1,
      meetingType: 'closing',
      typeConfidence: 1,
    });
    expect(corrected?.reasons).toEqual([
      'confirmed as a closing meeting by your team',
      '1 external attendee from acme.com',
    ]);
    const missed = decideMeeting(
      stored(),
      analysis(false),
      { verdict: 'confirm', meetingType: null },
      'v1',
    );
    expect(missed).toMatchObject({
      isSalesMeeting: true,
      meetingType: 'other',
      source: 'feedback',
    });
  });

  it('a type the team set drops the reasons that argue for another type, and keeps the rest', () => {
    const demo = {
      ...analysis(true),
      reasons: [
        'title mentions a demo or walkthrough',
        '1 external attendee from acme.com',
        'description mentions pricing, a proposal or a contract',
        'description mentions a demo or walkthrough',
        'looks like a demo meeting',
      ],
    };
    const asNegotiation = decideMeeting(
      stored(),
      demo,
      { verdict: 'confirm', meetingType: 'negotiation' },
      'v1',
    );
    expect(asNegotiation?.reasons).toEqual([
      'confirmed as a negotiation meeting by your team',
      '1 external attendee from acme.com',
      'description mentions pricing, a proposal or a contract',
    ]);
    // Confirmed without a type: the model's type stands, and so do its reasons.
    const asSale = decideMeeting(stored(), demo, { verdict: 'confirm', meetingType: null }, 'v1');
    expect(asSale?.reasons).toEqual(['confirmed as a sales meeting by your team', ...demo.reasons]);
  });

  it('a cancelled event is never a meeting, whatever anyone said', () => {
    const cancelled = stored({ status: 'cancelled' });
    expect(
      decideMeeting(cancelled, analysis(true), { verdict: 'confirm', meetingType: null }, 'v1'),
    ).toBeNull();
  });
});

describe('FeedbackVerdicts', () => {
  it('the last word counts, and a word on one instance of a series is about all of them', () => {
    const verdicts = new FeedbackVerdicts([
      feedback({ eventId: 'a', seriesId: 's', verdict: 'confirm' }),
      feedback({ eventId: 'b', seriesId: 's', verdict: 'reject' }),
      feedback({ eventId: 'single', verdict: 'confirm', meetingType: 'demo' }),
    ]);
    expect(verdicts.for(stored({ id: 'c', seriesId: 's' }))).toEqual({
      verdict: 'reject',
      meetingType: null,
    });
    expect(verdicts.for(stored({ id: 'single' }))).toEqual({
      verdict: 'confirm',
      meetingType: 'demo',
    });
    expect(verdicts.for(stored({ id: 'other' }))).toBeNull();
  });

  it('a withdrawn word leaves the model to decide, until a later word', () => {
    const verdicts = new FeedbackVerdicts([
      feedback({ eventId: 'a', seriesId: 's', verdict: 'reject' }),
      feedback({ eventId: 'b', seriesId: 's', verdict: 'withdraw' }),
      feedback({ eventId: 'single', verdict: 'confirm', meetingType: 'demo' }),
      feedback({ eventId: 'single', verdict: 'withdraw' }),
      feedback({ eventId: 'again', verdict: 'withdraw' }),
      feedback({ eventId: 'again', verdict: 'reject' }),
    ]);
    expect(verdicts.for(stored({ id: 'c', seriesId: 's' }))).toBeNull();
    expect(verdicts.for(stored({ id: 'single' }))).toBeNull();
    expect(verdicts.for(stored({ id: 'again' }))).toEqual({ verdict: 'reject', meetingType: null });
    // Withdrawn, the meeting is the model's again: not "rejected by your team".
    const draft = decideMeeting(
      stored({ id: 'single' }),
      analysis(true),
      verdicts.for(stored({ id: 'single' })),
      'v1',
    );
    expect(draft?.source).toBe('model');
  });

  it('a word on a single meeting is found by its identity: on a new row of its event, and on its copy on another calendar', () => {
    const verdicts = new FeedbackVerdicts([
      feedback({
        eventId: 'gone',
        meetingIdentity: meetingIdentity('cal-1', stored({ iCalUid: 'demo@x' }).event),
        verdict: 'reject',
      }),
      feedback({
        eventId: 'gone-too',
        meetingIdentity: meetingIdentity('cal-1', stored({ id: 'no-uid' }).event),
        verdict: 'confirm',
        meetingType: 'closing',
      }),
    ]);
    const reject = { verdict: 'reject', meetingType: null };
    expect(verdicts.for(stored({ id: 'new-row', iCalUid: 'demo@x' }))).toEqual(reject);
    expect(verdicts.for(stored({ calendarId: 'cal-2', iCalUid: 'demo@x' }))).toEqual(reject);
    // Without a UID, the calendar and the provider's id: the same event on the same calendar.
    expect(verdicts.for(stored({ id: 'no-uid' }))).toEqual({
      verdict: 'confirm',
      meetingType: 'closing',
    });
    expect(verdicts.for(stored({ id: 'no-uid', calendarId: 'cal-2' }))).toBeNull();
    // An instance of a series goes by its series: another UID's word is not about it.
    expect(verdicts.for(stored({ iCalUid: 'other@x', seriesId: 'other@x' }))).toBeNull();
  });

  it('a single meeting made recurring: every instance of the series with its UID takes its word, unless the series has a later one', () => {
    const single = meetingIdentity('cal-1', stored({ iCalUid: 'sync@x' }).event);
    const instance = (id: string, seriesId: string, iCalUid: string | null = 'sync@x') => {
      const s = stored({ id, seriesId, iCalUid, calendarId: 'cal-2' });
      return { ...s, event: { ...s.event, originalStart: `2026-03-1${id}T15:00:00.000Z` } };
    };
    const reject = { verdict: 'reject', meetingType: null };
    const rejected = new FeedbackVerdicts([
      feedback({ eventId: 'gone', meetingIdentity: single, verdict: 'reject' }),
    ]);
    // The first instance (the judged meeting's start) and the later ones, whatever the provider
    // calls the series (the UID on ICS and CalDAV, the master's id on Google).
    expect(rejected.for(instance('0', 'sync@x'))).toEqual(reject);
    expect(rejected.for(instance('7', 'sync@x'))).toEqual(reject);
    expect(rejected.for(instance('7', 'google-master'))).toEqual(reject);
    // Without a UID of its own an instance names no single meeting.
    expect(rejected.for(instance('7', 'sync@x', null))).toBeNull();
    expect(rejected.for(instance('7', 'sync@x', 'missing-uid-3'))).toBeNull();

    // The later word counts, whichever of the two it was given on.
    const seriesLater = new FeedbackVerdicts([
      feedback({ eventId: 'gone', meetingIdentity: single, verdict: 'reject' }),
      feedback({ eventId: 'i', seriesId: 'sync@x', verdict: 'confirm', meetingType: 'demo' }),
    ]);
    expect(seriesLater.for(instance('7', 'sync@x'))).toEqual({
      verdict: 'confirm',
      meetingType: 'demo',
    });
    const singleLater = new FeedbackVerdicts([
      feedback({ eventId: 'i', seriesId: 'sync@x', verdict: 'confirm', meetingType: 'demo' }),
      feedback({ eventId: 'gone', meetingIdentity: single, verdict: 'reject' }),
    ]);
    expect(singleLater.for(instance('7', 'sync@x'))).toEqual(reject);
  });

  it("a word on a series reaches its instances on the user's other calendars, whatever each provider calls the series", () => {
    const instance = (
      seriesId: string,
      iCalUid: string | null,
      calendarId: string,
      originalStart = '2026-03-18T14:00:00.000Z',
    ) => {
      const s = stored({ id: `${calendarId}-${originalStart}`, seriesId, iCalUid, calendarId });
      return { ...s, event: { ...s.event, originalStart } };
    };
    const google = instance('abc123', 'weekly@x', 'google', '2026-03-11T14:00:00.000Z');
    const onGoogle = (f: Partial<MeetingFeedback>) =>
      feedback({
        eventId: google.id,
        seriesId: 'abc123',
        meetingIdentity: meetingIdentity('google', google.event),
        ...f,
      });
    const reject = { verdict: 'reject', meetingType: null };
    const rejected = new FeedbackVerdicts([onGoogle({ verdict: 'reject' })]);
    // ICS and CalDAV name the series by its UID; Outlook by a master id of each mailbox.
    expect(rejected.for(instance('weekly@x', 'weekly@x', 'ics'))).toEqual(reject);
    expect(rejected.for(instance('AAMk-master', 'weekly@x', 'outlook'))).toEqual(reject);
    expect(rejected.for(instance('abc123', 'weekly@x', 'google'))).toEqual(reject);
    // Another series, or an instance without a UID of its own, is another matter.
    expect(rejected.for(instance('other@x', 'other@x', 'ics'))).toBeNull();
    expect(rejected.for(instance('AAMk-master', null, 'outlook'))).toBeNull();
    // A single meeting is not an instance of the series.
    expect(rejected.for(stored({ iCalUid: 'weekly@x' }))).toBeNull();

    // The last word counts, on whichever calendar it was given.
    const ics = instance('weekly@x', 'weekly@x', 'ics');
    const onIcs = feedback({
      eventId: ics.id,
      seriesId: 'weekly@x',
      meetingIdentity: meetingIdentity('ics', ics.event),
      verdict: 'confirm',
      meetingType: 'demo',
    });
    const confirmedLater = new FeedbackVerdicts([onGoogle({ verdict: 'reject' }), onIcs]);
    expect(confirmedLater.for(instance('abc123', 'weekly@x', 'google'))).toEqual({
      verdict: 'confirm',
      meetingType: 'demo',
    });
    const rejectedLater = new FeedbackVerdicts([onIcs, onGoogle({ verdict: 'reject' })]);
    expect(rejectedLater.for(instance('weekly@x', 'weekly@x', 'ics'))).toEqual(reject);
    // Feedback kept without an identity is found by its series id only.
    const old = new FeedbackVerdicts([onGoogle({ verdict: 'reject', meetingIdentity: null })]);
    expect(old.for(instance('abc123', 'weekly@x', 'google'))).toEqual(reject);
    expect(old.for(instance('weekly@x', 'weekly@x', 'ics'))).toBeNull();
  });
});
