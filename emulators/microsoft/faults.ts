/**
 * Error injection. A rule matches requests by method and a piece of their URL and fires for the
 * next N of them (`times`), at a seeded rate (`rate`), both, or always; the first rule that fires
 * decides. Bodies and headers are Microsoft's own for each failure (concepts/throttling), so the
 * SDK's retry handler and the service's error classification are exercised, not just a status.
 */
import { z } from 'zod';
import { AadError, GraphApiError, syncStateNotFound, throttled } from './errors.js';
import { seededRandom } from './prng.js';

export const FAULT_KINDS = [
  'tooManyRequests',
  'applicationThrottled',
  'mailboxConcurrency',
  'serviceUnavailable',
  'gatewayTimeout',
  'internalServerError',
  'resyncRequired',
  'syncStateNotFound',
  'slow',
  'drop',
] as const;

export type FaultKind = (typeof FAULT_KINDS)[number];

export const faultRuleSchema = z
  .object({
    match: z
      .object({ method: z.string().optional(), pathIncludes: z.string().optional() })
      .strict()
      .optional(),
    fault: z.enum(FAULT_KINDS),
    times: z.number().int().min(1).optional(),
    rate: z.number().min(0).max(1).optional(),
    /** Retry-After of 429 and 503 answers, in seconds (default 1). */
    retryAfterSeconds: z.number().int().min(0).optional(),
    /** For `slow`: how long to wait before answering normally. */
    delayMs: z.number().int().min(0).optional(),
  })
  .strict();

export type FaultRuleInput = z.input<typeof faultRuleSchema>;

export interface FaultRule extends FaultRuleInput {
  id: string;
  fired: number;
}

export class Faults {
  private rules: FaultRule[] = [];
  private random = seededRandom(1);
  private nextId = 1;

  add(input: FaultRuleInput): FaultRule {
    const rule = { ...faultRuleSchema.parse(input), id: `fault-${this.nextId++}`, fired: 0 };
    this.rules.push(rule);
    return { ...rule };
  }

  remove(id: string): boolean {
    const before = this.rules.length;
    this.rules = this.rules.filter((r) => r.id !== id);
    return this.rules.length < before;
  }

  clear(): void {
    this.rules = [];
  }

  seed(seed: number): void {
    this.random = seededRandom(seed);
  }

  list(): FaultRule[] {
    return this.rules.map((r) => ({ ...r }));
  }

  /** The rule that fires for this request, counted; rules whose `times` ran out are removed. */
  pick(method: string, url: string): FaultRule | null {
    for (const rule of this.rules) {
      if (rule.match?.method && rule.match.method.toUpperCase() !== method.toUpperCase()) continue;
      if (rule.match?.pathIncludes && !url.includes(rule.match.pathIncludes)) continue;
      if (rule.rate !== undefined && this.random() >= rule.rate) continue;
      rule.fired++;
      if (rule.times !== undefined && rule.fired >= rule.times) this.remove(rule.id);
      return { ...rule };
    }
    return null;
  }
}

/** The Graph answer of a fault (null for slow, drop and resyncRequired, handled by the hook). */
export function graphFault(rule: FaultRule): GraphApiError | null {
  const retryAfter = rule.retryAfterSeconds ?? 1;
  switch (rule.fault) {
    case 'tooManyRequests':
      return throttled('TooManyRequests', retryAfter);
    case 'applicationThrottled':
      return throttled('ApplicationThrottled', retryAfter);
    case 'mailboxConcurrency':
      return throttled('MailboxConcurrency', retryAfter);
    case 'serviceUnavailable':
      return new GraphApiError(503, 'ServiceUnavailable', 'Service Unavailable', {
        'retry-after': String(retryAfter),
      });
    case 'gatewayTimeout':
      return new GraphApiError(504, 'GatewayTimeout', 'Gateway Timeout', {
        'retry-after': String(retryAfter),
      });
    case 'internalServerError':
      return new GraphApiError(500, 'generalException', 'An internal server error occurred.');
    case 'syncStateNotFound':
      return syncStateNotFound();
    default:
      return null;
  }
}

/**
 * The token endpoint's answer to a throttling or outage fault. MSAL caches a 429 or 5xx with its
 * Retry-After and refuses the same request locally until then (contract §2.5). The AADSTS code of
 * a throttled token request is not confirmed against Microsoft.
 */
export function tokenFault(rule: FaultRule): AadError | null {
  const retryAfter = String(rule.retryAfterSeconds ?? 1);
  if (rule.fault === 'slow' || rule.fault === 'drop') return null;
  const throttling = ['tooManyRequests', 'applicationThrottled', 'mailboxConcurrency'].includes(
    rule.fault,
  );
  return throttling
    ? new AadError(
        429,
        'temporarily_unavailable',
        50196,
        'The server terminated an operation because it encountered a client request loop.',
        {
          headers: { 'retry-after': retryAfter },
        },
      )
    : new AadError(
        503,
        'temporarily_unavailable',
        90033,
        'A transient error has occurred. Please try again.',
        {
          headers: { 'retry-after': retryAfter },
        },
      );
}
