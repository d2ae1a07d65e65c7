import { useSyncExternalStore } from 'react';

/** How often the page looks at the clock: counts of days move on at most this late. */
const STEP_MS = 60_000;

/** Calls `onChange` every STEP_MS and whenever the tab is shown again (it may be days late). */
function watchClock(onChange: () => void): () => void {
  const timer = setInterval(onChange, STEP_MS);
  const onShown = () => {
    if (document.visibilityState === 'visible') onChange();
  };
  document.addEventListener('visibilitychange', onShown);
  window.addEventListener('pageshow', onShown);
  return () => {
    clearInterval(timer);
    document.removeEventListener('visibilitychange', onShown);
    window.removeEventListener('pageshow', onShown);
  };
}

/** Now to the minute, from the clock useToday reads (Date.now), moving on while the page is open. */
const minute = () => Math.floor(Date.now() / STEP_MS) * STEP_MS;

/**
 * The current instant (ms), to the minute, for what counts from an instant rather than from a
 * date: whole 24-hour periods since a meeting move on at its time of day, not at midnight.
 */
export function useNow(): number {
  return useSyncExternalStore(watchClock, minute);
}
