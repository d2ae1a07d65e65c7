import { useRef } from 'react';
import { useSearchParams } from 'react-router';
import { ActionStatus } from '../../components/ActionStatus';
import { Notice } from '../../components/Notice';
import { EmptyState, ErrorState, Loading } from '../../components/StatusStates';
import { useActionStatus } from '../../components/use-action-status';
import { useDocumentTitle } from '../../app/use-document-title';
import { CaldavForm } from './CaldavForm';
import { connectNotice } from './connect-notice';
import { showsTimes } from './connection-views';
import { ConnectionCard } from './ConnectionCard';
import { ExchangeForm } from './ExchangeForm';
import { IcsFeedForm } from './IcsFeedForm';
import { IcsFileForm } from './IcsFileForm';
import { OAuthConnectButtons } from './OAuthConnectButtons';
import { useConnections } from './use-connections';
import { TimeZoneCaption } from '../../components/TimeZoneCaption';

export function ConnectionsPage() {
  useDocumentTitle('Connections');
  const [params, setParams] = useSearchParams();
  const notice = connectNotice(params);
  const { providers, views, loading, error, retry } = useConnections();
  const status = useActionStatus();
  const listHeading = useRef<HTMLHeadingElement>(null);

  const dismissNotice = () => {
    const next = new URLSearchParams(params);
    next.delete('connected');
    next.delete('connect_error');
    setParams(next, { replace: true });
  };

  return (
    <>
      <h1>Connections</h1>
      {/* Only the calendars' last and next syncs are times: without them the zone says nothing. */}
      {showsTimes(views) && <TimeZoneCaption />}
      {notice && (
        <Notice tone={notice.tone} onDismiss={dismissNotice}>
          {notice.text}
        </Notice>
      )}
      <section aria-labelledby="connections-list" className="section">
        {/* Focus comes here when a deleted file's card, and the button pressed, are gone. */}
        <h2 id="connections-list" ref={listHeading} tabIndex={-1}>
          Your calendar connections
        </h2>
        {loading ? (
          <Loading>Loading your connections…</Loading>
        ) : error ? (
          <ErrorState error={error} title="Could not load your connections." onRetry={retry} />
        ) : views && views.length > 0 ? (
          <div className="stack">
            {views.map((view) => (
              <ConnectionCard
                key={view.id}
                view={view}
                status={status}
                onRemoved={() => listHeading.current?.focus()}
              />
            ))}
          </div>
        ) : (
          <EmptyState>
            <p>
              No calendar is connected yet. Connect Google Calendar or Outlook below, add an
              Exchange, CalDAV or ICS calendar with one of the forms, or import an .ics file.
            </p>
          </EmptyState>
        )}
      </section>
      <section aria-labelledby="connect-heading" className="section">
        <h2 id="connect-heading">Connect a calendar</h2>
        <OAuthConnectButtons providers={providers} />
        <div className="form-grid">
          <ExchangeForm providers={providers} status={status} />
          <CaldavForm status={status} />
          <IcsFeedForm status={status} />
          <IcsFileForm status={status} />
        </div>
      </section>
      <ActionStatus status={status} />
    </>
  );
}
