/**
 * Error injection. A rule matches requests by method and a piece of their URL and fires for the
 * next N of them (`times`), at a seeded rate (`rate`), both, or always; the first rule that fires
 * decides. Bodies and headers are Microsoft's own for each failure (concepts/throttling), so the
 * SDK's retry handler and the service's error classification are exercised, not just a status.
 */
import { z } from 'zod';
import { AadError, GraphApiError, syncStateNotFound, throttled } from './errors.js';
import {
  commonFaultRuleFields,
  FaultRules,
  httpRequestMatch,
  matchesHttpRequest,
} from '../shared/fault-rules.js';

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
    ...commonFaultRuleFields(FAULT_KINDS, httpRequestMatch),
    /** Retry-After of 429 and 503 answers, in seconds (default 1). */
    retryAfterSeconds: z.number().int().min(0).optional(),
    /** For `slow`: how long to wait before answering normally. */
    delayMs: z.number().int().min(0).optional(),
    /**
     * Graph's `error.code` in place of the fault's own, for the spellings Outlook really sends
     * beside the documented ones (`SyncStateNotFound` for `syncStateNotFound`,
     * microsoftgraph/microsoft-graph-docs#2350). Graph faults only; the token endpoint's are not
     * changed.
     */
    code: z.string().min(1).max(100).optional(),
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

/** The Graph answer of a fault (null for slow, drop and resyncRequired, handled by the hook). */
export function graphFault(rule: FaultRule): GraphApiError | null {
  const error = documentedGraphFault(rule);
  if (!error || !rule.code) return error;
  return new GraphApiError(error.status, rule.code, error.message, error.headers);
}

function documentedGraphFault(rule: FaultRule): GraphApiError | null {
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
