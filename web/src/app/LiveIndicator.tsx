import type { LiveState } from './use-live-updates';

const TEXT: Record<LiveState, string> = {
  connecting: 'Connecting…',
  live: 'Live',
  reconnecting: 'Reconnecting…',
};

export function LiveIndicator({ state }: { state: LiveState }) {
  return (
    <p className={`live live--${state}`} aria-live="polite">
      <span className="live__dot" aria-hidden="true" />
      <span className="visually-hidden">Live updates: </span>
      {TEXT[state]}
    </p>
  );
}
