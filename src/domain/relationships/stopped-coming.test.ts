import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildMeetings, meetingShape } from '../../../test/support/relationship-arbitraries.js';
import { ANA, external, JANE, meeting, utc } from '../../../test/support/relationship-meetings.js';
import { AddressBook } from './address-book.js';
import type { InternalPerson, RelationshipMeeting } from './model.js';
import { summariseSeries } from './series-summary.js';
import { whoStoppedComing } from './stopped-coming.js';
import { tookPlace } from './timeline.js';

const SAM = external('Sam@acme.com');
const declined = <T extends { responseStatus: unknown }>(person: T): T => ({
  ...person,
  responseStatus: 'declined',
});
const LEO: InternalPerson = { email: 'leo@northwind.io', responseStatus: 'accepted' };

/** Weekly held instances from 5 January 2026 with the given people. */
function weekly(
  people: { external: RelationshipMeeting['externalPeople']; internal?: InternalPerson[] }[],
): RelationshipMeeting[] {
  return people.map((p, i) =>
    meeting(`w${i}`, utc('2026-01-05T15:00:00Z') + i * 7 * 86_400_000, {
      externalPeople: p.external,
      internalPeople: p.internal ?? [ANA],
    }),
  );
}

describe('who stopped coming to a series', () => {
  it('is who attended twice or more, then none of the last two held instances, external first', () => {
    const held = weekly([
      { external: [JANE, SAM], internal: [ANA, LEO] },
      { external: [JANE, SAM], internal: [ANA, LEO] },
      { external: [JANE, declined(SAM)], internal: [ANA] },
      { external: [JANE], internal: [ANA, declined(LEO)] },
    ]);
    expect(whoStoppedComing(held, new AddressBook())).toEqual(['sam@acme.com', 'leo@northwind.io']);
  });

  it('is nobody with fewer than four held instances, or for who came to one of the last two', () => {
    const three = weekly([{ external: [SAM] }, { external: [SAM] }, { external: [JANE] }]);
    expect(whoStoppedComing(three, new AddressBook())).toEqual([]);
    const back = weekly([
      { external: [SAM] },
      { external: [SAM] },
      { external: [] },
      { external: [SAM] },
    ]);
    expect(whoStoppedComing(back, new AddressBook())).toEqual([]);
  });

  it("equals the full series summary's answer, whatever came before in the same address book", () => {
    const book = new AddressBook();
    fc.assert(
      fc.property(fc.array(meetingShape, { minLength: 0, maxLength: 30 }), (shapes) => {
        // Started and not cancelled; held, or declined by every external person.
        const started = buildMeetings(shapes)
          .filter((m) => m.status !== 'cancelled')
          .sort((a, b) => a.start - b.start);
        const full = summariseSeries('implicit', 's', started, Number.POSITIVE_INFINITY, book);
        expect(full.held).toBe(started.filter(tookPlace).length);
        expect(whoStoppedComing(started, book)).toEqual(full.stoppedComing);
      }),
      { numRuns: 300 },
    );
  });
});
