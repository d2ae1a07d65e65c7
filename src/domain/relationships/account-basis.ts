/**
 * What the full analysis of an account and its summary both work out from its meetings, in one
 * place so that the two cannot disagree: the meetings in order, the stakeholders, the stage
 * facts, and the fields the two share.
 */
import { AddressBook } from './address-book.js';
import { DAY_MS } from './definitions.js';
import type { AccountSummary, RelationshipMeeting } from './model.js';
import { stageFacts, type StageFacts, type StageVerdict } from './stage.js';
import { reason, reasonTexts, wordsOnly, type Reason } from './reason-parts.js';
import { collectStakeholders, newStakeholdersAt, type StakeholderFacts } from './stakeholders.js';
import { round1 } from './statistics.js';
import { firstBooked, orderMeetings, type OrderedMeetings } from './timeline.js';
import { cadenceTrend, durationTrend } from './trends.js';
import { text } from './text.js';

export interface AccountBasis {
  ordered: OrderedMeetings;
  /** The account's addresses, shared by the stakeholders and the series. */
  book: AddressBook;
  people: StakeholderFacts;
  facts: StageFacts;
}

/** The basis of an account as of `now`, from meetings that are all its own. */
export function accountBasis(own: readonly RelationshipMeeting[], now: number): AccountBasis {
  const ordered = orderMeetings(own, now);
  const book = new AddressBook();
  // Declines count for the stakeholders and the stage rules: they read every past meeting.
  const people = collectStakeholders(ordered.past, book);
  const facts = stageFacts(ordered.past, people, firstBooked(ordered.upcoming));
  return { ordered, book, people, facts };
}

/** The fields of AccountSummary that the full analysis has the same way. */
export type Headline = Pick<
  AccountSummary,
  | 'name'
  | 'meetings'
  | 'upcomingMeetings'
  | 'firstMeeting'
  | 'lastMeeting'
  | 'nextMeeting'
  | 'cadenceDays'
  | 'cadenceTrend'
  | 'durationTrend'
  | 'newStakeholdersLast90Days'
>;

/** What headline and stageOrNotYetHeld read: the full analysis' basis, or the summary's. */
export type HeadlineBasis = Pick<AccountBasis, 'ordered' | 'facts'>;

export function headline(basis: HeadlineBasis, now: number): Headline {
  const { held, upcoming, all } = basis.ordered;
  const { cadences, points } = basis.facts;
  const cadence = cadences.cadence(points.length - 1);
  return {
    name: latestName(all),
    meetings: held.length,
    upcomingMeetings: upcoming.length,
    firstMeeting: held[0]?.start ?? null,
    lastMeeting: held[held.length - 1]?.start ?? null,
    nextMeeting: upcoming[0]?.start ?? null,
    cadenceDays: cadence === null ? null : round1(cadence / DAY_MS),
    cadenceTrend: cadenceTrend(points),
    durationTrend: durationTrend(held),
    newStakeholdersLast90Days: newStakeholdersAt(basis.facts.people, now),
  };
}

/** The stage the rules gave (null: no held meeting yet), else `new` with why. */
export function stageOrNotYetHeld(
  verdict: StageVerdict | null,
  basis: HeadlineBasis,
): StageVerdict {
  if (verdict) return verdict;
  const next = basis.ordered.upcoming[0]?.start ?? null;
  const declined = basis.ordered.past.length;
  const why: Reason =
    declined > 0
      ? wordsOnly(
          text`no sales meeting held yet: every external person declined the ${declined} so far`,
        )
      : next === null
        ? wordsOnly('no sales meeting with this account')
        : reason`no sales meeting held yet; the first is on ${{ date: next }}`;
  // No part counts days, so the instant they would be counted to does not matter.
  return { stage: 'new', reasons: reasonTexts([why], Number.NaN), reasonParts: [why] };
}

/** The most recent account name given (CRM names change; the latest wins). */
function latestName(all: readonly RelationshipMeeting[]): string | null {
  for (let i = all.length - 1; i >= 0; i--) {
    const name = all[i]?.accountName;
    if (name) return name;
  }
  return null;
}
