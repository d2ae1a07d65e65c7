import { useEffect, useRef, useState } from 'react';
import type { FilterControlHandlers } from '../app/use-filter-history';

/** A pause in typing this long sends the search: not a request per key. */
export const SEARCH_DELAY_MS = 300;

interface SearchFieldProps {
  id: string;
  label: string;
  /** The search the page has (its address), or null for none. */
  value: string | null;
  /** Typed text as the page keeps it (trimmed, cut to length), null for none. */
  normalize: (text: string) => string | null;
  onSearch: (text: string | null) => void;
  handlers: FilterControlHandlers;
  /** What is searched, under the field. */
  hint: string;
}

/**
 * A list's search box. What is typed stays as typed (a trailing space while the next word comes)
 * and goes to the page after a pause, or at once on Enter; it gives way to the page's search when
 * that changes to something else (Back, or another control's link).
 */
export function SearchField({
  id,
  label,
  value,
  normalize,
  onSearch,
  handlers,
  hint,
}: SearchFieldProps) {
  const [typed, setTyped] = useState<string | null>(null);
  const [seen, setSeen] = useState(value);
  if (seen !== value) {
    setSeen(value);
    if (typed !== null && normalize(typed) !== value) setTyped(null);
  }
  const latest = useRef({ onSearch, normalize });
  useEffect(() => {
    latest.current = { onSearch, normalize };
  });
  const pending = typed !== null && normalize(typed) !== value;

  useEffect(() => {
    if (!pending || typed === null) return;
    const timer = setTimeout(
      () => latest.current.onSearch(latest.current.normalize(typed)),
      SEARCH_DELAY_MS,
    );
    return () => clearTimeout(timer);
  }, [pending, typed]);

  return (
    <div className="field field--search">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type="search"
        value={typed ?? value ?? ''}
        aria-describedby={`${id}-hint`}
        autoComplete="off"
        {...handlers}
        onKeyDown={(event) => {
          handlers.onKeyDown();
          if (event.key === 'Enter' && typed !== null) onSearch(normalize(typed));
        }}
        onChange={(event) => setTyped(event.target.value)}
      />
      <p id={`${id}-hint`} className="hint field__note">
        {hint}
      </p>
    </div>
  );
}
