import { describe, expect, it } from 'vitest';
import { DAY, meeting, utc } from '../../../test/support/relationship-meetings.js';
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
