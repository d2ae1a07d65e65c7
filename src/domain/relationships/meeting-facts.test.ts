import { describe, expect, it } from 'vitest';
import { MeetingFactsBuilder, newMeetingFacts } from './meeting-facts.js';

describe('meeting facts', () => {
  it('keep starts and top ranks per held meeting, and prefix sums of invitations declined and sent', () => {
    const builder = new MeetingFactsBuilder(newMeetingFacts(3));
    builder.add(10, 1, 4, 2);
    builder.add(20, 0, 0, 5);
    // Declined by both external people invited: not held, its declines still count.
    builder.add(30, 2, 2, 0);
    const facts = builder.done();
    expect([...facts.starts]).toEqual([10, 20]);
    expect([...facts.attendeeRanks]).toEqual([2, 5]);
    expect([...facts.pastStarts]).toEqual([10, 20, 30]);
    expect([...facts.declineSums]).toEqual([0, 1, 1, 3]);
    expect([...facts.invitationSums]).toEqual([0, 4, 4, 6]);
  });

  it('are exactly as long as the meetings added in larger, reused columns', () => {
    const columns = newMeetingFacts(8);
    columns.declineSums.fill(7);
    columns.invitationSums.fill(7);
    const builder = new MeetingFactsBuilder(columns);
    builder.add(10, 0, 1, 3);
    const facts = builder.done();
    expect(facts.starts).toHaveLength(1);
    expect([...facts.declineSums]).toEqual([0, 0]);
    expect([...facts.invitationSums]).toEqual([0, 1]);
    expect(new MeetingFactsBuilder(newMeetingFacts(0)).done().starts).toHaveLength(0);
  });
});
