import { useCallback, useSyncExternalStore } from 'react';
import { localDateOf, msUntilNextDay, type LocalDate } from '../lib/dates';
import { useTimeZone } from './session-context';

/**
 * The longest a tab goes without looking at the clock. A timer set for midnight does not count
 * the time a machine sleeps, and the system clock can be set: looking hourly bounds how late the
 * day can move on when no other event (showing the tab again) says so.
 */
const LONGEST_WAIT_MS = 60 * 60_000;
/** Not sooner: a zone whose next day seems to start now must not make a busy loop. */
const SHORTEST_WAIT_MS = 1_000;

/** Calls `onChange` at each local midnight in the zone and whenever the tab is shown again. */
function watchDays(timeZone: string, onChange: () => void): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const schedule = () => {
    const wait = msUntilNextDay(Date.now(), timeZone);
    timer = setTimeout(look, Math.min(Math.max(wait, SHORTEST_WAIT_MS), LONGEST_WAIT_MS));
  };
  function look() {
    clearTimeout(timer);
    onChange();
    schedule();
  }
  // A tab shown again after a night asleep (or back from the back-forward cache) may be days late.
  const onShown = () => {
    if (document.visibilityState === 'visible') look();
  };
  document.addEventListener('visibilitychange', onShown);
  window.addEventListener('pageshow', onShown);
  schedule();
  return () => {
    clearTimeout(timer);
    document.removeEventListener('visibilitychange', onShown);
    window.removeEventListener('pageshow', onShown);
  };
}

/**
 * Today's date in the zone the pages show, moving on at its midnight without a reload: a tab
 * left open overnight shows the new day's "today" and "this week". Only a change of date renders
 * again (the snapshot is the date's string, equal from one look to the next within a day).
 */
export function useToday(): LocalDate {
  const timeZone = useTimeZone();
  const subscribe = useCallback(
    (onChange: () => void) => watchDays(timeZone, onChange),
    [timeZone],
  );
  const today = useCallback(() => localDateOf(Date.now(), timeZone), [timeZone]);
  return useSyncExternalStore(subscribe, today);
}
