/**
 * What POST /webhook/outlook/ does: the validation handshake first (Graph wants the token echoed
 * as text/plain within 10 s), else a batch of change or lifecycle notifications. Each entry is
 * judged alone, since Graph puts several subscriptions (other users') in one batch: an entry that
 * names a subscription we made with the clientState we gave it is acted on, one that does not is
 * dropped, logged and counted as rejected. The batch is answered 202 when at least one entry was
 * genuine, 401 when none was. Changes only queue a sync of their calendar (bursts coalesce), so
 * the answer leaves within Graph's 3 s. The metric counts entries: accepted (acted on), ignored
 * (a subscription no longer active), rejected (refused); a batch that cannot be read, or holds
 * more than the cap, counts once as rejected.
 */
import { AppError } from '../../domain/errors.js';
import {
  InvalidNotificationError,
  isLifecycleBatch,
  lifecycleAction,
  parseChangeNotifications,
  parseLifecycleNotifications,
  validationAnswer,
  type LifecycleEvent,
} from '../../providers/microsoft/microsoft-webhooks.js';
import type { PushChannel } from '../../store/store.js';
import type { MicrosoftServiceDeps } from './microsoft-deps.js';
import type { MicrosoftSubscriptions } from './microsoft-subscriptions.js';

export type OutlookWebhookAnswer =
  | { outcome: 'handshake'; contentType: string; body: string }
  | { outcome: 'accepted' | 'ignored' | 'rejected' | 'malformed'; reason: string };

/**
 * Entries one batch may hold. Graph documents no maximum and sends a handful at a time (one per
 * change, several subscriptions together); a thousand is far above that. The webhook is open to
 * anyone, and every distinct entry costs a database lookup, so a longer batch is refused whole
 * (413) before anything is looked up.
 */
export const MAX_NOTIFICATIONS_PER_BATCH = 1_000;

/** How many entries of a batch had each outcome (the push-notifications metric). */
interface Counts {
  accepted: number;
  ignored: number;
  rejected: number;
}

interface Entry {
  subscriptionId: string;
  clientState: string | null;
  lifecycleEvent?: LifecycleEvent;
}

export class MicrosoftNotifications {
  constructor(
    private readonly deps: MicrosoftServiceDeps,
    private readonly subscriptions: MicrosoftSubscriptions,
  ) {}

  async handle(request: {
    query: Record<string, unknown>;
    body: unknown;
  }): Promise<OutlookWebhookAnswer> {
    const handshake = validationAnswer(request.query);
    if (handshake)
      return { outcome: 'handshake', contentType: handshake.contentType, body: handshake.body };
    const entries = batchLength(request.body);
    if (entries > MAX_NOTIFICATIONS_PER_BATCH) {
      this.deps.onNotification?.('rejected');
      this.deps.logger.warn({ entries }, 'refused a Graph notification batch past the cap');
      throw new AppError(
        'payload_too_large',
        `a Graph notification batch holds at most ${MAX_NOTIFICATIONS_PER_BATCH} entries; this one holds ${entries}`,
      );
    }
    const { answer, counts } = await this.classify(request.body);
    for (const [outcome, count] of Object.entries(counts) as [keyof Counts, number][])
      for (let i = 0; i < count; i += 1) this.deps.onNotification?.(outcome);
    if (answer.outcome === 'rejected' || answer.outcome === 'malformed')
      this.deps.logger.warn({ reason: answer.reason }, 'rejected a Graph notification');
    return answer;
  }

  private async classify(
    body: unknown,
  ): Promise<{ answer: Exclude<OutlookWebhookAnswer, { outcome: 'handshake' }>; counts: Counts }> {
    let entries: Entry[];
    try {
      entries = isLifecycleBatch(body)
        ? parseLifecycleNotifications(body)
        : parseChangeNotifications(body);
    } catch (error) {
      if (error instanceof InvalidNotificationError)
        return {
          answer: { outcome: 'malformed', reason: error.message },
          counts: { accepted: 0, ignored: 0, rejected: 1 },
        };
      throw error;
    }
    // Entry by entry: Graph batches several subscriptions (other users') in one body, and one
    // unknown or forged entry must not make it refuse, and so lose, the others. Each subscription
    // (with the clientState it was sent with) is looked up once, however often it is repeated.
    const verdicts = new Map<string, PushChannel | null>();
    const verified: Array<{ entry: Entry; channel: PushChannel }> = [];
    let refused = 0;
    for (const entry of entries) {
      const key = JSON.stringify([entry.subscriptionId, entry.clientState]);
      let channel = verdicts.get(key);
      if (channel === undefined) {
        channel = await this.deps.store.pushChannels.verify({
          provider: 'microsoft',
          id: entry.subscriptionId,
          token: entry.clientState ?? '',
        });
        verdicts.set(key, channel);
      }
      if (channel) verified.push({ entry, channel });
      else refused += 1;
    }
    if (verified.length === 0)
      return {
        answer: {
          outcome: 'rejected',
          reason: 'unknown subscription, or a clientState that does not match',
        },
        // An empty batch names nothing, and is counted once.
        counts: { accepted: 0, ignored: 0, rejected: Math.max(refused, 1) },
      };
    if (refused > 0)
      this.deps.logger.warn(
        { refused, accepted: verified.length },
        'dropped Graph notifications for unknown subscriptions or a wrong clientState',
      );
    let acted = 0;
    // What a repeated entry asks for is done once: one sync per calendar, one lifecycle job.
    const done = new Set<string>();
    for (const { entry, channel } of verified) {
      await this.deps.store.pushChannels.recordNotification(channel.id, null, this.deps.clock());
      // A deleted subscription may still deliver a few; what they ask for is already covered.
      if (channel.status !== 'active') continue;
      acted += 1;
      const action = JSON.stringify([channel.id, entry.lifecycleEvent ?? 'change']);
      if (done.has(action)) continue;
      done.add(action);
      if (entry.lifecycleEvent)
        await this.subscriptions.onLifecycle(channel, lifecycleAction(entry.lifecycleEvent));
      else await this.deps.sync.queueCalendar(channel.scope, channel.calendarId);
    }
    const counts = { accepted: acted, ignored: verified.length - acted, rejected: refused };
    return acted > 0
      ? { answer: { outcome: 'accepted', reason: `acted on ${acted} notification(s)` }, counts }
      : { answer: { outcome: 'ignored', reason: 'no active subscription named' }, counts };
  }
}

/** How many entries a body's `value` holds (0 when it has none: parsing says what is wrong). */
function batchLength(body: unknown): number {
  const value = (body as { value?: unknown } | null)?.value;
  return Array.isArray(value) ? value.length : 0;
}
