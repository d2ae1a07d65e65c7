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
  /**
   * Prefix sums over the past meetings of the external invitations declined, and of those sent:
   * entry k counts the first k meetings, so that the share declined over any run of meetings is
   * the invitations declined over those sent, all counted together.
   */
  declineSums: Float64Array;
  invitationSums: Float64Array;
}

/** Columns for `count` past meetings (declineSums and invitationSums have one more). */
export function newMeetingFacts(count: number): MeetingFacts {
  return {
    starts: new Float64Array(count),
    attendeeRanks: new Float64Array(count),
    pastStarts: new Float64Array(count),
    declineSums: new Float64Array(count + 1),
    invitationSums: new Float64Array(count + 1),
  };
}

/**
 * MeetingFacts filled one held meeting at a time, in order, into columns large enough for them.
 */
export class MeetingFactsBuilder {
  private count = 0;
  private pastCount = 0;
  private declineSum = 0;
  private invitationSum = 0;

  constructor(private readonly columns: MeetingFacts) {
    columns.declineSums[0] = 0;
    columns.invitationSums[0] = 0;
  }

  /**
   * A past meeting: its start, external invitations declined of those sent, top attendee rank.
   * Declined by every external person invited, it was not held (timeline.ts tookPlace): only its
   * declines are kept.
   */
  add(start: number, declined: number, invited: number, rank: number): void {
    this.declineSum += declined;
    this.invitationSum += invited;
    const p = this.pastCount++;
    this.columns.pastStarts[p] = start;
    this.columns.declineSums[p + 1] = this.declineSum;
    this.columns.invitationSums[p + 1] = this.invitationSum;
    if (invited > 0 && declined === invited) return;
    const i = this.count++;
    this.columns.starts[i] = start;
    this.columns.attendeeRanks[i] = rank;
  }

  /** The columns of the meetings added, exactly as long as they are. */
  done(): MeetingFacts {
    const { starts, attendeeRanks, pastStarts, declineSums, invitationSums } = this.columns;
    const n = this.count;
    const p = this.pastCount;
    return {
      starts: starts.length === n ? starts : starts.subarray(0, n),
      attendeeRanks: attendeeRanks.length === n ? attendeeRanks : attendeeRanks.subarray(0, n),
      pastStarts: pastStarts.length === p ? pastStarts : pastStarts.subarray(0, p),
      declineSums: declineSums.length === p + 1 ? declineSums : declineSums.subarray(0, p + 1),
      invitationSums:
        invitationSums.length === p + 1 ? invitationSums : invitationSums.subarray(0, p + 1),
    };
  }
}
