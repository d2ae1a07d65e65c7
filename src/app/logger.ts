/** Structured logs (pino) on stderr, so that stdout stays free for command output. */
import { pino, type DestinationStream, type Logger } from 'pino';
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

export function createLogger(
  config: Pick<Config, 'logLevel'>,
  destination: DestinationStream = pino.destination({ dest: 2, sync: true }),
): Logger {
  return pino(
    {
      level: config.logLevel,
      redact: { paths: REDACTED, censor: '[redacted]' },
      base: { service: 'calintel' },
      // Operators read these lines in journald and kubectl: an instant they can read, in UTC,
      // rather than pino's default epoch milliseconds.
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    destination,
  );
}
