import { useEffect, useRef } from 'react';
import { Link, NavLink, Outlet, useLocation } from 'react-router';
import { LiveIndicator } from './LiveIndicator';
import { SignOutButton } from './SignOutButton';
import { SkipLink } from './SkipLink';
import { TimeZoneSetting } from './TimeZoneSetting';
import { useSession } from './session-context';
import { useLiveUpdates } from './use-live-updates';

const NAV = [
  { to: '/meetings', label: 'Meetings' },
  { to: '/conflicts', label: 'Conflicts' },
  { to: '/relationships', label: 'Relationships' },
  { to: '/connections', label: 'Connections' },
];

export function AppLayout() {
  const session = useSession();
  const live = useLiveUpdates();
  const main = useRef<HTMLElement>(null);
  const { pathname } = useLocation();
  const shownPath = useRef(pathname);

  // After a client-side navigation, start the next keyboard or screen reader step at the page.
  useEffect(() => {
    if (shownPath.current === pathname) return;
    shownPath.current = pathname;
    main.current?.focus();
  }, [pathname]);

  return (
    <>
      <SkipLink />
      <header className="site-header">
        <div className="site-header__inner">
          <Link to="/meetings" className="brand">
            calintel
          </Link>
          <nav aria-label="Main" className="main-nav">
            <ul>
              {NAV.map((item) => (
                <li key={item.to}>
                  <NavLink to={item.to}>{item.label}</NavLink>
                </li>
              ))}
            </ul>
          </nav>
          <div className="site-header__account">
            <LiveIndicator state={live} />
            <TimeZoneSetting />
            <p className="account">
              <span className="account__email">{session.user.email}</span>
              <span className="account__org">{session.organisation.name}</span>
            </p>
            <SignOutButton />
          </div>
        </div>
      </header>
      <main id="main" ref={main} tabIndex={-1} className="page">
        <Outlet />
      </main>
    </>
  );
}
