import { describe, expect, it } from 'vitest';
import { DAY, every, meeting, utc } from '../../../test/support/relationship-meetings.js';
import { analyseAccount } from './analyse.js';
import { DORMANT_DAYS } from './definitions.js';
import { reasonTexts } from './reason-parts.js';

const FIRST = utc('2026-01-05T15:00:00Z');

describe('stage reasons counted after their stage was computed', () => {
  it('a quiet at_risk reason counts no further than the day before dormant', () => {
    const one = [meeting('m0', FIRST)];
    // Computed a day before dormant; read two days later, when the stage would be dormant.
    const computed = analyseAccount('acc-1', one, FIRST + (DORMANT_DAYS - 1) * DAY);
    expect(computed.stage).toBe('at_risk');
    const readLater = reasonTexts(computed.stageReasonParts, FIRST + (DORMANT_DAYS + 1) * DAY);
    expect(readLater).toEqual([
      `one sales meeting, ${DORMANT_DAYS - 1} days ago (2026-01-05), none since and none booked`,
    ]);
    expect(reasonTexts(computed.stageReasonParts, FIRST + (DORMANT_DAYS - 1) * DAY)).toEqual(
      computed.stageReasons,
    );
  });
});

describe('a lapse in the stage history, read after it ended', () => {
  // Weekly from 5 January to 2 March: the cadence is broken (more than 14 days) from 16 March;
  // they meet again on 4 May, before dormant (90 days after 2 March).
  const weekly = every(7, 9, '2026-01-05T15:00:00Z');
  const lastBefore = utc('2026-03-02T15:00:00Z');
  const metAgain = utc('2026-05-04T15:00:00Z');
  const now = utc('2026-11-02T12:00:00Z');

  it('counts a broken cadence to when it ended, not to the reader’s now', () => {
    const result = analyseAccount('acc-1', [...weekly, meeting('may', metAgain)], now);
    const index = result.stageHistory.findIndex((change) => change.stage === 'at_risk');
    const atRisk = result.stageHistory[index];
    expect(atRisk?.since).toBe(lastBefore + 14 * DAY + 1);
    expect(result.stageHistory[index + 1]?.since).toBe(metAgain);
    const parts = atRisk?.reasonParts ?? [];
    // As of its date, as the English reasons say; read in November, up to 4 May, not to now.
    expect(reasonTexts(parts, atRisk?.since ?? 0)).toEqual(atRisk?.reasons);
    expect(reasonTexts(parts, now)).toEqual([
      'no sales meeting for 62 days, more than 2 times the usual 7-day interval',
    ]);
  });

  it('counts a broken cadence no further than the day before dormant', () => {
    const computed = analyseAccount('acc-1', weekly, lastBefore + 60 * DAY);
    expect(computed.stage).toBe('at_risk');
    const readLater = reasonTexts(computed.stageReasonParts, lastBefore + 200 * DAY);
    expect(readLater).toEqual([
      `no sales meeting for ${DORMANT_DAYS - 1} days, more than 2 times the usual 7-day interval`,
    ]);
  });

  it('counts a quiet spell to the meeting that ended it', () => {
    const result = analyseAccount(
      'acc-1',
      [meeting('m0', FIRST), meeting('m1', FIRST + 50 * DAY)],
      now,
    );
    const atRisk = result.stageHistory.find((change) => change.stage === 'at_risk');
    expect(reasonTexts(atRisk?.reasonParts ?? [], now)).toEqual([
      'one sales meeting, 49 days ago (2026-01-05), none since',
    ]);
  });
});
