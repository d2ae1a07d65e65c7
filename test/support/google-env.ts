/**
 * The settings that point the service at a running Google emulator: its OAuth client and every
 * Google base URL (see "Configuration" in the README), for tests that build the app against it.
 */
import type { RunningGoogleEmulator } from '../../emulators/google/server.js';

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
