import type { Feedback, Meeting, MeetingPage } from '../../api/meetings';
import { sameSeries } from './apply-feedback';

/**
 * The verdict that puts a rejected meeting back as it was listed. One only the model had found
 * gets the rejection withdrawn, so the model's word stands again (a confirmation would have made
 * it "confirmed by your team", certain, for its whole series). One the team had judged gets that
 * word again: a confirmation, with the type the team had corrected, since the rejection replaced
 * it. A corrected type is the one given with a verdict: certain (1) and from feedback.
 */
export function restoringFeedback(meeting: Meeting): Feedback {
  if (meeting.source !== 'feedback') return { verdict: 'withdraw' };
  const corrected = meeting.typeConfidence === 1 && meeting.meetingType !== null;
  return corrected
    ? { verdict: 'confirm', meetingType: meeting.meetingType! }
    : { verdict: 'confirm' };
}

/** The list's order, as the API sorts it: by start, then by id. */
function before(a: Meeting, b: Meeting): boolean {
  return a.start < b.start || (a.start === b.start && a.id < b.id);
}

/**
 * The pages with `meetings` put back where the list has them: before the first listed meeting
 * that comes after each. One that comes after the last loaded meeting goes at the end when the
 * list has no more pages, and is left for its own page to bring when it has. A meeting already
 * listed is not added again.
 */
export function putBack(
  pages: readonly MeetingPage[],
  meetings: readonly Meeting[],
): MeetingPage[] {
  const out = pages.map((page) => ({ ...page, items: [...page.items] }));
  const listed = new Set(out.flatMap((page) => page.items.map((m) => m.id)));
  for (const meeting of meetings) {
    if (listed.has(meeting.id)) continue;
    listed.add(meeting.id);
    const place = findPlace(out, meeting);
    if (place) out[place.page]!.items.splice(place.index, 0, meeting);
  }
  return out;
}

function findPlace(
  pages: readonly MeetingPage[],
  meeting: Meeting,
): { page: number; index: number } | null {
  for (const [page, { items }] of pages.entries()) {
    const index = items.findIndex((listed) => before(meeting, listed));
    if (index >= 0) return { page, index };
  }
  const last = pages.length - 1;
  if (last < 0 || pages[last]!.nextCursor !== null) return null;
  return { page: last, index: pages[last]!.items.length };
}

/** What the status line says once an undone rejection is saved. */
export function restoredMessage(title: string, propagatedTo: number): string {
  const series =
    propagatedTo > 0
      ? `, with ${propagatedTo === 1 ? '1 other meeting' : `${propagatedTo} other meetings`} of the series`
      : '';
  return `Undone: “${title}” is listed again as a sales meeting${series}.`;
}

/** The id of a meeting's "Not a sales meeting" button, where focus returns when it is undone. */
export function rejectButtonId(meetingId: string): string {
  return `not-sales-${meetingId}`;
}

/**
 * Moves focus to the element once it is on the page (the list shows a restored meeting a frame
 * or two after the cache has it), giving up after `withinMs`.
 */
export function focusWhenShown(id: string, withinMs = 2_000): void {
  const until = Date.now() + withinMs;
  const attempt = () => {
    const element = document.getElementById(id);
    if (element) element.focus();
    else if (Date.now() < until) requestAnimationFrame(attempt);
  };
  requestAnimationFrame(attempt);
}

/** The id of a meeting card's title, where focus goes when the card before it leaves the list. */
export function cardTitleId(meetingId: string): string {
  return `meeting-title-${meetingId}`;
}

/**
 * Where focus goes once a rejected meeting's card (and its series') left the list and the user
 * is done with the Undo line: the next card listed after it, else the last one before it, else
 * none (the page's heading). The order is the list's, as the user tabbed through it.
 */
export function cardAfterRejection(items: readonly Meeting[], rejected: Meeting): string | null {
  const at = items.findIndex((m) => m.id === rejected.id);
  if (at < 0) return null;
  const next = items.slice(at + 1).find((m) => !sameSeries(m, rejected));
  const previous = items
    .slice(0, at)
    .reverse()
    .find((m) => !sameSeries(m, rejected));
  return (next ?? previous)?.id ?? null;
}
