import { lazy, Suspense } from 'react';
import { createBrowserRouter, Navigate } from 'react-router';
import { Loading } from '../components/StatusStates';
import { ConflictsPage } from '../pages/conflicts/ConflictsPage';
import { ConnectionsPage } from '../pages/connections/ConnectionsPage';
import { MeetingsPage } from '../pages/meetings/MeetingsPage';
import { NotFoundPage } from '../pages/NotFoundPage';
import { RelationshipsPage } from '../pages/relationships/RelationshipsPage';
import { SignInPage } from '../pages/sign-in/SignInPage';
import { RequireSession } from './RequireSession';
import { DEFAULT_PAGE } from './sign-in-path';

// The chart library is only needed on an account's page: it loads when that page is opened.
const RelationshipDetailPage = lazy(() =>
  import('../pages/relationships/RelationshipDetailPage').then((module) => ({
    default: module.RelationshipDetailPage,
  })),
);

export function createRouter() {
  return createBrowserRouter([
    { path: '/sign-in', element: <SignInPage /> },
    {
      element: <RequireSession />,
      children: [
        { index: true, element: <Navigate to={DEFAULT_PAGE} replace /> },
        { path: 'meetings', element: <MeetingsPage /> },
        { path: 'conflicts', element: <ConflictsPage /> },
        { path: 'connections', element: <ConnectionsPage /> },
        { path: 'relationships', element: <RelationshipsPage /> },
        {
          path: 'relationships/:accountKey',
          element: (
            <Suspense
              fallback={
                <>
                  <h1>Relationship</h1>
                  <Loading>Loading the relationship…</Loading>
                </>
              }
            >
              <RelationshipDetailPage />
            </Suspense>
          ),
        },
        { path: '*', element: <NotFoundPage /> },
      ],
    },
  ]);
}
