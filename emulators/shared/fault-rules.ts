/**
 * The fault-rule engine the emulators share. A rule matches requests (each emulator says how)
 * and fires for the next N of them (`times`), at a seeded rate (`rate`), both, or always; the
 * first rule that fires decides. What a fault looks like on the wire stays with each emulator,
 * since that is the part written in its protocol's words.
 */
import { z } from 'zod';
import { seededRandom } from './prng.js';

/**
 * The schema fields every emulator's rule has, in the order the rules were always written (so
 * parsed rules keep their key order). `match` is the emulator's own request selector.
 */
export function commonFaultRuleFields<
  const Kinds extends readonly [string, ...string[]],
  const Match extends z.ZodRawShape,
>(kinds: Kinds, match: Match) {
  return {
    match: z.object(match).strict().optional(),
    fault: z.enum(kinds),
    times: z.number().int().min(1).optional(),
    rate: z.number().min(0).max(1).optional(),
  };
}

/** The part of a rule the engine itself reads: how often and how likely it fires. */
export interface FiringLimits {
  times?: number | undefined;
  rate?: number | undefined;
}

/** What the engine adds to a rule it accepted. */
export interface RuleBookkeeping {
  id: string;
  /** How often the rule has fired. */
  fired: number;
}

export type StoredFaultRule<Input> = Input & RuleBookkeeping;

/** Whether a rule's `match` selects this request; the request's shape is the emulator's. */
export type RuleMatcher<Input, Request extends unknown[]> = (
  rule: Input,
  ...request: Request
) => boolean;

export class FaultRules<Input extends FiringLimits, Request extends unknown[]> {
  private rules: StoredFaultRule<Input>[] = [];
  // Seeded so a run with `rate` rules can be replayed; seed() restarts the sequence.
  private random = seededRandom(1);
  private nextId = 1;

  constructor(
    private readonly schema: z.ZodType<Input, Input>,
    private readonly matches: RuleMatcher<Input, Request>,
  ) {}

  add(input: Input): StoredFaultRule<Input> {
    const rule: StoredFaultRule<Input> = {
      ...this.schema.parse(input),
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

  list(): StoredFaultRule<Input>[] {
    return this.rules.map((r) => ({ ...r }));
  }

  /** The rule that fires for this request, counted; rules whose `times` ran out are removed. */
  pick(...request: Request): StoredFaultRule<Input> | null {
    for (const rule of this.rules) {
      if (!this.matches(rule, ...request)) continue;
      // Drawn only for rules that match, as before, so seeded runs replay the same faults.
      if (rule.rate !== undefined && this.random() >= rule.rate) continue;
      rule.fired++;
      if (rule.times !== undefined && rule.fired >= rule.times) this.remove(rule.id);
      return { ...rule };
    }
    return null;
  }
}

/** The `match` of the HTTP emulators (Google, Microsoft): a method and a piece of the URL. */
export const httpRequestMatch = {
  method: z.string().optional(),
  pathIncludes: z.string().optional(),
};

/** A rule without `match` fires for every request; the method compares case-blind. */
export function matchesHttpRequest(
  rule: { match?: { method?: string | undefined; pathIncludes?: string | undefined } | undefined },
  method: string,
  url: string,
): boolean {
  if (rule.match?.method && rule.match.method.toUpperCase() !== method.toUpperCase()) return false;
  if (rule.match?.pathIncludes && !url.includes(rule.match.pathIncludes)) return false;
  return true;
}
