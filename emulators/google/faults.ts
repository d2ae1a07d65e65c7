/**
 * Error injection. A rule matches requests by method and a piece of their URL and fires for the
 * next N of them (`times`), at a seeded rate (`rate`), both, or always; the first rule that fires
 * decides. The bodies are Google's own for each failure (guides/errors), so the client's error
 * classification is exercised, not just its status-code switch.
 */
import { z } from 'zod';
import { GoogleApiError } from './errors.js';
import { seededRandom } from './prng.js';

export const FAULT_KINDS = [
  'rateLimitExceeded',
  'userRateLimitExceeded',
  'tooManyRequests',
  'backendError',
  'serviceUnavailable',
  'fullSyncRequired',
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
    /** For `slow`: how long to wait before answering normally. */
    delayMs: z.number().int().min(0).optional(),
  })
  .strict();

export type FaultRuleInput = z.input<typeof faultRuleSchema>;

export interface FaultRule extends FaultRuleInput {
  id: string;
  /** How often the rule has fired. */
  fired: number;
}

export class Faults {
  private rules: FaultRule[] = [];
  private random = seededRandom(1);
  private nextId = 1;

  add(input: FaultRuleInput): FaultRule {
    const rule: FaultRule = {
      ...faultRuleSchema.parse(input),
      id: `fault-${this.nextId++}`,
      fired: 0,
    };
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

/** The error a fault answers with (null for slow and drop, which are not error replies). */
export function faultError(kind: FaultKind): GoogleApiError | null {
  const usage = (code: number, reason: string, message: string) =>
    new GoogleApiError(code, { domain: 'usageLimits', reason, message });
  switch (kind) {
    case 'rateLimitExceeded':
      return usage(403, 'rateLimitExceeded', 'Rate Limit Exceeded');
    case 'userRateLimitExceeded':
      return usage(403, 'userRateLimitExceeded', 'User Rate Limit Exceeded');
    case 'tooManyRequests':
      return new GoogleApiError(
        429,
        { domain: 'usageLimits', reason: 'rateLimitExceeded', message: 'Rate Limit Exceeded' },
        'RESOURCE_EXHAUSTED',
      );
    case 'backendError':
      return new GoogleApiError(500, {
        domain: 'global',
        reason: 'backendError',
        message: 'Backend Error',
      });
    case 'serviceUnavailable':
      return new GoogleApiError(
        503,
        {
          domain: 'global',
          reason: 'backendError',
          message: 'The service is currently unavailable.',
        },
        'UNAVAILABLE',
      );
    default:
      return null;
  }
}
