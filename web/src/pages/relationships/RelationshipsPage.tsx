import { useQuery } from '@tanstack/react-query';
import { useId } from 'react';
import { Link } from 'react-router';
import {
  CADENCE_TRENDS,
  listRelationships,
  RELATIONSHIP_STAGES,
  type CadenceTrend,
  type RelationshipFilters,
  type RelationshipStage,
} from '../../api/relationships';
import { useTimeZone } from '../../app/session-context';
import { useDocumentTitle } from '../../app/use-document-title';
import { useFilterHistory } from '../../app/use-filter-history';
import { Badge } from '../../components/Badge';
import { EmptyState, ErrorState, Loading } from '../../components/StatusStates';
import { TableScroll } from '../../components/TableScroll';
import { formatDate } from '../../lib/format';
import { accountDisplayName, humanize } from '../../lib/labels';
import { accountPath } from './account-path';
import { stageTone, trendWord } from './relationship-labels';
import { SearchField } from '../../components/SearchField';
import { TimeZoneCaption } from '../../components/TimeZoneCaption';
import { searchText } from '../meetings/meeting-filters';

function readFilters(params: URLSearchParams): RelationshipFilters {
  const stage = params.get('stage');
  const trend = params.get('trend');
  const search = searchText(params.get('q'));
  return {
    ...((RELATIONSHIP_STAGES as readonly string[]).includes(stage ?? '')
      ? { stage: stage as RelationshipStage }
      : {}),
    ...((CADENCE_TRENDS as readonly string[]).includes(trend ?? '')
      ? { trend: trend as CadenceTrend }
      : {}),
    ...(search ? { q: search } : {}),
  };
}

export function RelationshipsPage() {
  useDocumentTitle('Relationships');
  const id = useId();
  const timeZone = useTimeZone();
  const filterHistory = useFilterHistory();
  const filters = readFilters(filterHistory.params);
  const relationships = useQuery({
    queryKey: ['relationships', filters],
    queryFn: ({ signal }) => listRelationships(filters, signal),
  });

  const change = (next: RelationshipFilters, field: string) => {
    const search = new URLSearchParams();
    if (next.stage) search.set('stage', next.stage);
    if (next.trend) search.set('trend', next.trend);
    if (next.q) search.set('q', next.q);
    filterHistory.write(search, field);
  };
  const filtered = filters.stage !== undefined || filters.trend !== undefined;
  const withoutSearch = (): RelationshipFilters => {
    const { q: _q, ...rest } = filters;
    return rest;
  };

  return (
    <>
      <h1>Relationships</h1>
      <TimeZoneCaption />
      <form
        className="filters"
        aria-label="Relationship filters"
        onSubmit={(e) => e.preventDefault()}
      >
        <SearchField
          id={`${id}-search`}
          label="Search"
          value={filters.q ?? null}
          normalize={searchText}
          onSearch={(q) => change(q ? { ...filters, q } : withoutSearch(), 'q')}
          handlers={filterHistory.control('q')}
          hint="Account name or domain"
        />
        <div className="field">
          <label htmlFor={`${id}-stage`}>Stage</label>
          <select
            id={`${id}-stage`}
            value={filters.stage ?? ''}
            {...filterHistory.control('stage')}
            onChange={(event) => {
              const { stage: _stage, ...rest } = filters;
              const stage = event.target.value as RelationshipStage | '';
              change(stage ? { ...rest, stage } : rest, 'stage');
            }}
          >
            <option value="">All stages</option>
            {RELATIONSHIP_STAGES.map((stage) => (
              <option key={stage} value={stage}>
                {humanize(stage)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-trend`}>Trend</label>
          <select
            id={`${id}-trend`}
            value={filters.trend ?? ''}
            {...filterHistory.control('trend')}
            onChange={(event) => {
              const { trend: _trend, ...rest } = filters;
              const trend = event.target.value as CadenceTrend | '';
              change(trend ? { ...rest, trend } : rest, 'trend');
            }}
          >
            <option value="">All trends</option>
            {CADENCE_TRENDS.map((trend) => (
              <option key={trend} value={trend}>
                {trendWord(trend)}
              </option>
            ))}
          </select>
        </div>
      </form>
      {relationships.isPending ? (
        <Loading>Loading relationships…</Loading>
      ) : relationships.isError ? (
        <ErrorState
          error={relationships.error}
          title="Could not load the relationships."
          onRetry={() => void relationships.refetch()}
        />
      ) : relationships.data.length === 0 ? (
        <EmptyState>
          <p>
            {filters.q
              ? `No account ${filtered ? 'with this stage and trend ' : ''}matches “${filters.q}”. Search for other words, or clear the search.`
              : filtered
                ? 'No account has this stage and trend. Choose “All stages” or “All trends” to see more.'
                : 'No relationships yet: they appear once sales meetings with customers are detected in your calendars. Connect calendars on the Connections page.'}
          </p>
        </EmptyState>
      ) : (
        <TableScroll label="Accounts">
          <table>
            <caption className="visually-hidden">Accounts, most recently met first</caption>
            <thead>
              <tr>
                <th scope="col">Account</th>
                <th scope="col">Stage</th>
                <th scope="col">Cadence trend</th>
                <th scope="col">Last meeting</th>
                <th scope="col">Next meeting</th>
                {/* As the account's page counts them: "1 held meeting, 2 upcoming". */}
                <th scope="col">Held meetings</th>
                <th scope="col">Upcoming meetings</th>
                <th scope="col">Stakeholders</th>
              </tr>
            </thead>
            <tbody>
              {relationships.data.map((r) => (
                <tr key={r.accountKey}>
                  <th scope="row" className="cell-text">
                    <Link to={accountPath(r.accountKey)}>
                      {accountDisplayName(r.name, r.accountKey)}
                    </Link>
                  </th>
                  <td>
                    <Badge tone={stageTone(r.stage)}>{humanize(r.stage)}</Badge>
                  </td>
                  <td>{trendWord(r.cadenceTrend)}</td>
                  <td>{r.lastMeeting ? formatDate(r.lastMeeting, timeZone) : '—'}</td>
                  <td>{r.nextMeeting ? formatDate(r.nextMeeting, timeZone) : '—'}</td>
                  <td>{r.meetings}</td>
                  <td>{r.upcomingMeetings}</td>
                  <td>
                    {r.stakeholders}
                    {r.newStakeholdersLast90Days > 0 && (
                      <span className="muted"> ({r.newStakeholdersLast90Days} new)</span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
    </>
  );
}
