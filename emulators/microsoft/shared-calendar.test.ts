/**
 * A calendar another person shared, added in Outlook: Graph lists it among the user's calendars
 * with that person as its `owner` (and canEdit as shared), and its events as theirs.
 */
import type { Client } from '@microsoft/microsoft-graph-client';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startMicrosoftEmulator, type RunningMicrosoftEmulator } from './index.js';
import { ALICE, buildEvent, buildSeed, connect, NOW } from './test-kit.js';

const BOSS = { name: 'Bea Boss', address: 'boss@contoso.test' };

let emulator: RunningMicrosoftEmulator;
let graph: Client;

beforeAll(async () => {
  const seed = buildSeed([]);
  seed.users[0]!.calendars!.push({
    id: 'cal-boss',
    name: 'Bea Boss',
    sharedBy: BOSS,
    canEdit: false,
    events: [buildEvent({ id: 'AAMkBoss', subject: 'Board review' })],
  });
  emulator = await startMicrosoftEmulator({ now: () => NOW, seed });
  ({ graph } = await connect(emulator));
});

afterAll(async () => {
  await emulator.close();
});

it('lists a calendar shared by another person with them as its owner, read-only if so shared', async () => {
  const calendars = (await graph.api('/me/calendars').get()) as {
    value: Record<string, unknown>[];
  };
  expect(calendars.value.map((c) => [c.id, c.owner, c.canEdit])).toEqual([
    ['cal-alice', { name: 'Alice Example', address: ALICE }, true],
    ['cal-alice-2', { name: 'Alice Example', address: ALICE }, true],
    ['cal-boss', BOSS, false],
  ]);
});

it("makes its events the sharer's: organised by them unless the seed says otherwise", () => {
  const [event] = emulator.state.listTruth('cal-boss');
  expect(event?.organizer?.emailAddress.address).toBe(BOSS.address);
});
