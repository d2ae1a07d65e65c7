import { describe, expect, it } from 'vitest';
import {
  isHeld,
  REFUSED_SUBSCRIPTION_HOLD_MS,
  sharedSubscriptionsOf,
} from './exchange-shared-watch.js';

describe('sharedSubscriptionsOf', () => {
  it('reads the subscriptions kept by owner address, without anything else they carried', () => {
    const settings = {
      sharedSubscriptions: {
        'boss@contoso.test': { subscriptionId: 'S1', watermark: 'W1', calendarIds: ['x'] },
      },
    };
    expect(sharedSubscriptionsOf(settings)).toEqual({
      'boss@contoso.test': { subscriptionId: 'S1', watermark: 'W1' },
    });
  });

  it('leaves out what is not a subscription, and reads none from a missing or odd setting', () => {
    expect(sharedSubscriptionsOf({})).toEqual({});
    expect(sharedSubscriptionsOf({ sharedSubscriptions: ['S1'] })).toEqual({});
    expect(sharedSubscriptionsOf({ sharedSubscriptions: 'S1' })).toEqual({});
    const mixed = {
      sharedSubscriptions: {
        'a@contoso.test': { subscriptionId: 'S1' },
        'b@contoso.test': null,
        'c@contoso.test': { subscriptionId: 'S3', watermark: 'W3' },
      },
    };
    expect(sharedSubscriptionsOf(mixed)).toEqual({
      'c@contoso.test': { subscriptionId: 'S3', watermark: 'W3' },
    });
  });
});

describe('isHeld', () => {
  const refused = '2026-03-01T12:00:00.000Z';
  const at = (ms: number) => new Date(Date.parse(refused) + ms);

  it('holds a refusal for the hold time, then lets the calendar be asked again', () => {
    expect(isHeld(refused, at(0))).toBe(true);
    expect(isHeld(refused, at(REFUSED_SUBSCRIPTION_HOLD_MS - 1))).toBe(true);
    expect(isHeld(refused, at(REFUSED_SUBSCRIPTION_HOLD_MS))).toBe(false);
  });

  it('holds nothing without a refusal, or with one in the future (a clock set back)', () => {
    expect(isHeld(undefined, at(0))).toBe(false);
    expect(isHeld(refused, at(-60_000))).toBe(false);
    expect(isHeld('not a time', at(0))).toBe(false);
  });
});
