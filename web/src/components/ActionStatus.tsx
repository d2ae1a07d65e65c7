import { useEffect, useRef } from 'react';
import type { ActionStatusState } from './use-action-status';

/**
 * The outcome of the last action, at the bottom of the window. Both lines are always in the
 * page, so that screen readers announce what is put in them: a message politely, an error at
 * once. An error can be dismissed; a message goes away by itself, not while the user is on it.
 * A message may offer an action (Undo), whose button is in the announced line; so may an error
 * (an Undo that failed, to try again), beside Dismiss.
 */
export function ActionStatus({ status }: { status: ActionStatusState }) {
  const actionButton = useRef<HTMLButtonElement>(null);
  const { action, hold } = status;

  // The action follows what the user just did: when that took the focused control away (a card
  // that is no longer listed), focus goes to the action rather than to the document.
  useEffect(() => {
    if (!action) return;
    const focused = document.activeElement;
    if (!focused || focused === document.body) actionButton.current?.focus();
  }, [action]);

  return (
    <div className="action-status">
      <div
        role="status"
        className={
          !status.message
            ? 'visually-hidden'
            : action
              ? 'action-status__message action-status__message--offer'
              : 'action-status__message'
        }
        onFocus={() => hold(true)}
        onBlur={(event) => {
          if (!event.currentTarget.contains(event.relatedTarget)) hold(false);
        }}
        onMouseEnter={() => hold(true)}
        onMouseLeave={() => {
          if (!actionButton.current || document.activeElement !== actionButton.current) hold(false);
        }}
      >
        <p>{status.message}</p>
        {status.message && action && (
          <button
            ref={actionButton}
            type="button"
            className="button--quiet"
            onClick={() => run(status)}
          >
            {action.label}
          </button>
        )}
      </div>
      <div className={status.error ? 'action-status__error' : 'visually-hidden'}>
        <p role="alert">{status.error}</p>
        {status.error && action && (
          <button
            ref={actionButton}
            type="button"
            className="button--quiet"
            onClick={() => run(status)}
          >
            {action.label}
          </button>
        )}
        {status.error && (
          <button type="button" className="button--quiet" onClick={() => dismiss(status)}>
            Dismiss
          </button>
        )}
      </div>
    </div>
  );
}

/** The action runs once: the line is emptied first, so that its button cannot be pressed twice. */
function run(status: ActionStatusState): void {
  const { action } = status;
  status.clear();
  action?.run();
}

/**
 * The button goes with the error it closes: focus moves to the page's main region (where the
 * skip link also leads) rather than falling to the document, where a keyboard user would have to
 * tab through the whole navigation again.
 */
function dismiss(status: ActionStatusState): void {
  status.clear();
  document.getElementById('main')?.focus();
}
