/**
 * The local time of day of an offline line without a zone comes from the offset its start was
 * written with (contract: timeZone is optional), so that a line with and without its zone is
 * analysed alike.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MeetingAnalyser, type MeetingModels } from '../detection/analyse.js';
import { extractFeatures } from '../detection/features.js';
import { matchMeeting } from '../matching/match-meeting.js';
import { parseEventLine } from './event-line.js';
import { writtenOffsetMinutes } from './line-times.js';

const MODELS = JSON.parse(
  readFileSync(join(import.meta.dirname, '../../../models/meeting-models.json'), 'utf8'),
) as MeetingModels;

const ORG = {
  internalDomains: ['acme.com'],
  accounts: [{ id: 'acc-contoso', name: 'Contoso Ltd', domains: ['contoso.com'] }],
  contacts: [
    { id: 'con-1', email: 'pat.kim@contoso.com', name: 'Pat Kim', accountId: 'acc-contoso' },
  ],
};

const TOKYO_MORNING = {
  id: 't',
  title: 'Contoso sync',
  start: '2026-03-04T10:00:00+09:00',
  end: '2026-03-04T10:30:00+09:00',
  attendees: [{ email: 'ana@acme.com' }, { email: 'pat.kim@contoso.com' }],
  calendarOwner: 'ana@acme.com',
};

const inputOf = (fields: Record<string, unknown>) => parseEventLine(JSON.stringify(fields)).input;

function namedFeatures(fields: Record<string, unknown>): Map<string, number> {
  const analyser = new MeetingAnalyser(ORG, MODELS);
  const input = inputOf(fields);
  return extractFeatures(input, matchMeeting(input, analyser.index), analyser.index).named;
}

describe('the local time of a line without a zone', () => {
  it('is read from the offset of its start', () => {
    expect(writtenOffsetMinutes('2026-03-04T10:00:00+09:00')).toBe(540);
    expect(writtenOffsetMinutes('2026-03-04T15:30:00-05:00')).toBe(-300);
    expect(writtenOffsetMinutes('2026-03-04T15:30:00+0530')).toBe(330);
    expect(writtenOffsetMinutes('2026-03-04T15:30:00+00:00')).toBe(0);
    // Z and -00:00 (RFC 3339: offset unknown) say nothing of the writer's clock: UTC then.
    expect(writtenOffsetMinutes('2026-03-04T15:30:00Z')).toBeNull();
    expect(writtenOffsetMinutes('2026-03-04T15:30:00-00:00')).toBeNull();
    expect(writtenOffsetMinutes('2026-03-04')).toBeNull();
  });

  it('gives a morning meeting in Tokyo the same analysis with or without its zone', () => {
    const analyser = new MeetingAnalyser(ORG, MODELS);
    const zoned = analyser.analyse(inputOf({ ...TOKYO_MORNING, timeZone: 'Asia/Tokyo' }));
    const bare = analyser.analyse(inputOf(TOKYO_MORNING));
    const { match: _zonedMatch, ...zonedResult } = zoned;
    const { match: _bareMatch, ...bareResult } = bare;
    expect(bareResult).toEqual(zonedResult);
    expect(bare.reasons).not.toContain('outside business hours');
  });

  it('does not call an afternoon meeting written at -05:00 outside business hours', () => {
    const internal = {
      id: 'i',
      title: 'Internal 1:1',
      start: '2026-03-04T15:30:00-05:00',
      end: '2026-03-04T16:00:00-05:00',
      attendees: [{ email: 'ana@acme.com' }, { email: 'ben@acme.com' }],
      calendarOwner: 'ana@acme.com',
    };
    expect(namedFeatures(internal).has('early_or_late')).toBe(false);
    expect(new MeetingAnalyser(ORG, MODELS).analyse(inputOf(internal)).reasons).not.toContain(
      'outside business hours',
    );
  });

  it('is UTC when the start is written in Z', () => {
    const utcEvening = {
      ...TOKYO_MORNING,
      start: '2026-03-04T20:00:00Z',
      end: '2026-03-04T20:30:00Z',
    };
    expect(namedFeatures(utcEvening).get('early_or_late')).toBe(1);
    expect(namedFeatures(TOKYO_MORNING).has('early_or_late')).toBe(false);
  });
});
