import { LOAD_MORE_ITEM } from '../../components/use-load-more-focus';

function cardsIn(list: HTMLElement | null): HTMLElement[] {
  return list ? Array.from(list.querySelectorAll<HTMLElement>(`[${LOAD_MORE_ITEM}]`)) : [];
}

function headingOf(card: HTMLElement | undefined): HTMLElement | null {
  return card?.querySelector<HTMLElement>('h3') ?? null;
}

/**
 * Where keyboard focus goes once a conflict was applied, dismissed or reopened: the card acted
 * on may leave the list (and a focused button with it, sending focus to the document), so focus
 * moves on to the next card's heading, where the user reads on; after the last card, to the one
 * before it; with no other card, to the page's heading. Read before the list changes: the card
 * is still there to count from. The outcome itself is announced by the status line (politely).
 */
export function focusAfterAction(
  list: HTMLElement | null,
  conflictId: string,
  pageHeading: HTMLElement | null,
): void {
  const cards = cardsIn(list);
  const index = cards.findIndex((card) => card.getAttribute(LOAD_MORE_ITEM) === conflictId);
  const neighbour = index < 0 ? undefined : (cards[index + 1] ?? cards[index - 1]);
  (headingOf(neighbour) ?? pageHeading)?.focus();
}

/**
 * Moves focus to a conflict's heading once its card is on the page (a reopened conflict comes
 * back when the list has been loaded again), giving up after `withinMs`.
 */
export function focusCardWhenShown(
  list: () => HTMLElement | null,
  conflictId: string,
  withinMs = 2_000,
): void {
  const until = Date.now() + withinMs;
  const attempt = () => {
    const card = cardsIn(list()).find((c) => c.getAttribute(LOAD_MORE_ITEM) === conflictId);
    const heading = headingOf(card);
    if (heading) heading.focus();
    else if (Date.now() < until) requestAnimationFrame(attempt);
  };
  requestAnimationFrame(attempt);
}
