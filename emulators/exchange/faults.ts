/**
 * Fault injection. A rule matches EWS calls by operation (and mailbox) and fires for the next N
 * of them (`times`), at a seeded rate (`rate`), both, or always; the first rule that fires
 * decides. The failures are Exchange's own (contract §3.6): ErrorServerBusy as HTTP 500 with
 * BackOffMilliseconds, an empty HTTP 503 (IIS queue full), ErrorInternalServerError inside an
 * HTTP 200 response message, a slow answer, or a dropped connection.
 *
 * Item faults (ITEM_FAULTS) fail one item of a GetItem instead of the whole call: they are
 * matched per requested id (`match.itemId`, or every item without it), never per call, and
 * `times` counts the items they fired for. `itemError` answers that item's response message
 * with ResponseClass="Error" and `responseCode` (ErrorCorruptData unless told: also
 * ErrorInvalidIdMalformed, ErrorItemNotFound, ...) while the other ids of the call are answered
 * normally; `itemMalformed` sends the item without its t:Start, a calendar item no client can
 * place (a property the store could not read).
 */
import { z } from 'zod';
import { commonFaultRuleFields, FaultRules } from '../shared/fault-rules.js';

export const FAULT_KINDS = [
  'serverBusy',
  'serviceUnavailable',
  'internalServerError',
  'slow',
  'drop',
  'itemError',
  'itemMalformed',
] as const;

/** The kinds that fail one item of a GetItem rather than the call (see the module comment). */
export const ITEM_FAULTS: ReadonlySet<FaultKind> = new Set(['itemError', 'itemMalformed']);

export type FaultKind = (typeof FAULT_KINDS)[number];

export const faultRuleSchema = z
  .object({
    ...commonFaultRuleFields(FAULT_KINDS, {
      operation: z.string().optional(),
      mailbox: z.string().optional(),
      /** Item faults: the t:ItemId Id (or occurrence id) asked for; without it, every item. */
      itemId: z.string().optional(),
    }),
    /** serverBusy: the BackOffMilliseconds value (Exchange's usual: 30000). */
    backOffMs: z.number().int().min(0).optional(),
    /** slow: how long to wait before answering normally. */
    delayMs: z.number().int().min(0).optional(),
    /** itemError: the item's m:ResponseCode (default ErrorCorruptData). */
    responseCode: z
      .string()
      .regex(/^Error[A-Za-z]+$/)
      .optional(),
    /** itemError: the item's m:MessageText (default: Exchange's words for the code). */
    message: z.string().optional(),
  })
  .strict();

export type FaultRuleInput = z.input<typeof faultRuleSchema>;

export interface FaultRule extends FaultRuleInput {
  id: string;
  /** How often the rule has fired. */
  fired: number;
}

/**
 * A rule without `match` fires for every call (an item fault: for every item). Only the rule's
 * mailbox is folded to lower case; the call's mailbox is compared as the emulator holds it.
 * `itemId` is null when a whole call is matched, the requested id when one item of it is.
 */
function matchesRule(
  rule: FaultRuleInput,
  operation: string,
  mailbox: string,
  itemId: string | null,
): boolean {
  if (ITEM_FAULTS.has(rule.fault) !== (itemId !== null)) return false;
  if (rule.match?.operation && rule.match.operation !== operation) return false;
  if (rule.match?.mailbox && rule.match.mailbox.toLowerCase() !== mailbox) return false;
  if (rule.match?.itemId !== undefined && rule.match.itemId !== itemId) return false;
  return true;
}

/** This emulator's rules: picked by EWS operation and mailbox, and item faults by item id. */
export class Faults extends FaultRules<
  FaultRuleInput,
  [operation: string, mailbox: string, itemId: string | null]
> {
  constructor() {
    super(faultRuleSchema, matchesRule);
  }
}
