/**
 * The meeting feedback tests' set-up and calls: Northwind's rep with Acme in her CRM and the sales
 * feed imported, and what the tests ask of the calendar API as her.
 */
import { expect } from 'vitest';
import type { MeetingView } from '../../src/api/meetings-schemas.js';
import type { Scope, Store } from '../../src/store/store.js';
import { CALENDAR_BASE, importCalendar, putAcmeCrm, salesFeed, seedNorthwind } from './meetings.js';
import { bearer, type TestApi } from './test-app.js';

export interface SalesRep {
  orgId: string;
  userId: string;
  token: string;
  scope: Scope;
  /** calintel's id of Acme, the CRM account. */
  acmeId: string;
}

/**
 * Northwind's rep with Acme in her CRM and the sales feed imported. Its meetings are detected by
 * whatever runs detection next: a started queue's drain, or a run the test starts itself.
 */
export async function seedSalesRep(api: TestApi, store: Store): Promise<SalesRep> {
  const seeded = await seedNorthwind(store);
  const acmeId = await putAcmeCrm(api.server, seeded.token);
  await importCalendar(api.server, seeded.token, salesFeed());
  return { ...seeded, scope: { orgId: seeded.orgId, userId: seeded.userId }, acmeId };
}

/** What a verdict answers. */
export interface FeedbackAnswer {
  meeting: MeetingView | null;
  propagatedTo: number;
}

/**
 * Calls to the calendar API on `api()` as the user of `token()` (read at each call, since the
 * hooks set them after this is made).
 */
export function meetingCalls(api: () => TestApi, token: () => string) {
  const request = (method: 'GET' | 'POST', url: string, payload?: object) =>
    api().server.inject({
      method,
      url: `${CALENDAR_BASE}${url}`,
      headers: bearer(token()),
      ...(payload ? { payload } : {}),
    });
  const byTitle = async (title: string): Promise<MeetingView[]> =>
    ((await request('GET', '/meetings/?limit=500')).json().items as MeetingView[]).filter(
      (m) => m.title === title,
    );
  const feedback = async (id: string, payload: object): Promise<FeedbackAnswer> => {
    const response = await request('POST', `/meetings/${id}/feedback/`, payload);
    expect(response.statusCode, response.body).toBe(200);
    return response.json() as FeedbackAnswer;
  };
  return { request, byTitle, feedback };
}

/** What the model says of a meeting, without the fields a verdict or a new id would change. */
export function modelSays(m: MeetingView | undefined) {
  return {
    source: m?.source,
    confidence: m?.confidence,
    meetingType: m?.meetingType,
    typeConfidence: m?.typeConfidence,
    reasons: m?.reasons,
  };
}
