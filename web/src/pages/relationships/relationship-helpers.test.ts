import { describe, expect, it } from 'vitest';
import { accountPath } from './account-path';
import { bucketByMonth, typesPresent } from './chart-buckets';
import { cadenceText, trendWord } from './relationship-labels';
import {
  isNewStakeholder,
  readSeries,
  readStakeholders,
  readTimeline,
} from './relationship-records';

describe('bucketByMonth', () => {
  it('counts meetings per month and type, quiet months included', () => {
    const buckets = bucketByMonth(
      [
        { start: '2026-01-05T10:00:00Z', meetingType: 'discovery' },
        { start: '2026-01-20T10:00:00Z', meetingType: 'demo' },
        { start: '2026-03-02T10:00:00Z', meetingType: 'demo' },
        { start: '2026-03-03T10:00:00Z', meetingType: null },
      ],
      'UTC',
    );
    expect(buckets.map((b) => [b.month, b.discovery, b.demo, b.other, b.total])).toEqual([
      ['2026-01', 1, 1, 0, 2],
      ['2026-02', 0, 0, 0, 0],
      ['2026-03', 0, 1, 1, 2],
    ]);
    expect(typesPresent(buckets)).toEqual(['discovery', 'demo', 'other']);
  });

  it('puts a meeting in the month of the user zone and crosses years', () => {
    const buckets = bucketByMonth(
      [
        { start: '2025-12-31T23:30:00Z', meetingType: 'closing' }, // January in Berlin
        { start: '2025-11-15T10:00:00Z', meetingType: 'closing' },
      ],
      'Europe/Berlin',
    );
    expect(buckets.map((b) => [b.month, b.closing])).toEqual([
      ['2025-11', 1],
      ['2025-12', 0],
      ['2026-01', 1],
    ]);
  });

  it('is empty without meetings', () => {
    expect(bucketByMonth([], 'UTC')).toEqual([]);
  });
});

describe('relationship records', () => {
  it('reads timeline entries, in order, skipping ones without a start', () => {
    const timeline = readTimeline([
      {
        id: 'b',
        start: '2026-02-01T10:00:00Z',
        title: 'Demo',
        meetingType: 'demo',
        upcoming: true,
      },
      { id: 'x', title: 'broken' },
      {
        id: 'a',
        start: '2026-01-01T10:00:00Z',
        meetingType: 'party',
        externalPeople: [{ email: 'jo@acme.com', name: 'Jo' }, { name: 'no email' }],
        internalPeople: [{ email: 'dana@northwind.io', responseStatus: 'accepted' }],
      },
    ]);
    expect(timeline.map((t) => t.id)).toEqual(['a', 'b']);
    expect(timeline[0]).toMatchObject({
      title: '(no title)',
      meetingType: null,
      upcoming: false,
      externalPeople: [{ email: 'jo@acme.com', name: 'Jo' }],
      internalPeople: [{ email: 'dana@northwind.io', name: null }],
    });
    expect(timeline[1]?.upcoming).toBe(true);
  });

  it('reads stakeholders and series with unknown fields left empty', () => {
    expect(
      readStakeholders([
        { email: 'jo@acme.com', seniority: 'vp', departments: ['finance', 3], meetings: 4 },
        { name: 'nobody' },
      ]),
    ).toEqual([
      {
        email: 'jo@acme.com',
        name: null,
        title: null,
        seniority: 'vp',
        departments: ['finance'],
        firstSeen: null,
        lastSeen: null,
        meetings: 4,
      },
    ]);
    const [series] = readSeries([
      { seriesId: 's1', title: 'Weekly', held: 5, durationDrift: { trend: 'shrinking' } },
    ]);
    expect(series).toMatchObject({
      id: 's1',
      held: 5,
      durationTrend: 'shrinking',
      cadenceDays: null,
    });
  });

  it('calls a stakeholder new when first seen within 90 days of the analysis', () => {
    expect(isNewStakeholder('2026-01-15T00:00:00Z', '2026-03-01T00:00:00Z')).toBe(true);
    expect(isNewStakeholder('2025-10-01T00:00:00Z', '2026-03-01T00:00:00Z')).toBe(false);
    expect(isNewStakeholder(null, '2026-03-01T00:00:00Z')).toBe(false);
  });
});

describe('relationship labels', () => {
  it('encodes the account key into the path', () => {
    expect(accountPath('domain:acme.com')).toBe('/relationships/domain%3Aacme.com');
    expect(accountPath('jo@gmail.com')).toBe('/relationships/jo%40gmail.com');
  });

  it('writes the cadence in days', () => {
    expect(cadenceText(13.6)).toBe('About every 14 days');
    expect(cadenceText(null)).toBe('No regular interval yet');
  });

  it('names an unknown trend as the account page does, in short', () => {
    expect(trendWord('unknown')).toBe('Too few meetings');
    expect(trendWord('accelerating')).toBe('Accelerating');
  });
});
