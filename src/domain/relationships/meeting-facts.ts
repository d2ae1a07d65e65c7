/**
 * What the stage rules read of each held sales meeting (stage.ts StageFacts), as columns: the
 * full analysis fills new ones of the exact size, the summary (summary-basis.ts) ones it reuses
 * from account to account; both through MeetingFactsBuilder, so that the two cannot disagree.
 */

export interface MeetingFacts {
  /** Starts of the held sales meetings (timeline.ts tookPlace), ascending. */
  starts: Float64Array;
  /** Per held meeting: the highest seniority rank among external people who did not decline. */
  attendeeRanks: Float64Array;
  /** Starts of the past sales meetings, held or declined by every external person, ascending. */
  pastStarts: Float64Array;
  /** Prefix sums of each past meeting's share of external invitations declined. */
  declineSums: Float64Array;
}

/** Columns for `count` past meetings (declineSums has one more). */
export function newMeetingFacts(count: number): MeetingFacts {
  return {
    starts: new Float64Array(count),
    attendeeRanks: new Float64Array(count),
    pastStarts: new Float64Array(count),
    declineSums: new Float64Array(count + 1),
  };
}

/**
 * MeetingFacts filled one held meeting at a time, in order, into columns large enough for them.
 */
export class MeetingFactsBuilder {
  private count = 0;
  private pastCount = 0;
  private declineSum = 0;

  constructor(private readonly columns: MeetingFacts) {
    columns.declineSums[0] = 0;
  }

  /**
   * A past meeting: its start, external invitations declined of those sent, top attendee rank.
   * Declined by every external person invited, it was not held (timeline.ts tookPlace): only its
   * declines are kept.
   */
  add(start: number, declined: number, invited: number, rank: number): void {
    this.declineSum += invited > 0 ? declined / invited : 0;
    const p = this.pastCount++;
    this.columns.pastStarts[p] = start;
    this.columns.declineSums[p + 1] = this.declineSum;
    if (invited > 0 && declined === invited) return;
    const i = this.count++;
    this.columns.starts[i] = start;
    this.columns.attendeeRanks[i] = rank;
  }

  /** The columns of the meetings added, exactly as long as they are. */
  done(): MeetingFacts {
    const { starts, attendeeRanks, pastStarts, declineSums } = this.columns;
    const n = this.count;
    const p = this.pastCount;
    return {
      starts: starts.length === n ? starts : starts.subarray(0, n),
      attendeeRanks: attendeeRanks.length === n ? attendeeRanks : attendeeRanks.subarray(0, n),
      pastStarts: pastStarts.length === p ? pastStarts : pastStarts.subarray(0, p),
      declineSums: declineSums.length === p + 1 ? declineSums : declineSums.subarray(0, p + 1),
    };
  }
}
