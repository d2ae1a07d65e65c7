import type { ReactNode } from 'react';
import { errorMessage } from '../api/client';

export function Loading({ children = 'Loading…' }: { children?: ReactNode }) {
  return (
    <p role="status" className="state state--loading">
      {children}
    </p>
  );
}

interface ErrorStateProps {
  error: unknown;
  /** What could not be done, before the server's reason: "Could not load the meetings." */
  title: string;
  onRetry?: () => void;
}

export function ErrorState({ error, title, onRetry }: ErrorStateProps) {
  return (
    <div role="alert" className="state state--error">
      <p>
        <strong>{title}</strong> {errorMessage(error)}
      </p>
      {onRetry && (
        <button type="button" onClick={onRetry}>
          Retry
        </button>
      )}
    </div>
  );
}

export function EmptyState({ children }: { children: ReactNode }) {
  return <div className="state state--empty">{children}</div>;
}
