import { z } from 'zod';

const optionalText = z
  .string()
  .trim()
  .transform((value) => (value === '' ? undefined : value))
  .optional();

const optionalUrl = optionalText.pipe(z.url().optional());

const booleanText = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((value) => ['true', '1', 'yes'].includes(value));

/** Every environment variable calintel reads, with its default. Nothing else reads process.env. */
export const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  CALINTEL_DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: optionalText.refine(
    (url) => url === undefined || /^(postgres(ql)?:\/\/|sqlite:|file:|\.|\/)/.test(url),
    'must be postgres://..., sqlite:PATH or a file path',
  ),
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65_535).default(8000),
  PUBLIC_URL: optionalUrl,
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  CALINTEL_SECRET_KEY: optionalText.refine(
    (key) => key === undefined || /^[0-9a-fA-F]{64}$/.test(key),
    'must be 64 hex characters (32 bytes); generate one with `openssl rand -hex 32`',
  ),
  SYNC_WINDOW_PAST_DAYS: z.coerce.number().int().min(0).max(3650).default(90),
  SYNC_WINDOW_FUTURE_DAYS: z.coerce.number().int().min(1).max(3650).default(365),
  SYNC_INTERVAL_MINUTES: z.coerce.number().int().min(1).max(1440).default(15),
  ICS_FETCH_TIMEOUT_MS: z.coerce.number().int().min(100).max(300_000).default(30_000),
  ICS_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .default(50 * 1024 * 1024),
  API_BODY_LIMIT_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .default(20 * 1024 * 1024),
  API_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).default(600),
  JOBS_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(2),
  METRICS_ENABLED: booleanText.default(true),

  GOOGLE_CALENDAR_CLIENT_ID: optionalText,
  GOOGLE_CALENDAR_CLIENT_SECRET: optionalText,
  GOOGLE_CALENDAR_REDIRECT_URI: optionalUrl,
  MICROSOFT_CLIENT_ID: optionalText,
  MICROSOFT_CLIENT_SECRET: optionalText,
  MICROSOFT_TENANT_ID: z.string().trim().min(1).default('common'),
  MICROSOFT_REDIRECT_URI: optionalUrl,
  EXCHANGE_SERVER_URL: optionalUrl,
  EXCHANGE_VERSION: optionalText,
});

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

export type Env = z.infer<typeof envSchema>;
