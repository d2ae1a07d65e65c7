/**
 * The three provider emulators the demo runs beside the service, seeded with Northwind's
 * calendars: Google for most people, Microsoft (Outlook) for a few, Exchange (EWS) for one.
 */
import {
  startGoogleEmulator,
  type RunningGoogleEmulator,
} from '../../../emulators/google/index.js';
import {
  startExchangeEmulator,
  type RunningExchangeEmulator,
} from '../../../emulators/exchange/index.js';
import {
  startMicrosoftEmulator,
  type RunningMicrosoftEmulator,
} from '../../../emulators/microsoft/index.js';
import type { DemoOrganisation } from './northwind-org.js';
import { exchangeSeedFor } from './exchange-seed.js';
import { splitSeed } from './outlook-seed.js';

/** The people whose calendars are in Outlook (the others' are in Google Calendar). */
export const OUTLOOK_PEOPLE: ReadonlySet<string> = new Set([
  'chloe@northwind.io',
  'ines@northwind.io',
  'jonas@northwind.io',
]);
/** The person whose mailbox is on the company's Exchange server, and the demo's password. */
export const EXCHANGE_PERSON = 'priya@northwind.io';
export const EXCHANGE_PASSWORD = 'Northwind-Demo-1';

export interface DemoEmulatorPorts {
  /** Each 0 (default) picks a free port. */
  google?: number;
  outlook?: number;
  exchange?: number;
}

export interface DemoEmulators {
  google: RunningGoogleEmulator;
  outlook: RunningMicrosoftEmulator;
  exchange: RunningExchangeEmulator;
  close(): Promise<void>;
}

/**
 * Starts all three; if one fails to start, those already started are closed again. Google and
 * Microsoft show their account picker and consent form, as the real ones do: the dashboard's
 * "Connect" names no account, and an emulator that redirected at once would connect its first
 * seeded mailbox for anyone who asked.
 */
export async function startDemoEmulators(
  organisation: DemoOrganisation,
  ports: DemoEmulatorPorts = {},
): Promise<DemoEmulators> {
  const seeds = splitSeed(
    {
      ...organisation.seed,
      users: organisation.seed.users.filter((u) => u.email !== EXCHANGE_PERSON),
    },
    OUTLOOK_PEOPLE,
  );
  const google = await startGoogleEmulator({
    port: ports.google ?? 0,
    seed: seeds.google,
    consent: 'form',
    pushRetryDelaysMs: [500, 2000, 8000],
  });
  const outlook = await startMicrosoftEmulator({
    port: ports.outlook ?? 0,
    seed: seeds.graph,
    consent: 'form',
  }).catch(async (error: unknown) => {
    await google.close();
    throw error;
  });
  const exchange = await startExchangeEmulator({
    port: ports.exchange ?? 0,
    seed: exchangeSeedFor(organisation.seed, EXCHANGE_PERSON, EXCHANGE_PASSWORD),
  }).catch(async (error: unknown) => {
    await google.close();
    await outlook.close();
    throw error;
  });
  return {
    google,
    outlook,
    exchange,
    close: async () => {
      await google.close();
      await outlook.close();
      await exchange.close();
    },
  };
}
