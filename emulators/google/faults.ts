/**
 * Error injection. A rule matches requests by method and a piece of their URL and fires for the
 * next N of them (`times`), at a seeded rate (`rate`), both, or always; the first rule that fires
 * decides. The bodies are Google's own for each failure (guides/errors), so the client's error
 * classification is exercised, not just its status-code switch.
 */
import { z } from 'zod';
import { GoogleApiError } from './errors.js';
import {
  commonFaultRuleFields,
  FaultRules,
  httpRequestMatch,
  matchesHttpRequest,
} from '../shared/fault-rules.js';

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
    ...commonFaultRuleFields(FAULT_KINDS, httpRequestMatch),
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

/** This emulator's rules: picked by HTTP method and a piece of the URL. */
export class Faults extends FaultRules<FaultRuleInput, [method: string, url: string]> {
  constructor() {
    super(faultRuleSchema, matchesHttpRequest);
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
