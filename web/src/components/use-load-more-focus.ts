import { useCallback, useEffect, useRef, type RefObject } from 'react';

/** The attribute that marks a listed item and holds its id, for `useLoadMoreFocus`. */
export const LOAD_MORE_ITEM = 'data-load-more-item';

const itemsIn = (list: HTMLElement): HTMLElement[] =>
  Array.from(list.querySelectorAll<HTMLElement>(`[${LOAD_MORE_ITEM}]`));

/**
 * Keyboard focus through "Load more": a disabled or removed button drops focus on the document,
 * which sends a keyboard user back to the top of the page. The button stays focusable while it
 * loads (`aria-disabled`), and when new items arrive, focus moves to the first of them (in the
 * list's order) if it was still on the button or had fallen to the document, whether the button
 * stays or not: the user reads on from there, and Tab reaches the button again after them.
 * `list` holds the items, each marked with `LOAD_MORE_ITEM`; `version` changes when they do;
 * `loading` is whether more are being loaded. A load that brought nothing new moves nothing.
 */
export function useLoadMoreFocus(
  list: RefObject<HTMLElement | null>,
  version: unknown,
  loading: boolean,
) {
  const buttonRef = useRef<HTMLButtonElement>(null);
  /** The ids listed when "Load more" was pressed, until new ones arrive. */
  const before = useRef<Set<string> | null>(null);

  useEffect(() => {
    const shown = before.current;
    if (!shown || loading || !list.current) return;
    before.current = null;
    const first = itemsIn(list.current).find(
      (item) => !shown.has(item.getAttribute(LOAD_MORE_ITEM) ?? ''),
    );
    if (!first) return;
    const focused = document.activeElement;
    if (focused && focused !== document.body && focused !== buttonRef.current) return;
    if (first.tabIndex < 0 && !first.hasAttribute('tabindex')) first.setAttribute('tabindex', '-1');
    first.focus();
  }, [list, version, loading]);

  /** Runs `load` unless loading already, remembering what was listed to know the new items. */
  const loadMore = useCallback(
    (load: () => void) => {
      if (loading) return;
      before.current = new Set(
        list.current
          ? itemsIn(list.current).map((item) => item.getAttribute(LOAD_MORE_ITEM) ?? '')
          : [],
      );
      load();
    },
    [list, loading],
  );

  return { buttonRef, loadMore };
}
