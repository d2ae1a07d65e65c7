/** The emulator's switches, changed at run time through the control API or programmatically. */
import { z } from 'zod';

export const pageShapesSchema = z.object({
  /** Exact sizes of the first pages of every listing (0 = an empty page with nextPageToken). */
  sizes: z.array(z.number().int().min(0)).optional(),
  /** Share of later pages cut short at random, and of pages left empty at random. */
  shortPageRate: z.number().min(0).max(1).default(0),
  emptyPageRate: z.number().min(0).max(1).default(0),
  /** Seed of the generator behind the random shapes, so a run can be repeated. */
  seed: z.number().int().default(1),
});

export type PageShapes = z.infer<typeof pageShapesSchema>;

export interface EmulatorSettings {
  /** expires_in of new access tokens (Google: 3599). */
  accessTokenLifetimeSeconds: number;
  /** A refresh grant also returns a new refresh token and revokes the one used. */
  rotateRefreshTokens: boolean;
  /** auto: the authorize URL redirects at once; form: it shows a consent page. */
  consent: 'auto' | 'form';
  /** Push channels live at most this long (Google's default for events: a week). */
  channelMaxLifetimeMs: number;
  /** Waits between delivery attempts after a 5xx; their count is the number of retries. */
  pushRetryDelaysMs: number[];
  /** Send one more notification after channels.stop, as Google says it may. */
  notifyAfterStop: boolean;
  /** Unbounded series are expanded this many days past now. */
  expansionHorizonDays: number;
  /**
   * A deleted series is reported (with singleEvents=true) as cancelled instances only this many
   * days past the deletion; later instances vanish unreported, as Google does (about six months:
   * googleapis/google-api-ruby-client#860). Clients must remove the rest themselves.
   */
  deletedSeriesReportDays: number;
  maxInstancesPerSeries: number;
  pageShapes: PageShapes;
}

export const settingsPatchSchema = z
  .object({
    accessTokenLifetimeSeconds: z.number().int().min(1),
    rotateRefreshTokens: z.boolean(),
    consent: z.enum(['auto', 'form']),
    channelMaxLifetimeMs: z.number().int().min(1),
    pushRetryDelaysMs: z.array(z.number().int().min(0)),
    notifyAfterStop: z.boolean(),
    expansionHorizonDays: z.number().int().min(1),
    deletedSeriesReportDays: z.number().int().min(0),
    maxInstancesPerSeries: z.number().int().min(1),
    pageShapes: pageShapesSchema,
  })
  .partial()
  .strict();

export type SettingsPatch = z.input<typeof settingsPatchSchema>;

export function defaultSettings(): EmulatorSettings {
  return {
    accessTokenLifetimeSeconds: 3599,
    rotateRefreshTokens: false,
    consent: 'auto',
    channelMaxLifetimeMs: 7 * 86_400_000,
    pushRetryDelaysMs: [1_000, 2_000, 4_000, 8_000, 16_000],
    notifyAfterStop: false,
    expansionHorizonDays: 730,
    deletedSeriesReportDays: 183,
    maxInstancesPerSeries: 20_000,
    pageShapes: { shortPageRate: 0, emptyPageRate: 0, seed: 1 },
  };
}
