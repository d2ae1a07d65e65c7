import type { ReactNode } from 'react';

export type BadgeTone = 'neutral' | 'info' | 'purple' | 'success' | 'warning' | 'danger';

/** Text on a tinted background: the words carry the meaning, the colour only helps. */
export function Badge({ tone = 'neutral', children }: { tone?: BadgeTone; children: ReactNode }) {
  return <span className={`badge badge--${tone}`}>{children}</span>;
}
