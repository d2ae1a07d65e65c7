/**
 * The settings that point the service at a running Google emulator: its OAuth client and every
 * Google base URL (see "Configuration" in the README), for tests that build the app against it.
 */
import type { FastifyInstance } from 'fastify';
import type { RunningGoogleEmulator } from '../../emulators/google/server.js';
import { finishCallbackInject } from './oauth-callback.js';
import { bearer } from './test-app.js';

/** Dana's Google account with her own calendar and a team calendar, both empty, in UTC. */
export function danaAndTeamSeed(dana: string, team: string) {
  return {
    users: [
      {
        email: dana,
        name: 'Dana',
        calendars: [
          { id: dana, summary: 'Dana', timeZone: 'UTC', primary: true, events: [] },
          { id: team, summary: 'Team', timeZone: 'UTC', events: [] },
        ],
      },
    ],
  };
}

export function googleEmulatorEnv(
  emulator: Pick<RunningGoogleEmulator, 'clientId' | 'clientSecret' | 'url'>,
): Record<string, string> {
  return {
    GOOGLE_CALENDAR_CLIENT_ID: emulator.clientId,
    GOOGLE_CALENDAR_CLIENT_SECRET: emulator.clientSecret,
    GOOGLE_CALENDAR_API_URL: `${emulator.url}/`,
    GOOGLE_OAUTH_AUTHORIZE_URL: `${emulator.url}/o/oauth2/v2/auth`,
    GOOGLE_OAUTH_TOKEN_URL: `${emulator.url}/token`,
    GOOGLE_OAUTH_REVOKE_URL: `${emulator.url}/revoke`,
  };
}

/**
 * Connects `loginHint`'s Google account through the API, as the dashboard does: the connect
 * call, the emulator's consent (automatic), the callback. Throws unless the callback answers 200.
 */
export async function connectGoogleByApi(
  server: FastifyInstance,
  apiToken: string,
  loginHint: string,
): Promise<void> {
  const started = await server.inject({
    method: 'POST',
    url: '/api/v1/calendar/providers/google/connect/',
    headers: bearer(apiToken),
    payload: { loginHint },
  });
  const consent = await fetch(started.json<{ authorizationUrl: string }>().authorizationUrl, {
    redirect: 'manual',
  });
  const callback = new URL(consent.headers.get('location') ?? '');
  const answer = await finishCallbackInject(server, `${callback.pathname}${callback.search}`);
  if (answer.statusCode !== 200)
    throw new Error(`the OAuth callback answered ${answer.statusCode}: ${answer.body}`);
}

/** events.watch called by hand with the connection's access token, as a process that died did. */
export async function watchByHand(
  emulator: Pick<RunningGoogleEmulator, 'url'>,
  accessToken: string,
  channel: { calendar: string; id: string; token: string },
): Promise<Response> {
  return fetch(
    `${emulator.url}/calendar/v3/calendars/${encodeURIComponent(channel.calendar)}/events/watch`,
    {
      method: 'POST',
      headers: { authorization: `Bearer ${accessToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        id: channel.id,
        type: 'web_hook',
        address: 'http://127.0.0.1:9/api/v1/calendar/webhook/google/',
        token: channel.token,
      }),
    },
  );
}
