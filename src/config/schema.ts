import { z } from 'zod';
import { sqliteUrlProblem } from '../store/database-url.js';
import { hostProblem } from './host.js';
import { readTrustProxy, trustProxyProblem } from './trust-proxy.js';

/**
 * Every setting reads an empty value (`PORT=`, `LOG_LEVEL=  `) as unset, so it takes its default:
 * a line left blank in a `.env` file or a compose file must not stop the service. Done once for
 * the whole schema (unsetWhenBlank below), so that a new setting cannot forget it; values are
 * trimmed here too.
 */
function blankIsUnset(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  const trimmed = value.trim();
  return trimmed === '' ? undefined : trimmed;
}

function unsetWhenBlank<T extends Record<string, z.ZodType>>(
  shape: T,
): { [K in keyof T]: z.ZodPipe<z.ZodTransform<unknown, unknown>, T[K]> } {
  return Object.fromEntries(
    Object.entries(shape).map(([name, schema]) => [name, z.preprocess(blankIsUnset, schema)]),
  ) as { [K in keyof T]: z.ZodPipe<z.ZodTransform<unknown, unknown>, T[K]> };
}

/**
 * Every URL setting is a web address: the public URL goes to browsers and, for push
 * notifications, to Google and Graph; the others are providers' endpoints. z.url() alone takes
 * any scheme (ftp:, javascript:). A URL that does not parse is left to z.url()'s own message.
 */
const httpUrl = z
  .url()
  .refine(
    (url) => !URL.canParse(url) || ['http:', 'https:'].includes(new URL(url).protocol),
    'must start with http:// or https://',
  );

/**
 * A whole number in a range; the message quotes the value (`PORT=abc`: `got "abc"`), which
 * zod's own ("expected number, received NaN") does not.
 */
function wholeNumberText(range: { min: number; max?: number }) {
  const { min, max } = range;
  const span = max === undefined ? `of at least ${min}` : `from ${min} to ${max}`;
  return z.string().transform((text, ctx) => {
    const value = Number(text);
    if (Number.isSafeInteger(value) && value >= min && value <= (max ?? Infinity)) return value;
    ctx.addIssue({ code: 'custom', message: `must be a whole number ${span}, got "${text}"` });
    return z.NEVER;
  });
}

/**
 * A whole number with a default. Coerced as zod would, an empty value would be read as 0: a
 * service on a random port, or no sync window in the past; blank is unset instead.
 */
function wholeNumber(range: { min: number; max?: number }, fallback: number) {
  return wholeNumberText(range).default(fallback);
}

/** One of a few words; the message lists them and quotes the value. */
function oneOf<const T extends readonly [string, ...string[]]>(values: T, fallback: T[number]) {
  return z
    .enum(values, {
      error: (issue) => `must be one of ${values.join(', ')}, got "${String(issue.input)}"`,
    })
    .default(fallback as never);
}

function booleanText(words: readonly [string, ...string[]], fallback: boolean) {
  const truths = ['true', '1', 'yes'];
  const choices = words.length === 2 ? words.join(' or ') : `one of ${words.join(', ')}`;
  return z
    .enum(words, {
      error: (issue) => `must be ${choices}, got "${String(issue.input)}"`,
    })
    .transform((value) => truths.includes(value))
    .default(fallback);
}

