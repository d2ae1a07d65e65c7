import { useCallback, useEffect, useRef, useState } from 'react';
import { errorMessage } from '../api/client';

/**
 * How long a message stays on screen: time to read a sentence or two (screen readers announce it
 * when it appears). An error stays until it is dismissed or replaced: it asks for something.
 */
const MESSAGE_SHOWN_MS = 8_000;

/**
 * How long a message that offers an action (Undo) stays: time to read it and reach its button
 * from the keyboard. It stays as long as focus or the pointer is on it, and this long after.
 */
export const ACTION_SHOWN_MS = 20_000;

/** The line is emptied this long before new words, so that the same words twice are read twice. */
const ANNOUNCE_GAP_MS = 60;

/** What a message offers to do about the outcome it reports: "Undo". */
export interface StatusAction {
  label: string;
  run: () => void;
}

export interface ActionStatusState {
  message: string;
  error: string;
  /** The action offered with the message or the error, while it is shown. */
  action: StatusAction | null;
  report: (message: string, action?: StatusAction) => void;
  /** `action`: what can be tried again (an Undo that failed), offered until the error goes. */
  fail: (what: string, error: unknown, action?: StatusAction) => void;
  /** Empties the line: the user dismissed it, or a later outcome is shown where it happened. */
  clear: () => void;
  /** Keeps the message on screen while the user is on it (focus or pointer), then for a while. */
  hold: (held: boolean) => void;
}

interface Line {
  message: string;
  error: string;
  action: StatusAction | null;
}

const EMPTY: Line = { message: '', error: '', action: null };

/** The outcome of the last action on a page, for ActionStatus: a newer outcome replaces it. */
export function useActionStatus(): ActionStatusState {
  const [line, setLine] = useState(EMPTY);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const shown = useRef<Line>(EMPTY);
  const held = useRef(false);

  useEffect(() => () => clearTimeout(timer.current), []);

  const set = useCallback((next: Line) => {
    shown.current = next;
    setLine(next);
  }, []);

  /** Hides the message after its time, unless the user is on it. */
  const hideLater = useCallback(() => {
    clearTimeout(timer.current);
    const { message, action } = shown.current;
    if (!message || held.current) return;
    timer.current = setTimeout(() => set(EMPTY), action ? ACTION_SHOWN_MS : MESSAGE_SHOWN_MS);
  }, [set]);

  const show = useCallback(
    (next: Line) => {
      clearTimeout(timer.current);
      set(EMPTY);
      held.current = false;
      if (!next.message && !next.error) return;
      timer.current = setTimeout(() => {
        set(next);
        hideLater();
      }, ANNOUNCE_GAP_MS);
    },
    [set, hideLater],
  );

  const report = useCallback(
    (message: string, action?: StatusAction) =>
      show({ message, error: '', action: action ?? null }),
    [show],
  );
  const fail = useCallback(
    (what: string, cause: unknown, action?: StatusAction) =>
      show({ message: '', error: `${what} ${errorMessage(cause)}`, action: action ?? null }),
    [show],
  );
  const clear = useCallback(() => show(EMPTY), [show]);
  const hold = useCallback(
    (on: boolean) => {
      if (held.current === on) return;
      held.current = on;
      if (on) clearTimeout(timer.current);
      else hideLater();
    },
    [hideLater],
  );
  return { ...line, report, fail, clear, hold };
}
