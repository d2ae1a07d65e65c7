import type { ActionStatusState } from './use-action-status';

/**
 * The outcome of the last action, at the bottom of the window. Both lines are always in the
 * page, so that screen readers announce what is put in them: a message politely, an error at
 * once. An error can be dismissed; a message goes away by itself.
 */
export function ActionStatus({ status }: { status: ActionStatusState }) {
  return (
    <div className="action-status">
      <p role="status" className={status.message ? 'action-status__message' : 'visually-hidden'}>
        {status.message}
      </p>
      <div className={status.error ? 'action-status__error' : 'visually-hidden'}>
        <p role="alert">{status.error}</p>
        {status.error && (
          <button type="button" className="button--quiet" onClick={() => dismiss(status)}>
            Dismiss
          </button>
        )}
      </div>
    </div>
  );
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