/** Every environment variable calintel reads, with its default. Nothing else reads process.env. */
export const envSchema = z.object(
  unsetWhenBlank({
    NODE_ENV: oneOf(['development', 'production', 'test'], 'development'),
    CALINTEL_DATA_DIR: z.string().default('./data'),
    DATABASE_URL: z
      .string()
      .refine(
        (url) => /^(postgres(ql)?:\/\/|sqlite:|file:|\.|\/)/.test(url),
        'must be postgres://..., sqlite:PATH or a file path',
      )
      .superRefine((url, ctx) => {
        const problem = sqliteUrlProblem(url);
        if (problem) ctx.addIssue({ code: 'custom', message: problem });
      })
      .optional(),
    /**
     * PostgreSQL: how long opening a connection may take, and the longest a statement may run (0:
     * no bound; migrations have none). A server that accepts and never answers fails requests
     * within these instead of holding them for ever.
     */
    DATABASE_CONNECT_TIMEOUT_MS: wholeNumber({ min: 100, max: 600_000 }, 5_000),
    DATABASE_STATEMENT_TIMEOUT_MS: wholeNumber({ min: 0, max: 86_400_000 }, 120_000),
    HOST: z
      .string()
      .superRefine((host, ctx) => {
        const problem = hostProblem(host);
        if (problem) ctx.addIssue({ code: 'custom', message: problem });
      })
      .default('127.0.0.1'),
    PORT: wholeNumber({ min: 0, max: 65_535 }, 8000),
    /** Where providers reach this service (push notifications); default: its own address. */
    CALINTEL_PUBLIC_URL: httpUrl.optional(),
    LOG_LEVEL: oneOf(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], 'info'),
    CALINTEL_SECRET_KEY: z
      .string()
      .regex(
        /^[0-9a-fA-F]{64}$/,
        'must be 64 hex characters (32 bytes); generate one with `openssl rand -hex 32`',
      )
      .optional(),
    SYNC_WINDOW_PAST_DAYS: wholeNumber({ min: 0, max: 3650 }, 90),
    SYNC_WINDOW_FUTURE_DAYS: wholeNumber({ min: 1, max: 3650 }, 365),
    /** A calendar failing without a success for this long is flagged (metrics, sync status). */
    SYNC_FAILURE_ALERT_MINUTES: wholeNumber({ min: 1, max: 10_080 }, 60),
    SYNC_INTERVAL_MINUTES: wholeNumber({ min: 1, max: 1440 }, 15),
    ICS_FETCH_TIMEOUT_MS: wholeNumber({ min: 100, max: 300_000 }, 30_000),
    ICS_MAX_BYTES: wholeNumber({ min: 1024 }, 50 * 1024 * 1024),
    API_BODY_LIMIT_BYTES: wholeNumber({ min: 1024 }, 20 * 1024 * 1024),
    API_RATE_LIMIT_PER_MINUTE: wholeNumber({ min: 1 }, 600),
    /**
     * Behind a reverse proxy: `true` (trust X-Forwarded-* from anyone), a number of hops, or the
     * proxies' addresses and CIDR ranges (comma-separated; `loopback`, `linklocal` and
     * `uniquelocal` name ranges). Unset: the peer's address is the client's.
     */
    TRUST_PROXY: z
      .string()
      .optional()
      .superRefine((value, ctx) => {
        const problem = value === undefined ? null : trustProxyProblem(value);
        if (problem) ctx.addIssue({ code: 'custom', message: problem });
      })
      .transform(readTrustProxy),
    /**
     * Let users subscribe to feeds and CalDAV servers on this machine or the private network (an
     * intranet calendar server). Off: such addresses are refused, so a calendar URL cannot reach
     * the service's own network.
     */
    ALLOW_PRIVATE_NETWORK_CALENDARS: booleanText(['true', 'false'], false),
    /** How often the dashboard's live stream looks for changes, per open page. */
    LIVE_POLL_MS: wholeNumber({ min: 100, max: 60_000 }, 2000),
    JOBS_CONCURRENCY: wholeNumber({ min: 1, max: 64 }, 2),
    /** Set: jobs and schedules go through BullMQ on this Redis (the scaled shape). */
    REDIS_URL: z
      .string()
      .regex(/^rediss?:\/\/[^/]/, 'must be redis://host:port or rediss://host:port')
      .optional(),
    /** Keys of the BullMQ queue start with this: two deployments can share one Redis. */
    REDIS_PREFIX: z
      .string()
      // Braces allowed: `{calintel}` keeps every key in one Redis Cluster slot, as BullMQ needs.
      .regex(/^[A-Za-z0-9_.{}-]+$/, 'must be letters, digits, _ . - { or }')
      .default('calintel'),
    /**
     * Feedback waits this long before the organisation's model is refitted, so that a user going
     * through their meetings costs one refit (and one re-detection of everyone), not one a click.
     */
    MEETING_ADAPTATION_DELAY_SECONDS: wholeNumber({ min: 0, max: 3600 }, 30),
    /** Events that ended longer ago are deleted by the cleanup_old_calendar_events task. */
    EVENT_RETENTION_DAYS: wholeNumber({ min: 1, max: 36_500 }, 365),
    METRICS_ENABLED: booleanText(['true', 'false', '1', '0', 'yes', 'no'], true),
    /**
     * Where a process without the api role (a worker, a scheduler) serves /metrics, /healthz and
     * /readyz: its job and sync counters are its own, and the api process cannot report them.
     */
    METRICS_PORT: wholeNumberText({ min: 0, max: 65_535 }).optional(),

    GOOGLE_CALENDAR_CLIENT_ID: z.string().optional(),
    GOOGLE_CALENDAR_CLIENT_SECRET: z.string().optional(),
    GOOGLE_CALENDAR_REDIRECT_URI: httpUrl.optional(),
    GOOGLE_CALENDAR_API_URL: httpUrl.default('https://www.googleapis.com/'),
    GOOGLE_OAUTH_AUTHORIZE_URL: httpUrl.default('https://accounts.google.com/o/oauth2/v2/auth'),
    GOOGLE_OAUTH_TOKEN_URL: httpUrl.default('https://oauth2.googleapis.com/token'),
    GOOGLE_OAUTH_REVOKE_URL: httpUrl.default('https://oauth2.googleapis.com/revoke'),
    /** Push channels are recreated when they have less than this left to live. */
    GOOGLE_CHANNEL_RENEW_BEFORE_HOURS: wholeNumber({ min: 1, max: 168 }, 24),
    MICROSOFT_CLIENT_ID: z.string().optional(),
    MICROSOFT_CLIENT_SECRET: z.string().optional(),
    MICROSOFT_TENANT_ID: z.string().default('common'),
    MICROSOFT_REDIRECT_URI: httpUrl.optional(),
    /** The sign-in authority is this URL plus the tenant (the emulator's URL in development). */
    MICROSOFT_AUTHORITY_URL: httpUrl.default('https://login.microsoftonline.com'),
    MICROSOFT_GRAPH_API_URL: httpUrl.default('https://graph.microsoft.com'),
    /** Graph subscriptions are renewed when they have less than this left to live. */
    MICROSOFT_SUBSCRIPTION_RENEW_BEFORE_HOURS: wholeNumber({ min: 1, max: 168 }, 24),
    EXCHANGE_SERVER_URL: httpUrl.optional(),
    EXCHANGE_VERSION: z.string().optional(),
  }),
);

