/**
 * The conflict settings' patch is strict: a misspelled or unknown key, in the policy or beside
 * it, is a 400 naming the key, and nothing is stored (it used to be stored and answered 200,
 * so `autoresolve: { enabled: true }` left auto-resolution off without a word). Everything the
 * documented policy has is still accepted.
 */
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { describeEachDialect, seedTenant } from '../support/databases.js';
import { CALENDAR_BASE } from '../support/meetings.js';
import { bearer, buildTestApi, type TestApi } from '../support/test-app.js';

/** Every key the policy documents, in each of the forms it accepts. */
const FULL_POLICY = {
  autoResolve: { enabled: true, mergeDuplicates: false, releaseHolds: true },
  offices: [
    {
      name: 'Berlin HQ',
      location: 'Friedrichstraße 43, Berlin, Germany',
      timeZone: 'Europe/Berlin',
    },
    { name: 'Lisbon', location: { lat: 38.72, lng: -9.14 }, timeZone: null },
    { name: 'Remote', location: null },
  ],
  workingHours: { start: '09:00', end: '17:30', days: [1, 'tue', 'Wednesday', 4, 5] },
  timeZones: { 'ana@acme.test': 'Europe/Lisbon' },
  defaultTimeZone: 'Europe/Berlin',
  travel: {
    bufferMinutes: 15,
    walkingKmh: 4.5,
    maxWalkingKm: 2,
    townKmh: 25,
    townKm: 30,
    highwayKmh: 90,
    parkingMinutes: 10,
    maxDrivingKm: 400,
    minFlyingKm: 500,
    flyingKmh: 700,
    airportOverheadMinutes: 120,
    detourFactor: 1.3,
    sameCityMinutes: 30,
    unknownPlaceGapMinutes: 0,
  },
};

describeEachDialect('conflict settings: unknown keys', (context) => {
  let api: TestApi;
  let token: string;

  beforeAll(async () => {
    api = await buildTestApi(context().store);
  });

  beforeEach(async () => {
    const tenant = await seedTenant(context().store, 'strict-settings');
    token = (await context().store.apiTokens.create(tenant.scope, 'test')).token;
  });

  afterAll(async () => api?.close());

  const settings = (method: 'GET' | 'PATCH', payload?: unknown) =>
    api.server.inject({
      method,
      url: `${CALENDAR_BASE}/conflicts/settings/`,
      headers: bearer(token),
      ...(payload === undefined ? {} : { payload: payload as object }),
    });

  it.each([
    [{ policy: { autoresolve: { enabled: true } } }, 'autoresolve'],
    [{ policy: { autoResolve: { enable: true } } }, 'enable'],
    [{ policy: { autoResolve: { enabled: true }, workinghours: {} } }, 'workinghours'],
    [{ policy: { travel: { bufferMinute: 10 } } }, 'bufferMinute'],
    [{ policy: { offices: [{ name: 'HQ', tz: 'Europe/Berlin' }] } }, 'tz'],
    [{ policy: { workingHours: { start: '09:00', end: '17:00', weekdays: [1] } } }, 'weekdays'],
    [{ writeback: true }, 'writeback'],
  ])('%j is a 400 invalid_input naming %s, and changes nothing', async (patch, key) => {
    const response = await settings('PATCH', patch);
    expect(response.statusCode, response.body).toBe(400);
    expect(response.json()).toEqual({
      error: { code: 'invalid_input', message: expect.stringContaining(`"${key}"`) },
    });
    expect((await settings('GET')).json()).toEqual({
      writeBack: false,
      policy: { autoResolve: { enabled: false, mergeDuplicates: true, releaseHolds: true } },
    });
  });

  it('accepts every documented key of the policy, and stores the policy as given', async () => {
    const response = await settings('PATCH', { policy: FULL_POLICY });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toEqual({ writeBack: false, policy: FULL_POLICY });
    expect((await settings('GET')).json().policy).toEqual(FULL_POLICY);
  });

  it('accepts the null a policy may hold for a setting it does not use', async () => {
    const policy = {
      offices: null,
      workingHours: null,
      timeZones: null,
      defaultTimeZone: null,
      travel: null,
    };
    const response = await settings('PATCH', { policy });
    expect(response.statusCode, response.body).toBe(200);
  });

  it('accepts what the dashboard sends: the write-back choice alone', async () => {
    const response = await settings('PATCH', { writeBack: true });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json().writeBack).toBe(true);
  });
});
