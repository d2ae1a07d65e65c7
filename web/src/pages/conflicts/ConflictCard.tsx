import { useId } from 'react';
import type { Conflict, ConflictSeverity, ResolveInput } from '../../api/conflicts';
import { useTimeZone } from '../../app/session-context';
import { Badge, type BadgeTone } from '../../components/Badge';
import { LOAD_MORE_ITEM } from '../../components/use-load-more-focus';
import { formatClockRange } from '../../lib/format';
import {
  conflictKindLabel,
  conflictStatusLabel,
  providerLabel,
  severityLabel,
} from '../../lib/labels';
import { attemptNote, reopenNote } from './attempt-note';
import { dismissalReason } from './dismissal-reason';
import { DismissControl } from './DismissControl';
import { appliedLines } from './resolve-message';
import { isDecidable, isReopenable, statusLine } from './status-line';
import { suggestionText } from './suggestion-text';
import { wordingOf } from './wording';

const SEVERITY_TONES: Record<ConflictSeverity, BadgeTone> = {
  high: 'danger',
  medium: 'warning',
  low: 'neutral',
};

interface ConflictCardProps {
  conflict: Conflict;
  busy: boolean;
  onResolve: (input: ResolveInput, description: string) => void;
  onReopen: () => void;
}

/**
 * One conflict. Its buttons stay focusable while an action on it runs (`aria-disabled`): a
 * disabled button would drop keyboard focus on the document; the page then moves focus on
 * (focusAfterAction). Its heading takes focus from script (tabIndex -1) for that.
 */
export function ConflictCard({ conflict, busy, onResolve, onReopen }: ConflictCardProps) {
  const id = useId();
  const timeZone = useTimeZone();
  const open = isDecidable(conflict);
  const note = attemptNote(conflict);
  const reason = dismissalReason(conflict);
  const applied = open ? [] : appliedLines(conflict, timeZone);
  const reopenable = isReopenable(conflict);
  const reopenHint = reopenable ? reopenNote(conflict) : null;
  return (
    <article
      className="card conflict"
      aria-labelledby={`${id}-title`}
      {...{ [LOAD_MORE_ITEM]: conflict.id }}
    >
      <div className="card__header">
        <h3 id={`${id}-title`} tabIndex={-1}>
          {conflictKindLabel(conflict.kind)},{' '}
          {formatClockRange(conflict.start, conflict.end, timeZone)}
        </h3>
        <div className="badges">
          <Badge tone={SEVERITY_TONES[conflict.severity]}>{severityLabel(conflict.severity)}</Badge>
          {!open && (
            <Badge tone={conflict.status === 'past' ? 'neutral' : 'success'}>
              {conflictStatusLabel(conflict.status)}
            </Badge>
          )}
        </div>
      </div>
      <h4 id={`${id}-events`}>Events</h4>
      <ul aria-labelledby={`${id}-events`} className="event-list">
        {conflict.events.map((event) => (
          <li key={event.id}>
            <strong>{event.title || '(no title)'}</strong>{' '}
            <span>
              {event.allDay ? 'All day' : formatClockRange(event.start, event.end, timeZone)}
            </span>
            <span className="muted">
              {' '}
              · {event.calendarName ?? providerLabel(event.provider)}
              {event.location ? ` · ${event.location}` : ''}
            </span>
          </li>
        ))}
      </ul>
      {conflict.reasons.length > 0 && (
        <>
          <h4 id={`${id}-why`}>Why it matters</h4>
          <ul aria-labelledby={`${id}-why`}>
            {conflict.reasons.map((reason) => (
              <li key={reason}>{reason}</li>
            ))}
          </ul>
        </>
      )}
      {note && <p className="hint">{note}</p>}
      {open ? (
        <>
          {conflict.suggestions.length > 0 && (
            <>
              <h4 id={`${id}-suggestions`}>Suggestions, best first</h4>
              <ol aria-labelledby={`${id}-suggestions`} className="suggestions">
                {conflict.suggestions.map((suggestion) => {
                  const text = suggestionText(conflict, suggestion, timeZone);
                  const textId = `${id}-suggestion-${suggestion.index}`;
                  return (
                    <li key={suggestion.id}>
                      <div>
                        <p id={textId} className="suggestion__text">
                          {text}
                        </p>
                        <p className="hint">
                          {wordingOf(suggestion.why, suggestion.whyParts, timeZone)}
                        </p>
                      </div>
                      <button
                        type="button"
                        aria-describedby={textId}
                        aria-disabled={busy || undefined}
                        onClick={() => {
                          if (!busy)
                            onResolve({ action: 'apply', suggestionId: suggestion.id }, text);
                        }}
                      >
                        Apply
                      </button>
                    </li>
                  );
                })}
              </ol>
            </>
          )}
          <div className="actions">
            <DismissControl
              busy={busy}
              onDismiss={(note) =>
                onResolve(note ? { action: 'dismiss', note } : { action: 'dismiss' }, 'dismiss')
              }
            />
          </div>
        </>
      ) : (
        <>
          <p className="muted">{statusLine(conflict, timeZone)}</p>
          {applied.map((line) => (
            <p key={line}>{line}</p>
          ))}
          {reason && <p>Reason: {reason}</p>}
          {reopenable && (
            <div className="actions">
              <button
                type="button"
                aria-disabled={busy || undefined}
                aria-describedby={reopenHint ? `${id}-reopen-hint` : undefined}
                onClick={() => {
                  if (!busy) onReopen();
                }}
              >
                {busy ? 'Reopening…' : 'Reopen'}
              </button>
              {reopenHint && (
                <p id={`${id}-reopen-hint`} className="hint">
                  {reopenHint}
                </p>
              )}
            </div>
          )}
        </>
      )}
    </article>
  );
}