/**
 * A provider is either configured completely or not at all: half a configuration is a typo.
 * Checked apart from the schema so that these problems are reported together with the others.
 */
export function incompleteProviderSettings(
  environment: Record<string, string | undefined>,
): string[] {
  const groups: Array<[string, string[]]> = [
    ['Google', ['GOOGLE_CALENDAR_CLIENT_ID', 'GOOGLE_CALENDAR_CLIENT_SECRET']],
    ['Microsoft', ['MICROSOFT_CLIENT_ID', 'MICROSOFT_CLIENT_SECRET']],
  ];
  const problems: string[] = [];
  for (const [provider, names] of groups) {
    const present = names.filter((name) => (environment[name] ?? '').trim() !== '');
    if (present.length === 0 || present.length === names.length) continue;
    for (const missing of names.filter((name) => !present.includes(name))) {
      problems.push(
        `${missing}: is required when ${present.join(', ')} is set (${provider} provider)`,
      );
    }
  }
  return problems;
}

/**
 * Retention must reach past the sync window: an event deleted while still inside the window
 * comes back on the next full sync, so the cleanup would delete it again and again.
 */
export function retentionProblems(environment: Record<string, string | undefined>): string[] {
  const retention = envSchema.shape.EVENT_RETENTION_DAYS.safeParse(
    environment['EVENT_RETENTION_DAYS'],
  );
  const pastDays = envSchema.shape.SYNC_WINDOW_PAST_DAYS.safeParse(
    environment['SYNC_WINDOW_PAST_DAYS'],
  );
  // A value that does not parse is reported by the schema already.
  if (!retention.success || !pastDays.success || retention.data > pastDays.data) return [];
  return [
    `EVENT_RETENTION_DAYS: must be greater than SYNC_WINDOW_PAST_DAYS (${pastDays.data}), or events deleted inside the sync window come back on the next full sync`,
  ];
}

export type Env = z.infer<typeof envSchema>;
