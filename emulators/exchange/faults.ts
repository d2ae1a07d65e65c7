/**
 * Fault injection. A rule matches EWS calls by operation (and mailbox) and fires for the next N
 * of them (`times`), at a seeded rate (`rate`), both, or always; the first rule that fires
 * decides. The failures are Exchange's own (contract §3.6): ErrorServerBusy as HTTP 500 with
 * BackOffMilliseconds, an empty HTTP 503 (IIS queue full), ErrorInternalServerError inside an
 * HTTP 200 response message, a slow answer, or a dropped connection.
 */
import { z } from 'zod';
import { seededRandom } from './prng.js';

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
    match: z
      .object({ operation: z.string().optional(), mailbox: z.string().optional() })
      .strict()
      .optional(),
    fault: z.enum(FAULT_KINDS),
    times: z.number().int().min(1).optional(),
    rate: z.number().min(0).max(1).optional(),
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

  /** The rule that fires for this call, counted; rules whose `times` ran out are removed. */
  pick(operation: string, mailbox: string): FaultRule | null {
    for (const rule of this.rules) {
      if (rule.match?.operation && rule.match.operation !== operation) continue;
      if (rule.match?.mailbox && rule.match.mailbox.toLowerCase() !== mailbox) continue;
      if (rule.rate !== undefined && this.random() >= rule.rate) continue;
      rule.fired++;
      if (rule.times !== undefined && rule.fired >= rule.times) this.remove(rule.id);
      return { ...rule };
    }
    return null;
  }
}
