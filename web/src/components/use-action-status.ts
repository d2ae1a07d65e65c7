import { useCallback, useEffect, useRef, useState } from 'react';
import { errorMessage } from '../api/client';

/**
 * How long a message stays on screen: time to read a sentence or two (screen readers announce it
 * when it appears). An error stays until it is dismissed or replaced: it asks for something.
 */
const MESSAGE_SHOWN_MS = 8_000;

/** The line is emptied this long before new words, so that the same words twice are read twice. */
const ANNOUNCE_GAP_MS = 60;

export interface ActionStatusState {
  message: string;
  error: string;
  report: (message: string) => void;
  fail: (what: string, error: unknown) => void;
  /** Empties the line: the user dismissed it, or a later outcome is shown where it happened. */
  clear: () => void;
}

const EMPTY = { message: '', error: '' };

/** The outcome of the last action on a page, for ActionStatus: a newer outcome replaces it. */
export function useActionStatus(): ActionStatusState {
  const [line, setLine] = useState(EMPTY);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  useEffect(() => () => clearTimeout(timer.current), []);

  const show = useCallback((message: string, error: string) => {
    clearTimeout(timer.current);
    setLine(EMPTY);
    if (!message && !error) return;
    timer.current = setTimeout(() => {
      setLine({ message, error });
      if (message) timer.current = setTimeout(() => setLine(EMPTY), MESSAGE_SHOWN_MS);
    }, ANNOUNCE_GAP_MS);
  }, []);

  const report = useCallback((text: string) => show(text, ''), [show]);
  const fail = useCallback(
    (what: string, cause: unknown) => show('', `${what} ${errorMessage(cause)}`),
    [show],
  );
  const clear = useCallback(() => show('', ''), [show]);
  return { ...line, report, fail, clear };
}
