/**
 * Run by exchange-process-zone.test.ts as a process of its own, with TZ set: ews-javascript-api
 * reads date-only values in the process's zone, and a test's own process has one zone for all
 * its files. Reads Alice's calendar through the Exchange provider (a first sync over the window)
 * and prints, as one JSON line, the zone it ran in, the events' starts, and each series' range and
 * each item's zone (its id and, for a zone no table knows, its definition) as the provider read
 * them.
 *
 * Arguments: the emulator's EWS URL, Alice's password, the window's start and end (ISO).
 */
import { ExchangeClient } from '../../src/providers/exchange/exchange-client.js';
import { ExchangeProvider } from '../../src/providers/exchange/exchange-provider.js';
import type { ProviderConnection } from '../../src/providers/provider.js';

const [ewsUrl, password, from, to] = process.argv.slice(2);
if (!ewsUrl || !password || !from || !to)
  throw new Error('usage: read-in-zone URL PASSWORD FROM TO');

const credentials = { authType: 'basic', username: 'alice', password } as const;
const settings = { serverUrl: ewsUrl, version: 'Exchange2013_SP1' };
const connection: ProviderConnection = { id: 'zone-check', secrets: credentials, settings };
const client = new ExchangeClient();
const provider = new ExchangeProvider(client);

const [calendar] = await provider.listCalendars(connection);
if (!calendar) throw new Error('no calendar');
const starts: string[] = [];
const window = { from: new Date(from), to: new Date(to) };
for await (const page of provider.fetchChanges({ connection, calendar, cursor: null, window }))
  starts.push(...page.upserts.map((upsert) => `${upsert.event.start} ${upsert.event.title}`));

const session = client.session(settings, credentials);
const batch = await session.syncBatch(calendar.providerCalendarId, null);
const { items } = await session.getItems(batch.changes.map((change) => change.id));
const ranges = Object.fromEntries(
  items.flatMap((item) => (item.recurrence ? [[item.id, item.recurrence.range]] : [])),
);
const zones = Object.fromEntries(
  items.map((item) => [
    item.id,
    { id: item.startTimeZone, definition: item.startTimeZoneDefinition ?? null },
  ]),
);

process.stdout.write(
  `${JSON.stringify({
    zone: Intl.DateTimeFormat().resolvedOptions().timeZone,
    offsetMinutes: -new Date('2026-03-23T12:00:00Z').getTimezoneOffset(),
    starts: starts.sort(),
    ranges,
    zones,
  })}\n`,
);
