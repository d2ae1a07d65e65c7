/**
 * A detection run reads its users' feedback when it starts and writes its meetings seconds (on a
 * large calendar, minutes) later. A verdict given in between was applied at once by the feedback
 * service; the run must not write its older answer over it. So each batch is settled when it is
 * written, inside the transaction that writes it, under the feedback as it stands then: every
 * decision whose verdict changed since the run read it is made again under the new one.
 */
import type { MeetingDraft, MeetingFeedback, StoredEvent } from '../../store/store.js';
import { FeedbackVerdicts, type Verdict } from './decide-meeting.js';

/** What a run decided about one event it will write: a meeting, or none (its meeting goes). */
export interface Decision {
  stored: StoredEvent;
  /** The verdict the run read when it started (null: the model decides). */
  verdict: Verdict | null;
  draft: MeetingDraft | null;
  /** The event decided again under another verdict, from what the run read about it. */
  under(verdict: Verdict | null): MeetingDraft | null;
}

export interface SettledBatch {
  drafts: MeetingDraft[];
  /** Event ids whose meeting goes (none, or a row that is not there, is no harm). */
  removals: string[];
}

/** The batch as the latest word of each event's feedback (oldest first in `feedback`) has it. */
export function settleUnderFeedback(
  decisions: readonly Decision[],
  feedback: readonly MeetingFeedback[],
): SettledBatch {
  const now = new FeedbackVerdicts(feedback);
  const settled: SettledBatch = { drafts: [], removals: [] };
  for (const decision of decisions) {
    const verdict = now.for(decision.stored);
    const draft = sameVerdict(verdict, decision.verdict) ? decision.draft : decision.under(verdict);
    if (draft) settled.drafts.push(draft);
    else settled.removals.push(decision.stored.id);
  }
  return settled;
}

function sameVerdict(a: Verdict | null, b: Verdict | null): boolean {
  return a?.verdict === b?.verdict && a?.meetingType === b?.meetingType;
}
