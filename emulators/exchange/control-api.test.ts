import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startExchangeEmulator, type RunningExchangeEmulator } from './index.js';
import { ALICE, buildItem, buildSeed } from './test-kit.js';

let emulator: RunningExchangeEmulator;

beforeAll(async () => {
  emulator = await startExchangeEmulator({ protocol: 'http', seed: buildSeed([]) });
});
afterAll(() => emulator.close());

async function call(method: string, path: string, body?: unknown) {
  const response = await fetch(`${emulator.url}/__control${path}`, {
    method,
    ...(body === undefined
      ? {}
      : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, body: text ? (JSON.parse(text) as unknown) : null };
}

describe('control API', () => {
  it('adds a series, edits and deletes occurrences, cancels and deletes items, and resets', async () => {
    const series = buildItem({
      id: 'AAMkCtl',
      recurrence: {
        pattern: { type: 'Daily', interval: 1 },
        range: { type: 'Numbered', numberOfOccurrences: 3 },
      },
    });
    expect((await call('POST', `/mailboxes/${ALICE}/items`, series)).status).toBe(201);
    await call('POST', `/mailboxes/${ALICE}/items/AAMkCtl/occurrences/modify`, {
      originalStart: '2026-03-03T09:00:00Z',
      start: '2026-03-03T15:00:00Z',
      end: '2026-03-03T16:00:00Z',
    });
    await call('POST', `/mailboxes/${ALICE}/items/AAMkCtl/occurrences/delete`, {
      originalStart: '2026-03-04T09:00:00Z',
    });
    const view = await call(
      'GET',
      `/mailboxes/${ALICE}/view?start=2026-03-01T00:00:00Z&end=2026-03-10T00:00:00Z`,
    );
    expect(view.body).toMatchObject({
      items: [
        { type: 'Occurrence', start: '2026-03-02T09:00:00.000Z' },
        { type: 'Exception', start: '2026-03-03T15:00:00.000Z' },
      ],
    });
    const cancelled = await call('POST', `/mailboxes/${ALICE}/items/AAMkCtl/cancel`);
    expect(cancelled.body).toMatchObject({ isCancelled: true });
    expect((await call('DELETE', `/mailboxes/${ALICE}/items/AAMkCtl`)).status).toBe(204);
    expect((await call('DELETE', `/mailboxes/${ALICE}/items/AAMkCtl`)).status).toBe(404);
    expect((await call('POST', '/faults', { fault: 'serverBusy', times: 1 })).status).toBe(201);
    expect((await call('POST', '/reset')).status).toBe(204);
    expect((await call('GET', '/faults')).body).toEqual([]);
    expect((await call('GET', `/mailboxes/${ALICE}/items`)).body).toEqual({ items: [] });
  });

  it('answers bad input with 400', async () => {
    expect((await call('POST', `/mailboxes/${ALICE}/items`, { subject: 'no times' })).status).toBe(
      400,
    );
    expect((await call('GET', '/mailboxes/nobody@contoso.test/items')).status).toBe(400);
  });
});
