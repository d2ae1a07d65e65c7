/**
 * Pull subscriptions (Subscribe, GetEvents): how the service learns between scheduled syncs that
 * a calendar changed. One subscription watches folders of one mailbox only (EWS answers
 * ErrorInvalidSubscriptionRequest to folders of two; learn.microsoft.com, "Handling
 * notification-related errors in EWS in Exchange"), so the connection's own calendar folders
 * share one, and each other person's Calendar the user added has its own: Subscribe names it with
 * the owner's address on the folder id, as every other call on it does (exchange-shared.ts), and
 * the same permission allows it. One the owner no longer allows (ErrorAccessDenied on GetEvents
 * or Subscribe, ErrorNonExistentMailbox, ErrorFolderNotFound) is `refused`: the caller then syncs
 * that calendar, which finds it `gone` (exchange-calendars.ts, withdrawnOr). So is one a server
 * without delegate subscriptions refuses (ErrorSubscriptionDelegateAccessNotSupported, Exchange
 * 2007), whose calendar then syncs on its schedule.
 */
import { ProviderError } from '../provider.js';
import type { ExchangeSession } from './exchange-client.js';
import { isSubscriptionGone, readFailure, sharedCalendarRefusal } from './exchange-errors.js';

/** A pull subscription as the caller keeps it between polls. */
export interface ExchangeSubscription {
  subscriptionId: string;
  watermark: string;
  /**
   * The calendars (providerCalendarIds) whose folders it watches; absent on subscriptions made
   * before other calendar folders were synced, which watch the Calendar alone.
   */
  calendarIds?: string[];
}

/** A new subscription, and the calendars it leaves out because their folders are gone. */
export interface Subscribed {
  subscription: ExchangeSubscription;
  /**
   * Calendars asked for whose folders Subscribe did not find and a fresh listing no longer gives
   * (hard-deleted since calendar discovery last listed them): the caller marks them missing, or
   * it would ask for them again on every poll.
   */
  dropped: string[];
}

export interface PollResult extends Subscribed {
  /** Whether the calendar changed since the last poll (or may have: a new subscription). */
  changed: boolean;
}

/** What polling another person's Calendar found. */
export type SharedWatch =
  | {
      state: 'watching';
      subscription: ExchangeSubscription;
      /** Its items changed since the last poll, or may have: the subscription is new. */
      changed: boolean;
    }
  /** Exchange no longer lets this mailbox watch it; `code` is what it answered. */
  | { state: 'refused'; code: string };

/** The subscription's events after its watermark (all of them, while MoreEvents). */
export async function readEvents(
  session: ExchangeSession,
  subscription: ExchangeSubscription,
): Promise<{ changed: boolean; subscription: ExchangeSubscription }> {
  let current = subscription;
  let changed = false;
  for (;;) {
    const batch = await session.getEvents(current.subscriptionId, current.watermark);
    changed ||= batch.itemIds.length > 0;
    current = { ...current, watermark: batch.watermark };
    if (!batch.more) return { changed, subscription: current };
  }
}

/**
 * Reads the events of `address`'s Calendar since the last poll through `current`, or subscribes
 * to it when there is none, when it expired or lost its watermark, or when GetEvents refused it
 * (a permission withdrawn shows there first): a new subscription counts as a change, since what
 * happened before it is unknown. Subscribe refused is `refused`; other failures are thrown.
 */
export async function watchSharedCalendar(
  session: ExchangeSession,
  address: string,
  timeoutMinutes: number,
  current: ExchangeSubscription | null,
): Promise<SharedWatch> {
  if (current) {
    try {
      return { state: 'watching', ...(await readEvents(session, current)) };
    } catch (error) {
      if (!isSubscriptionGone(error) && sharedCalendarRefusal(error) === null) throw error;
    }
  }
  try {
    const made = await session.subscribe([address], timeoutMinutes, null);
    return { state: 'watching', subscription: { ...made, calendarIds: [address] }, changed: true };
  } catch (error) {
    const code = sharedCalendarRefusal(error) ?? delegateSubscriptionRefusal(error);
    if (code === null) throw error;
    return { state: 'refused', code };
  }
}

/**
 * A server that lets a delegate read another person's Calendar but not subscribe to it
 * (Exchange 2007: "Subscriptions are not supported for delegate user access").
 */
function delegateSubscriptionRefusal(error: unknown): string | null {
  const code = readFailure(error instanceof ProviderError ? error.cause : error).code;
  return code === 'ErrorSubscriptionDelegateAccessNotSupported' ? code : null;
}
