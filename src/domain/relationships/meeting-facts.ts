/**
 * What the stage rules read of each held sales meeting (stage.ts StageFacts), as columns: the
 * full analysis fills new ones of the exact size, the summary (summary-basis.ts) ones it reuses
 * from account to account; both through MeetingFactsBuilder, so that the two cannot disagree.
 */

export interface MeetingFacts {
  /** Starts of the held sales meetings, ascending. */
  starts: Float64Array;
  /** Prefix sums of each meeting's share of external invitations declined. */
  declineSums: Float64Array;
  /** Per meeting: the highest seniority rank among external people who did not decline. */
  attendeeRanks: Float64Array;
}

/** Columns for `count` held meetings (declineSums has one more). */
export function newMeetingFacts(count: number): MeetingFacts {
  return {
    starts: new Float64Array(count),
    declineSums: new Float64Array(count + 1),
    attendeeRanks: new Float64Array(count),
  };
}

/**
 * MeetingFacts filled one held meeting at a time, in order, into columns large enough for them.
 */
export class MeetingFactsBuilder {
  private count = 0;
  private declineSum = 0;

  constructor(private readonly columns: MeetingFacts) {
    columns.declineSums[0] = 0;
  }

  /** A meeting: its start, external invitations declined of those sent, top attendee rank. */
  add(start: number, declined: number, invited: number, rank: number): void {
    this.declineSum += invited > 0 ? declined / invited : 0;
    const i = this.count++;
    this.columns.starts[i] = start;
    this.columns.declineSums[i + 1] = this.declineSum;
    this.columns.attendeeRanks[i] = rank;
  }

  /** The columns of the meetings added, exactly as long as they are. */
  done(): MeetingFacts {
    const { starts, declineSums, attendeeRanks } = this.columns;
    const n = this.count;
    return {
      starts: starts.length === n ? starts : starts.subarray(0, n),
      declineSums: declineSums.length === n + 1 ? declineSums : declineSums.subarray(0, n + 1),
      attendeeRanks: attendeeRanks.length === n ? attendeeRanks : attendeeRanks.subarray(0, n),
    };
  }
}
