/**
 * A polite status line that is always in the page, so that screen readers announce the
 * message put in it after an action ("Saved").
 */
export function ActionStatus({ message, error }: { message: string; error: string }) {
  return (
    <div className="action-status">
      <p role="status" className={message ? 'action-status__message' : 'visually-hidden'}>
        {message}
      </p>
      <p role="alert" className={error ? 'action-status__error' : 'visually-hidden'}>
        {error}
      </p>
    </div>
  );
}
