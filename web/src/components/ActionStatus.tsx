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
          <button type="button" className="button--quiet" onClick={status.clear}>
            Dismiss
          </button>
        )}
      </div>
    </div>
  );
}
