import type { ReactNode } from 'react';
import { SkipLink } from './SkipLink';

/** The frame of the pages outside the session: sign-in, and the session check. */
export function BareLayout({ children }: { children: ReactNode }) {
  return (
    <>
      <SkipLink />
      <header className="site-header site-header--bare">
        <p className="brand">calintel</p>
      </header>
      <main id="main" tabIndex={-1} className="page page--narrow">
        {children}
      </main>
    </>
  );
}
