/**
 * POST /meetings/detect/ without a range detects over every stored event: from the retention
 * cutoff (365 days back by default) to the sync window's end (365 days ahead), not the sync
 * window's 90 days back; the answer and the OpenAPI document say so.
 */
import { expect, it } from 'vitest';
import { useNorthwindApi } from '../support/crm-meetings-api.js';
import { describeEachDialect } from '../support/databases.js';
import { CALENDAR_BASE } from '../support/meetings.js';
import { bearer, TEST_NOW } from '../support/test-app.js';

const DAY = 86_400_000;

describeEachDialect('the default detection range', (context) => {
  const { api, token } = useNorthwindApi(context);

  it('runs from the retention cutoff to the sync window’s end, as its answer says', async () => {
    const response = await api().server.inject({
      method: 'POST',
      url: `${CALENDAR_BASE}/meetings/detect/`,
      headers: bearer(token()),
    });
    expect(response.statusCode, response.body).toBe(202);
    expect(response.json()).toMatchObject({
      from: new Date(TEST_NOW.getTime() - 365 * DAY).toISOString(),
      // The window's end is counted from the start of today (UTC).
      to: '2027-03-01T00:00:00.000Z',
    });
  });

  it('the OpenAPI document describes that range, not the sync window', async () => {
    const docs = (await api().server.inject({ method: 'GET', url: '/api/docs/json' })).json();
    const detect = docs.paths[`${CALENDAR_BASE}/meetings/detect/`].post;
    expect(detect.description).toContain('from the retention cutoff');
    expect(detect.description).not.toContain('default: the sync window');
    expect(JSON.stringify(docs.components.schemas.DetectMeetingsRequest)).toContain(
      'EVENT_RETENTION_DAYS',
    );
  });
});
