/**
 * What collectStakeholders (stakeholders.ts) counts per person of one account, as columns
 * indexed by the person's address-book index, for the summary (summary-basis.ts): whether and
 * when they joined, and their last title; and, to save looking titles up, the rank of the title
 * last ranked. The columns are reused from account to account (cleared for the people the
 * account had), so that an account allocates nothing per person, and they are plain fields so
 * that the summary's loop over attendees reads them without a call.
 */

export const NOT_INVITED = 0;
/** Invited to a held meeting, declined every time so far: not a stakeholder (yet). */
export const DECLINED_SO_FAR = 1;
export const JOINED = 2;

export class ParticipantColumns {
  state = new Uint8Array(64);
  firstSeen = new Float64Array(64);
  titles: (string | null)[] = [];
  /** The title whose titleRank `ranks` holds, per person. */
  rankedTitles: (string | null)[] = [];
  ranks = new Uint8Array(64);
  /** People in the order first invited (the order collectStakeholders indexes them in). */
  readonly order: number[] = [];

  /** Makes room for people 0..count-1. */
  reserve(count: number): void {
    if (count <= this.state.length) return;
    const size = Math.max(count, 2 * this.state.length);
    this.state = grown(this.state, new Uint8Array(size));
    this.firstSeen = grown(this.firstSeen, new Float64Array(size));
    this.ranks = grown(this.ranks, new Uint8Array(size));
  }

  /**
   * The people who joined, by when they joined, then by email: collectStakeholders' order,
   * sorted from the same starting order, so that even firstSeen values that are not numbers
   * (where the comparison is not a total order) give the same order.
   */
  inJoinOrder(emailOf: (person: number) => string): number[] {
    const joined = this.order.filter((person) => this.state[person] === JOINED);
    return joined.sort(
      (a, b) =>
        (this.firstSeen[a] as number) - (this.firstSeen[b] as number) ||
        (emailOf(a) < emailOf(b) ? -1 : 1),
    );
  }

  /** Forgets the people 0..count-1 (one account's), for the next account. */
  clear(count: number): void {
    const n = Math.min(count, this.state.length);
    this.state.fill(NOT_INVITED, 0, n);
    for (let person = 0; person < n && person < this.titles.length; person++)
      this.titles[person] = null;
    // A remembered rank stays right for its title (titleRank depends on the title alone): this
    // only keeps the memory of one account's titles from outliving it.
    for (let person = 0; person < n && person < this.rankedTitles.length; person++)
      this.rankedTitles[person] = null;
    this.order.length = 0;
  }
}

function grown<T extends Uint8Array | Float64Array>(from: T, to: T): T {
  to.set(from);
  return to;
}
