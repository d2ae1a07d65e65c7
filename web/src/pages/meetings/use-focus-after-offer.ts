import { useCallback, useEffect, useRef } from 'react';
import type { ActionStatusState, StatusAction } from '../../components/use-action-status';
import { cardTitleId } from './undo-reject';

/** The Undo offer of a rejection, and the card focus goes to once the user is done with it. */
interface Return {
  offer: StatusAction;
  /** A card's meeting id; null for the page's heading (no card is left). */
  meetingId: string | null;
}

function focusReturn(meetingId: string | null): void {
  const card = meetingId === null ? null : document.getElementById(cardTitleId(meetingId));
  // The heading (and <main>, where the skip link leads) take focus from script only.
  (
    card ??
    document.querySelector<HTMLElement>('#main h1') ??
    document.getElementById('main')
  )?.focus();
}

/**
 * A rejected meeting's card leaves the list and focus goes to the Undo line (ActionStatus), at the
 * bottom of the page: Tab from there, or the line closing under focus, left the user on the
 * document, to start again from the top. Either now moves focus to the card that followed the
 * rejected one (its title), or the one before, or the page's heading. Undo itself takes focus
 * back to the restored card (focusWhenShown): `forget` the return then.
 */
export function useFocusAfterOffer(status: ActionStatusState) {
  const pending = useRef<Return | null>(null);
  const shown = useRef<StatusAction | null>(null);

  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      const target = pending.current;
      if (event.key !== 'Tab' || event.shiftKey || !target || shown.current !== target.offer)
        return;
      const line = document.querySelector('.action-status');
      if (!line?.contains(document.activeElement)) return;
      event.preventDefault();
      focusReturn(target.meetingId);
    };
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, []);

  const { action } = status;
  useEffect(() => {
    const gone = shown.current;
    shown.current = action;
    const target = pending.current;
    if (!gone || gone === action || target?.offer !== gone) return;
    pending.current = null;
    const focused = document.activeElement;
    if (!focused || focused === document.body) focusReturn(target.meetingId);
  }, [action]);

  const expect = useCallback((offer: StatusAction, meetingId: string | null) => {
    pending.current = { offer, meetingId };
  }, []);
  const forget = useCallback(() => {
    pending.current = null;
  }, []);
  return { expect, forget };
}
