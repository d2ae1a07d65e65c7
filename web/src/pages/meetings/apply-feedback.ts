import type { Feedback, Meeting } from '../../api/meetings';
import { meetingTypeLabel } from '../../lib/labels';

/** Whether a verdict on `b` is one on `a` too: the same meeting, or its recurring series. */
export function sameSeries(a: Meeting, b: Meeting): boolean {
  return a.id === b.id || (a.seriesId !== null && a.seriesId === b.seriesId);
}

/**
 * The list as it will be once the server has applied the verdict: to the meeting and, as the
 * server does, to the other meetings of its series. A rejected meeting is no longer listed; a
 * confirmed one has confidence 1 and the type given.
 */
export function applyFeedback(
  items: readonly Meeting[],
  target: Meeting,
  feedback: Feedback,
): Meeting[] {
  if (feedback.verdict === 'reject') return items.filter((m) => !sameSeries(m, target));
  // The model's word stands again: the meetings put back carry it as they were listed.
  if (feedback.verdict === 'withdraw') return [...items];
  return items.map((m) =>
    sameSeries(m, target)
      ? {
          ...m,
          isSalesMeeting: true,
          confidence: 1,
          source: 'feedback',
          ...(feedback.meetingType ? { meetingType: feedback.meetingType, typeConfidence: 1 } : {}),
        }
      : m,
  );
}

/**
 * What the status line says once the server saved it. A type is named by its label, as the
 * select shows it ("marked Other", never "a other meeting").
 */
export function feedbackMessage(title: string, feedback: Feedback, propagatedTo: number): string {
  const what =
    feedback.verdict === 'reject'
      ? `“${title}” is marked as not a sales meeting`
      : feedback.verdict === 'withdraw'
        ? `“${title}” is back as calintel found it`
        : feedback.meetingType
          ? `“${title}” is now marked ${meetingTypeLabel(feedback.meetingType)}`
          : `“${title}” is confirmed as a sales meeting`;
  const series =
    propagatedTo > 0
      ? `, and so ${propagatedTo === 1 ? 'is 1 other meeting' : `are ${propagatedTo} other meetings`} of the series`
      : '';
  return `Saved: ${what}${series}.`;
}
