import type { ReactNode } from 'react';

/**
 * Lets a wide table scroll sideways on a narrow screen instead of the page; focusable so that
 * a keyboard can scroll it too.
 */
export function TableScroll({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="table-scroll" role="region" aria-label={label} tabIndex={0}>
      {children}
    </div>
  );
}
