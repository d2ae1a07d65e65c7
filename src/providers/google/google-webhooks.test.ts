import { describe, expect, it } from 'vitest';
import {
  InvalidNotificationError,
  newChannelId,
  newChannelToken,
  parseGoogleNotification,
} from './google-webhooks.js';

const headers = {
  'x-goog-channel-id': 'chan-1',
  'x-goog-channel-token': 'secret',
  'x-goog-message-number': '7',
  'x-goog-resource-id': 'res-1',
  'x-goog-resource-state': 'exists',
  'x-goog-resource-uri': 'https://www.googleapis.com/calendar/v3/calendars/primary/events',
};

describe('parseGoogleNotification', () => {
  it('reads the channel, token, resource, state and message number', () => {
    expect(parseGoogleNotification(headers)).toEqual({
      channelId: 'chan-1',
      token: 'secret',
      resourceId: 'res-1',
      resourceState: 'exists',
      messageNumber: 7,
    });
  });

  it('rejects a request that is not a notification or names an unknown state', () => {
    expect(() => parseGoogleNotification({})).toThrow(InvalidNotificationError);
    expect(() =>
      parseGoogleNotification({ ...headers, 'x-goog-resource-state': 'deleted' }),
    ).toThrow(/unknown X-Goog-Resource-State/);
  });

  it('reads a missing token as null and a bad message number as unknown', () => {
    const { 'x-goog-channel-token': _token, ...withoutToken } = headers;
    const parsed = parseGoogleNotification({ ...withoutToken, 'x-goog-message-number': 'x' });
    expect(parsed.token).toBeNull();
    expect(parsed.messageNumber).toBeNull();
  });
});

describe('channel ids and tokens', () => {
  it('are unique, within Google limits, and tokens are long random secrets', () => {
    const ids = new Set(Array.from({ length: 100 }, newChannelId));
    expect(ids.size).toBe(100);
    for (const id of ids) expect(id.length).toBeLessThanOrEqual(64);
    expect(newChannelToken()).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(newChannelToken()).not.toBe(newChannelToken());
  });
});
