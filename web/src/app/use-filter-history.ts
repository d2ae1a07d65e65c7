import { useCallback, useEffect, useRef } from 'react';
import { useSearchParams } from 'react-router';

/** What a filter control needs to say whether a change came key by key. */
export interface FilterControlHandlers {
  onKeyDown: () => void;
  onPointerDown: () => void;
  onBlur: () => void;
}

export interface FilterHistory {
  /** The filters as the address has them (Back and Forward bring earlier ones back). */
  params: URLSearchParams;
  /** Shows these filters; `field` names the control that changed them, if one did. */
  write: (next: URLSearchParams, field?: string) => void;
  /** The handlers of the control named `field`. */
  control: (field: string) => FilterControlHandlers;
}

/**
 * A page's filters in the address, with the history a user expects: each choice is an entry of
 * its own, so Back returns to the filters before it and Forward to the next. A control changed key
 * by key (a date typed digit by digit, a select moved with the arrow keys, which Chromium reports
 * as a change per key) makes one entry for the whole run, until it loses focus. Opening a page
 * writes nothing: the address it was opened at is its entry.
 */
export function useFilterHistory(): FilterHistory {
  const [params, setParams] = useSearchParams();
  // The control whose last input came from the keyboard.
  const keyboard = useRef<string | null>(null);
  // The control whose key-by-key run made the current entry: its next keys replace that entry.
  const run = useRef<string | null>(null);

  useEffect(() => {
    // Back or Forward leaves the run's entry: a key after that must not overwrite where it went.
    const leave = () => {
      run.current = null;
    };
    window.addEventListener('popstate', leave);
    return () => window.removeEventListener('popstate', leave);
  }, []);

  const write = useCallback(
    (next: URLSearchParams, field?: string) => {
      const byKey = field !== undefined && keyboard.current === field;
      const replace = byKey && run.current === field;
      run.current = byKey ? field : null;
      if (next.toString() === params.toString()) return;
      setParams(next, { replace });
    },
    [params, setParams],
  );

  const control = useCallback(
    (field: string): FilterControlHandlers => ({
      onKeyDown: () => {
        keyboard.current = field;
      },
      onPointerDown: () => {
        keyboard.current = null;
      },
      onBlur: () => {
        if (keyboard.current === field) keyboard.current = null;
        if (run.current === field) run.current = null;
      },
    }),
    [],
  );

  return { params, write, control };
}
