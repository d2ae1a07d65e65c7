import { describe, expect, it } from 'vitest';
import {
  clientStateHash,
  clientStateMatches,
  InvalidNotificationError,
  isLifecycleBatch,
  lifecycleAction,
  newClientState,
  parseChangeNotifications,
  parseLifecycleNotifications,
  validationAnswer,
} from './microsoft-webhooks.js';

/** A batch as Graph POSTs it (change-notifications-delivery-webhooks). */
const batch = {
  value: [
    {
      subscriptionId: '7f105c7d-2dc5-4530-97cd-4e7ae6534c07',
      subscriptionExpirationDateTime: '2026-03-03T11:00:00.0000000-08:00',
      changeType: 'updated',
      resource: 'Users/7e3b5a6c/Events/AAMkAGUwNjQ4ZjIxAAA=',
      resourceData: {
        '@odata.type': '#Microsoft.Graph.Event',
        '@odata.id': 'Users/7e3b5a6c/Events/AAMkAGUwNjQ4ZjIxAAA=',
        '@odata.etag': 'W/"CQAAABYAAADkrWGo7bouTKlsgTZMr9KwAAAUWRHf"',
        id: 'AAMkAGUwNjQ4ZjIxAAA=',
      },
      clientState: 'secretClientValue',
      tenantId: '84bd8158-6d4d-4958-8b9f-9d6445542f95',
    },
    {
      subscriptionId: 'other',
      changeType: 'deleted',
      resource: 'Users/7e3b5a6c/Events/AAMkDeleted',
    },
  ],
};

describe('validationAnswer', () => {
  it('echoes the decoded token as text/plain, and is null for anything else', () => {
    const token =
      'Validation: Testing client application reachability for subscription Request-Id: 1';
    expect(validationAnswer({ validationToken: token })).toEqual({
      status: 200,
      contentType: 'text/plain; charset=utf-8',
      body: token,
    });
    const params = new URLSearchParams(`validationToken=${encodeURIComponent(token)}`);
    expect(validationAnswer(params)?.body).toBe(token);
    expect(validationAnswer({})).toBeNull();
  });
});

describe('parseChangeNotifications', () => {
  it('reads every entry of a batch that mixes subscriptions', () => {
    expect(parseChangeNotifications(batch)).toEqual([
      {
        subscriptionId: '7f105c7d-2dc5-4530-97cd-4e7ae6534c07',
        clientState: 'secretClientValue',
        changeType: 'updated',
        resource: 'Users/7e3b5a6c/Events/AAMkAGUwNjQ4ZjIxAAA=',
        eventId: 'AAMkAGUwNjQ4ZjIxAAA=',
        tenantId: '84bd8158-6d4d-4958-8b9f-9d6445542f95',
        subscriptionExpiresAt: Date.parse('2026-03-03T19:00:00Z'),
      },
      expect.objectContaining({ clientState: null, eventId: 'AAMkDeleted', changeType: 'deleted' }),
    ]);
  });

  it('refuses what is not a notification', () => {
    expect(() => parseChangeNotifications({})).toThrow(InvalidNotificationError);
    expect(() =>
      parseChangeNotifications({
        value: [{ subscriptionId: 's', changeType: 'moved', resource: 'r' }],
      }),
    ).toThrow(InvalidNotificationError);
  });
});

describe('lifecycle notifications', () => {
  it('are told apart from change batches and say what to do', () => {
    const body = {
      value: [
        {
          subscriptionId: 's1',
          subscriptionExpirationDateTime: '2026-03-03T00:00:00Z',
          tenantId: 't',
          clientState: 'c',
          lifecycleEvent: 'reauthorizationRequired',
        },
        { subscriptionId: 's2', lifecycleEvent: 'subscriptionRemoved' },
        { subscriptionId: 's3', lifecycleEvent: 'missed' },
      ],
    };
    expect(isLifecycleBatch(body)).toBe(true);
    expect(isLifecycleBatch(batch)).toBe(false);
    const parsed = parseLifecycleNotifications(body);
    expect(parsed.map((n) => lifecycleAction(n.lifecycleEvent))).toEqual([
      'renew',
      'recreate_and_resync',
      'resync',
    ]);
    expect(parsed[0]).toMatchObject({ clientState: 'c', tenantId: 't' });
    expect(() =>
      parseLifecycleNotifications({ value: [{ subscriptionId: 's', lifecycleEvent: 'x' }] }),
    ).toThrow(InvalidNotificationError);
  });
});

describe('clientState', () => {
  it('is random, fits Graph limit, and matches only itself against its stored hash', () => {
    const state = newClientState();
    expect(state.length).toBeLessThanOrEqual(128);
    expect(newClientState()).not.toBe(state);
    const stored = clientStateHash(state);
    expect(clientStateMatches(state, stored)).toBe(true);
    expect(clientStateMatches(`${state}x`, stored)).toBe(false);
    expect(clientStateMatches(null, stored)).toBe(false);
    expect(clientStateMatches(state, 'not-a-hash')).toBe(false);
  });
});
