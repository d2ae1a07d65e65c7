import { useCallback, useEffect, useRef, useState } from 'react';
import { errorMessage } from '../api/client';

export interface ActionStatusState {
  message: string;
  error: string;
  report: (message: string) => void;
  fail: (what: string, error: unknown) => void;
}

/**
 * The outcome of the last action on a page, for ActionStatus. The line is emptied for a moment
 * first, so that the same words twice ("Saved", "Saved") are announced twice.
 */
export function useActionStatus(): ActionStatusState {
  const [message, setMessage] = useState('');
  const [error, setError] = useState('');
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  useEffect(() => () => clearTimeout(timer.current), []);

  const show = useCallback((nextMessage: string, nextError: string) => {
    clearTimeout(timer.current);
    setMessage('');
    setError('');
    timer.current = setTimeout(() => {
      setMessage(nextMessage);
      setError(nextError);
    }, 60);
  }, []);

  const report = useCallback((text: string) => show(text, ''), [show]);
  const fail = useCallback(
    (what: string, cause: unknown) => show('', `${what} ${errorMessage(cause)}`),
    [show],
  );
  return { message, error, report, fail };
}
