/**
 * Fault injection. A rule matches EWS calls by operation (and mailbox) and fires for the next N
 * of them (`times`), at a seeded rate (`rate`), both, or always; the first rule that fires
 * decides. The failures are Exchange's own (contract §3.6): ErrorServerBusy as HTTP 500 with
 * BackOffMilliseconds, an empty HTTP 503 (IIS queue full), ErrorInternalServerError inside an
 * HTTP 200 response message, a slow answer, or a dropped connection.
 */
import { z } from 'zod';
import { commonFaultRuleFields, FaultRules } from '../shared/fault-rules.js';

export const FAULT_KINDS = [
  'serverBusy',
  'serviceUnavailable',
  'internalServerError',
  'slow',
  'drop',
] as const;

export type FaultKind = (typeof FAULT_KINDS)[number];

export const faultRuleSchema = z
  .object({
    ...commonFaultRuleFields(FAULT_KINDS, {
      operation: z.string().optional(),
      mailbox: z.string().optional(),
    }),
    /** serverBusy: the BackOffMilliseconds value (Exchange's usual: 30000). */
    backOffMs: z.number().int().min(0).optional(),
    /** slow: how long to wait before answering normally. */
    delayMs: z.number().int().min(0).optional(),
  })
  .strict();

export type FaultRuleInput = z.input<typeof faultRuleSchema>;

export interface FaultRule extends FaultRuleInput {
  id: string;
  /** How often the rule has fired. */
  fired: number;
}

/**
 * A rule without `match` fires for every call. Only the rule's mailbox is folded to lower case;
 * the call's mailbox is compared as the emulator holds it.
 */
function matchesRule(rule: FaultRuleInput, operation: string, mailbox: string): boolean {
  if (rule.match?.operation && rule.match.operation !== operation) return false;
  if (rule.match?.mailbox && rule.match.mailbox.toLowerCase() !== mailbox) return false;
  return true;
}

/** This emulator's rules: picked by EWS operation and mailbox. */
export class Faults extends FaultRules<FaultRuleInput, [operation: string, mailbox: string]> {
  constructor() {
    super(faultRuleSchema, matchesRule);
  }
}
