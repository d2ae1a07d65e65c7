/**
 * The API's strict policy schema lists the policy's keys a second time (the service's schemas
 * check what the values mean): the two lists must agree, or a key the service reads would be
 * refused by the API, or a key it no longer reads accepted.
 */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { parseConflictPolicy } from '../app/conflicts/conflict-policy.js';
import { schedulingSchema } from '../app/conflicts/scheduling-schema.js';
import { conflictSettingsPatchSchema } from './conflicts-schemas.js';

/** The object inside optional, nullable and array wrappers. */
function objectIn(schema: z.ZodType): z.ZodObject {
  let current: unknown = schema;
  for (;;) {
    if (current instanceof z.ZodObject) return current;
    if (current instanceof z.ZodOptional || current instanceof z.ZodNullable)
      current = current.unwrap();
    else if (current instanceof z.ZodArray) current = current.element;
    else throw new Error(`no object in ${(current as z.ZodType).def.type}`);
  }
}

const keys = (schema: z.ZodType) => Object.keys(objectIn(schema).shape).sort();

describe('the conflict policy patch', () => {
  const api = objectIn(conflictSettingsPatchSchema.shape.policy);
  const service = schedulingSchema.shape;

  it('has the keys the service reads, at every level', () => {
    expect(keys(api)).toEqual(['autoResolve', ...Object.keys(service)].sort());
    expect(keys(api.shape['autoResolve'] as z.ZodType)).toEqual(
      Object.keys(parseConflictPolicy({}).autoResolve).sort(),
    );
    for (const field of ['offices', 'workingHours', 'travel'] as const)
      expect(keys(api.shape[field] as z.ZodType), field).toEqual(keys(service[field]));
  });

  it('refuses a key it does not know, at every level', () => {
    for (const policy of [
      { autoresolve: {} },
      { autoResolve: { enable: true } },
      { offices: [{ name: 'HQ', zone: 'UTC' }] },
      { offices: [{ name: 'HQ', location: { lat: 0, lng: 0, alt: 0 } }] },
      { workingHours: { start: '09:00', end: '17:00', weekdays: [] } },
      { travel: { buffer: 5 } },
    ])
      expect(
        conflictSettingsPatchSchema.safeParse({ policy }).success,
        JSON.stringify(policy),
      ).toBe(false);
    expect(conflictSettingsPatchSchema.safeParse({ writeback: true }).success).toBe(false);
  });
});
