/** The emulator's switches, changed at run time through the control API or programmatically. */
import { z } from 'zod';

export const pageShapesSchema = z.object({
  /** Exact sizes of the first pages of every delta round (0 = an empty page with a nextLink). */
  sizes: z.array(z.number().int().min(0)).optional(),
  /** Share of later pages left empty at random (Graph's delta pages may hold nothing). */
  emptyPageRate: z.number().min(0).max(1).default(0),
  /** Share of items sent a second time later in the same round (Graph replays items). */
  replayRate: z.number().min(0).max(1).default(0),
  /** The deltaLink comes on a page of its own, with no items, as Outlook usually sends it. */
  emptyFinalPage: z.boolean().default(true),
  /** Seed of the generator behind the random shapes, so a run can be repeated. */
  seed: z.number().int().default(1),
});

export type PageShapes = z.infer<typeof pageShapesSchema>;

export interface EmulatorSettings {
  /** expires_in of new access tokens (Microsoft: 3599 to 4799 s; fixed here). */
  accessTokenLifetimeSeconds: number;
  /** auto: the authorize URL redirects at once; form: it shows a consent page. */
  consent: 'auto' | 'form';
  /** Page size without `Prefer: odata.maxpagesize` (Outlook's default for events is 10). */
  defaultPageSize: number;
  pageShapes: PageShapes;
  /** Subscriptions to Outlook events live at most this long (10,080 minutes). */
  subscriptionMaxMinutes: number;
  /** ...and this long with includeResourceData. */
  subscriptionMaxMinutesWithData: number;
  /** Active subscriptions per mailbox at most; one more is a 403. */
  maxSubscriptionsPerMailbox: number;
  /** How long the notification URL has to answer the validation request. */
  validationTimeoutMs: number;
  /** A notification not answered 2xx within this is a failure and is retried. */
  deliveryTimeoutMs: number;
  /** Waits between delivery attempts; their count is the number of retries (Graph: up to 4 h). */
  notificationRetryDelaysMs: number[];
  /** Requests one mailbox may have in flight; one more is a 429 MailboxConcurrency. */
  maxConcurrentPerMailbox: number;
  /** Unbounded series are expanded this many days past now. */
  expansionHorizonDays: number;
  maxInstancesPerSeries: number;
}

export const settingsPatchSchema = z
  .object({
    accessTokenLifetimeSeconds: z.number().int().min(1),
    consent: z.enum(['auto', 'form']),
    defaultPageSize: z.number().int().min(1),
    pageShapes: pageShapesSchema,
    subscriptionMaxMinutes: z.number().int().min(1),
    subscriptionMaxMinutesWithData: z.number().int().min(1),
    maxSubscriptionsPerMailbox: z.number().int().min(1),
    validationTimeoutMs: z.number().int().min(1),
    deliveryTimeoutMs: z.number().int().min(1),
    notificationRetryDelaysMs: z.array(z.number().int().min(0)),
    maxConcurrentPerMailbox: z.number().int().min(1),
    expansionHorizonDays: z.number().int().min(1),
    maxInstancesPerSeries: z.number().int().min(1),
  })
  .partial()
  .strict();

export type SettingsPatch = z.input<typeof settingsPatchSchema>;

export function defaultSettings(): EmulatorSettings {
  return {
    accessTokenLifetimeSeconds: 3599,
    consent: 'auto',
    defaultPageSize: 10,
    pageShapes: { emptyPageRate: 0, replayRate: 0, emptyFinalPage: true, seed: 1 },
    subscriptionMaxMinutes: 10_080,
    subscriptionMaxMinutesWithData: 1_440,
    maxSubscriptionsPerMailbox: 1_000,
    validationTimeoutMs: 10_000,
    deliveryTimeoutMs: 3_000,
    notificationRetryDelaysMs: [1_000, 5_000, 30_000, 120_000, 600_000],
    maxConcurrentPerMailbox: 4,
    expansionHorizonDays: 730,
    maxInstancesPerSeries: 5_000,
  };
}
