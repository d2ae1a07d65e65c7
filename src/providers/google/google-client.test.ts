import { describe, expect, it } from 'vitest';
import { ProviderError } from '../provider.js';
import { readEventsPage } from './google-client.js';

const items = [
  { id: 'a', summary: 'Demo "Q3"', start: { dateTime: '2026-03-02T10:00:00Z' } },
  { id: 'b', status: 'cancelled' },
];

describe('readEventsPage', () => {
  it('parses a text body and keeps each item with its own JSON', () => {
    const body = JSON.stringify({ kind: 'calendar#events', items, nextSyncToken: 's' });
    const page = readEventsPage(body);
    expect(page.items).toEqual(items);
    expect(page.nextSyncToken).toBe('s');
    expect(page.itemTexts).toEqual(items.map((item) => JSON.stringify(item)));
  });

  it('has no item texts when the body has no items array, or came parsed already', () => {
    expect(readEventsPage('{"kind":"calendar#events","nextSyncToken":"s"}').itemTexts).toBeNull();
    const parsed = readEventsPage({ items, nextSyncToken: 's' });
    expect(parsed.items).toEqual(items);
    expect(parsed.itemTexts).toBeNull();
  });

  it('reads a body that is not JSON as a transient provider error', () => {
    const read = () => readEventsPage('{"items": [ {"id": "a"');
    expect(read).toThrow(ProviderError);
    expect(read).toThrow(/not JSON/);
    try {
      read();
    } catch (error) {
      expect((error as ProviderError).kind).toBe('transient');
    }
  });
});
