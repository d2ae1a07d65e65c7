/**
 * POST /meetings/detect/ takes a range's bounds as the lists do: a date alone (YYYY-MM-DD) is
 * midnight at its start in the user's time zone (else UTC), a date-time is its own instant. It
 * refused dates as "Invalid ISO datetime".
 */
import { expect, it } from 'vitest';
import { useNorthwindApi } from '../support/crm-meetings-api.js';
import { describeEachDialect } from '../support/databases.js';
import { CALENDAR_BASE } from '../support/meetings.js';
import { bearer } from '../support/test-app.js';

describeEachDialect('detection over a range of dates', (context) => {
  const { api, token } = useNorthwindApi(context);

  const detect = (payload: object) =>
    api().server.inject({
      method: 'POST',
      url: `${CALENDAR_BASE}/meetings/detect/`,
      headers: bearer(token()),
      payload,
    });
  const setZone = async (timeZone: string | null) => {
    const response = await api().server.inject({
      method: 'PATCH',
      url: '/api/v1/me/',
      headers: bearer(token()),
      payload: { timeZone },
    });
    expect(response.statusCode, response.body).toBe(200);
  };

  it('a date is midnight at its start in UTC for a user without a zone', async () => {
    await setZone(null);
    const response = await detect({ from: '2026-12-01', to: '2026-12-31' });
    expect(response.statusCode, response.body).toBe(202);
    expect(response.json()).toMatchObject({
      from: '2026-12-01T00:00:00.000Z',
      to: '2026-12-31T00:00:00.000Z',
    });
  });

  it("a date is midnight in the user's zone; a date-time stays its own instant", async () => {
    await setZone('Asia/Tokyo');
    const response = await detect({ from: '2026-12-01', to: '2026-12-31T12:00:00+01:00' });
    expect(response.statusCode, response.body).toBe(202);
    expect(response.json()).toMatchObject({
      from: '2026-11-30T15:00:00.000Z',
      to: '2026-12-31T11:00:00.000Z',
    });
  });

  it('a date that is not one, or a range that ends before it starts, is a 400', async () => {
    const bad = await detect({ from: '2026-13-01' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.message).toMatch(
      /^body\.from: "2026-13-01" is not a date \(YYYY-MM-DD/,
    );
    const backwards = await detect({ from: '2026-12-31', to: '2026-12-01' });
    expect(backwards.statusCode).toBe(400);
    expect(backwards.json().error).toEqual({
      code: 'invalid_input',
      message: 'body.to: must be after from',
    });
  });
});
