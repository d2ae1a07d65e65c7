import type { ReactNode } from 'react';

interface NoticeProps {
  tone: 'success' | 'error';
  children: ReactNode;
  onDismiss?: () => void;
}

/** A message that stays until dismissed: a success is a status, a failure an alert. */
export function Notice({ tone, children, onDismiss }: NoticeProps) {
  return (
    <div role={tone === 'error' ? 'alert' : 'status'} className={`notice notice--${tone}`}>
      <div className="notice__text">{children}</div>
      {onDismiss && (
        <button type="button" className="button--quiet" onClick={onDismiss}>
          Dismiss
        </button>
      )}
    </div>
  );
}
