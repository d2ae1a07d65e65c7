import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import { ApiError } from '../../api/client';
import { getRelationship, type RelationshipDetail } from '../../api/relationships';
import { useTimeZone } from '../../app/session-context';
import { useDocumentTitle } from '../../app/use-document-title';
import { useNow } from '../../app/use-now';
import { Badge } from '../../components/Badge';
import { EmptyState, ErrorState, Loading } from '../../components/StatusStates';
import { formatDate, formatOptional, plural } from '../../lib/format';
import { accountDisplayName, humanize } from '../../lib/labels';
import { bucketByMonth } from './chart-buckets';
import { MeetingsChart } from './MeetingsChart';
import { cadenceText, stageTone, trendDescription } from './relationship-labels';
import { readSeries, readStakeholders, readTimeline } from './relationship-records';
import { ReasonList } from './ReasonList';
import { SeriesSection } from './SeriesSection';
import { StageHistorySection } from './StageHistorySection';
import { StakeholdersSection } from './StakeholdersSection';
import { TimelineSection } from './TimelineSection';
import { TimeZoneCaption } from '../../components/TimeZoneCaption';

export function RelationshipDetailPage() {
  const { accountKey = '' } = useParams();
  const relationship = useQuery({
    queryKey: ['relationships', 'detail', accountKey],
    queryFn: ({ signal }) => getRelationship(accountKey, signal),
  });
  const name = relationship.data
    ? accountDisplayName(relationship.data.name, relationship.data.accountKey)
    : null;
  useDocumentTitle(name ?? 'Relationship');

  const back = (
    <p>
      <Link to="/relationships">← All relationships</Link>
    </p>
  );
  if (relationship.isPending)
    return (
      <>
        {back}
        <h1>Relationship</h1>
        <Loading>Loading the relationship…</Loading>
      </>
    );
  if (relationship.isError) {
    const missing = relationship.error instanceof ApiError && relationship.error.status === 404;
    return (
      <>
        {back}
        <h1>{missing ? 'Relationship not found' : 'Relationship'}</h1>
        {missing ? (
          <EmptyState>
            <p>
              calintel has no relationship with this account. It may have been removed when its
              meetings were; pick an account from the list of relationships.
            </p>
          </EmptyState>
        ) : (
          <ErrorState
            error={relationship.error}
            title="Could not load the relationship."
            onRetry={() => void relationship.refetch()}
          />
        )}
      </>
    );
  }
  return (
    <>
      {back}
      <RelationshipView detail={relationship.data} name={name ?? ''} />
    </>
  );
}

function RelationshipView({ detail, name }: { detail: RelationshipDetail; name: string }) {
  const timeZone = useTimeZone();
  // Reasons that count days up to now count them to now, which moves on while the page is open.
  const clock = { now: useNow(), timeZone };
  const timeline = readTimeline(detail.timeline);
  const buckets = bucketByMonth(timeline, timeZone);
  return (
    <>
      <h1>{name}</h1>
      <TimeZoneCaption />
      <p className="lede">
        {plural(detail.meetings, 'held meeting')}
        {detail.upcomingMeetings > 0 && `, ${detail.upcomingMeetings} upcoming`}
        {detail.lastMeeting && ` · last on ${formatDate(detail.lastMeeting, timeZone)}`}
        {detail.nextMeeting && ` · next on ${formatDate(detail.nextMeeting, timeZone)}`}
      </p>

      <section aria-labelledby="stage-heading" className="section">
        <h2 id="stage-heading">
          Stage: <Badge tone={stageTone(detail.stage)}>{humanize(detail.stage)}</Badge>
        </h2>
        {detail.stageReasons.length > 0 ? (
          <ReasonList reasons={detail.stageReasons} parts={detail.stageReasonParts} clock={clock} />
        ) : (
          <p>No reasons recorded.</p>
        )}
      </section>

      <section aria-labelledby="chart-heading" className="section">
        <h2 id="chart-heading">Meetings over time</h2>
        {buckets.length > 0 ? (
          <MeetingsChart buckets={buckets} />
        ) : (
          <EmptyState>
            <p>No meetings to chart yet.</p>
          </EmptyState>
        )}
      </section>

      <div className="two-columns">
        <section aria-labelledby="cadence-heading" className="section">
          <h2 id="cadence-heading">Cadence</h2>
          <dl className="facts">
            <div>
              <dt>Typical interval</dt>
              <dd>{cadenceText(detail.cadenceDays)}</dd>
            </div>
            <div>
              <dt>Trend</dt>
              <dd>{trendDescription(detail.cadenceTrend)}</dd>
            </div>
          </dl>
        </section>
        <section aria-labelledby="duration-heading" className="section">
          <h2 id="duration-heading">Duration</h2>
          <dl className="facts">
            <div>
              <dt>Typical length</dt>
              <dd>
                {detail.typicalDurationMinutes === null
                  ? 'Not known yet'
                  : `${Math.round(detail.typicalDurationMinutes)} minutes`}
              </dd>
            </div>
            <div>
              <dt>Trend</dt>
              <dd>{trendDescription(detail.durationTrend)}</dd>
            </div>
          </dl>
        </section>
      </div>

      {detail.reasons.length > 0 && (
        <section aria-labelledby="reasons-heading" className="section">
          <h2 id="reasons-heading">What calintel sees</h2>
          <ReasonList reasons={detail.reasons} parts={detail.reasonParts} clock={clock} />
          <p className="muted">Analysed {formatOptional(detail.computedAt, timeZone)}.</p>
        </section>
      )}

      <StakeholdersSection
        stakeholders={readStakeholders(detail.stakeholderDetails)}
        expansionReasons={detail.expansionReasons}
        computedAt={detail.computedAt}
      />
      <SeriesSection series={readSeries(detail.series)} />
      <StageHistorySection
        history={detail.stageHistory}
        changes={detail.stageChanges}
        current={{ stage: detail.stage, reasons: detail.stageReasons }}
      />
      <TimelineSection timeline={timeline} />
    </>
  );
}
