import type { Conflict } from '../../api/conflicts';
import { formatOptional } from '../../lib/format';
import { conflictStatusLabel } from '../../lib/labels';
import { wordingOf } from './wording';

/**
 * What a card says instead of its suggestions when the conflict is not open: who decided it and
 * when, or, for a past one (every event has ended), that nothing is left to decide. A cleared one
 * says why, when the server said (its events as they were: one moved, another deleted).
 */
export function statusLine(
  conflict: Pick<Conflict, 'status' | 'resolvedAt' | 'resolvedBy' | 'clearance'>,
  timeZone: string,
): string {
  if (conflict.status === 'past')
    return 'Past: its events have all ended, so there is nothing left to decide.';
  const when = conflict.resolvedAt ? ` on ${formatOptional(conflict.resolvedAt, timeZone)}` : '';
  const by =
    conflict.resolvedBy === 'policy'
      ? ' by your organisation’s policy'
      : conflict.resolvedBy === 'calendar'
        ? ': the calendars no longer show it'
        : '';
  const why = conflict.clearance
    ? ` (${wordingOf(conflict.clearance.why, conflict.clearance.whyParts, timeZone)})`
    : '';
  return `${conflictStatusLabel(conflict.status)}${when}${by}${why}.`;
}

/**
 * Whether the card offers its suggestions and Dismiss: an open conflict, or a decision cut short
 * (interrupted), which can be taken again, but never a past one: with every event ended the API
 * refuses to decide it (409 `conflict_past`).
 */
export function isDecidable(conflict: Pick<Conflict, 'status' | 'resolution'>): boolean {
  if (conflict.status === 'past') return false;
  return conflict.status === 'open' || conflict.resolution?.['state'] === 'interrupted';
}

/**
 * Whether a card offers Reopen: a decision taken (resolved or dismissed) and finished, not one
 * being carried out or cut short (that one is offered again instead), nor a past conflict or one
 * the calendars cleared, which the API does not reopen.
 */
export function isReopenable(conflict: Pick<Conflict, 'status' | 'resolution'>): boolean {
  if (conflict.status !== 'resolved' && conflict.status !== 'dismissed') return false;
  const state = conflict.resolution?.['state'];
  return state !== 'pending' && state !== 'interrupted';
}
