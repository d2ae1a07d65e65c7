/**
 * Pull subscriptions (contract §3.5): a subscription reads one mailbox's event log from a
 * watermark; each GetEvents resets its timeout. Watermarks are positions in that log, refused
 * (ErrorInvalidWatermark) once the log is purged; unknown or timed-out subscriptions give
 * ErrorSubscriptionNotFound, and one another account made ErrorSubscriptionAccessDenied (only
 * its creator may use it, learn.microsoft.com "EWS response codes"). The mailbox watched may be
 * another person's, whose Calendar the creator may read as their delegate (op-notifications.ts).
 */
import { randomBytes } from 'node:crypto';
import { decodeToken, encodeToken } from './ids.js';
import type { Mailbox, MailboxEvent } from './mailbox.js';
import { EwsError } from './soap.js';

export interface PullSubscription {
  id: string;
  /** The mailbox whose events it reports (whose log its watermarks are positions in). */
  mailbox: string;
  /** Who made it: the only account that may read or end it. */
  creator: string;
  eventTypes: Set<string>;
  /** The folders whose items it reports; null: every folder (SubscribeToAllFolders). */
  folderIds: Set<string> | null;
  timeoutMinutes: number;
  lastPolledMs: number;
}

export interface EventBatch {
  previousWatermark: string;
  events: { event: MailboxEvent; watermark: string }[];
  /** The watermark after the last event returned (or the given one when none are new). */
  watermark: string;
  moreEvents: boolean;
}

export class PullSubscriptions {
  private readonly subscriptions = new Map<string, PullSubscription>();

  constructor(private readonly nowMs: () => number) {}

  /** A new subscription of `creator` to `mailbox`'s events, from the given watermark or now. */
  subscribe(
    mailbox: Mailbox,
    creator: Mailbox,
    eventTypes: string[],
    timeoutMinutes: number,
    watermark: string | undefined,
    folderIds: string[] | null = null,
  ): { id: string; watermark: string } {
    if (timeoutMinutes < 1 || timeoutMinutes > 1440)
      throw new EwsError('ErrorInvalidSubscriptionRequest', 'Timeout must be 1 to 1440 minutes.');
    const position = watermark ? positionOf(mailbox, watermark) : mailbox.events.length;
    const id = randomBytes(24).toString('base64');
    this.subscriptions.set(id, {
      id,
      mailbox: mailbox.email,
      creator: creator.email,
      eventTypes: new Set(eventTypes),
      folderIds: folderIds && new Set(folderIds),
      timeoutMinutes,
      lastPolledMs: this.nowMs(),
    });
    return { id, watermark: watermarkOf(mailbox, position) };
  }

  /** The subscription `caller` made with this id. */
  get(id: string, caller: Mailbox): PullSubscription {
    const subscription = this.subscriptions.get(id);
    const expired =
      subscription &&
      this.nowMs() > subscription.lastPolledMs + subscription.timeoutMinutes * 60_000;
    if (!subscription || expired) {
      if (expired) this.subscriptions.delete(id);
      throw new EwsError('ErrorSubscriptionNotFound', 'The specified subscription was not found.');
    }
    if (subscription.creator !== caller.email)
      throw new EwsError(
        'ErrorSubscriptionAccessDenied',
        'The subscription can only be accessed by its creator.',
      );
    return subscription;
  }

  events(
    subscription: PullSubscription,
    mailbox: Mailbox,
    watermark: string,
    max: number,
  ): EventBatch {
    const from = positionOf(mailbox, watermark);
    subscription.lastPolledMs = this.nowMs();
    const batch: EventBatch = {
      previousWatermark: watermark,
      events: [],
      watermark,
      moreEvents: false,
    };
    for (const event of mailbox.events.slice(from)) {
      if (batch.events.length >= max) {
        batch.moreEvents = true;
        break;
      }
      batch.watermark = watermarkOf(mailbox, event.position);
      if (wanted(subscription, event)) batch.events.push({ event, watermark: batch.watermark });
    }
    return batch;
  }

  unsubscribe(id: string, caller: Mailbox): void {
    this.get(id, caller);
    this.subscriptions.delete(id);
  }

  /** Every subscription (to or by one mailbox, or all) times out now. */
  expire(mailbox?: string): number {
    let count = 0;
    const address = mailbox?.toLowerCase();
    for (const [id, s] of this.subscriptions) {
      if (address && s.mailbox !== address && s.creator !== address) continue;
      this.subscriptions.delete(id);
      count++;
    }
    return count;
  }

  list(): PullSubscription[] {
    return [...this.subscriptions.values()].map((s) => ({
      ...s,
      eventTypes: new Set(s.eventTypes),
      folderIds: s.folderIds && new Set(s.folderIds),
    }));
  }

  clear(): void {
    this.subscriptions.clear();
  }
}

/** Of a kind it asked for, in a folder it watches (a subscription names its folders). */
function wanted(subscription: PullSubscription, event: MailboxEvent): boolean {
  return (
    subscription.eventTypes.has(event.kind) &&
    (subscription.folderIds === null || subscription.folderIds.has(event.folderId))
  );
}

function watermarkOf(mailbox: Mailbox, position: number): string {
  return encodeToken({ k: 'wm', mb: mailbox.email, p: position, g: mailbox.watermarkGeneration });
}

function positionOf(mailbox: Mailbox, watermark: string): number {
  const token = decodeToken(watermark);
  const position = token?.p;
  const valid =
    token?.k === 'wm' &&
    token.mb === mailbox.email &&
    token.g === mailbox.watermarkGeneration &&
    typeof position === 'number' &&
    position >= 0 &&
    position <= mailbox.events.length;
  if (!valid) throw new EwsError('ErrorInvalidWatermark', 'The watermark is invalid.');
  return position;
}
