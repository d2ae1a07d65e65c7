/** Structured logs (pino) on stderr, so that stdout stays free for command output. */
import { pino, type Logger } from 'pino';
import type { Config } from '../config/config.js';

export type { Logger } from 'pino';

/** Paths of values that must never reach a log line. */
const REDACTED = [
  'req.headers.authorization',
  'req.headers.cookie',
  'headers.authorization',
  '*.password',
  '*.token',
  '*.secret',
  '*.secrets',
  '*.accessToken',
  '*.refreshToken',
];

export function createLogger(config: Pick<Config, 'logLevel'>): Logger {
  return pino(
    {
      level: config.logLevel,
      redact: { paths: REDACTED, censor: '[redacted]' },
      base: { service: 'calintel' },
    },
    pino.destination({ dest: 2, sync: true }),
  );
}
