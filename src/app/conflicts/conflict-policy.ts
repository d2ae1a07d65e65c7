/**
 * An organisation's conflict policy, stored as JSON on the organisation: whether simple
 * conflicts are resolved automatically (off by default), and the scheduling facts that
 * detection needs (offices, working hours, time zones, travel numbers). Checked with zod when
 * it is set, and again when it is read, so a policy that no longer parses never stops a scan.
 */
import { z } from 'zod';
import type { ConflictSettings } from '../../domain/conflicts/index.js';
import { invalidInput } from '../../domain/errors.js';
import type { User } from '../../store/store.js';
import {
  schedulingFields,
  schedulingOf,
  settingsFromScheduling,
  type OrganisationScheduling,
} from './scheduling-schema.js';

const policySchema = z.object({
  autoResolve: z
    .object({
      enabled: z.boolean().default(false),
      mergeDuplicates: z.boolean().default(true),
      releaseHolds: z.boolean().default(true),
    })
    .default({ enabled: false, mergeDuplicates: true, releaseHolds: true }),
  ...schedulingFields(),
});

export interface ConflictPolicy {
  autoResolve: { enabled: boolean; mergeDuplicates: boolean; releaseHolds: boolean };
  scheduling: OrganisationScheduling;
  /** The policy as it was given, with the auto-resolution defaults filled in (for the API). */
  document: Record<string, unknown>;
}

/** Throws invalid_input naming the first problem, under `where` (e.g. `body.policy`). */
export function parseConflictPolicy(value: unknown, where = 'conflict policy'): ConflictPolicy {
  const parsed = policySchema.safeParse(value ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const path = issue?.path.length ? `.${issue.path.join('.')}` : '';
    throw invalidInput(`${where}${path}: ${issue?.message ?? 'invalid'}`);
  }
  const { autoResolve, ...scheduling } = parsed.data;
  const given =
    typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
  return {
    autoResolve,
    scheduling: schedulingOf(scheduling),
    document: { ...given, autoResolve },
  };
}

/**
 * Detection settings for an organisation: its policy's scheduling facts, its internal domains,
 * and each user's own time zone where the policy does not name one.
 */
/**
 * What a conflict pass reads of the organisation, as the scheduled pass and a recompute after a
 * refused decision both need it: the settings, who is a colleague, and now.
 */
export function passContextOf(
  orgId: string,
  policy: ConflictPolicy,
  internalDomains: readonly string[],
  users: readonly User[],
  now: number,
): {
  settings: ConflictSettings;
  colleagues: Map<string, { orgId: string; userId: string }>;
  now: number;
} {
  return {
    settings: settingsFromPolicy(policy, internalDomains, users),
    colleagues: new Map(users.map((u) => [u.email, { orgId, userId: u.id }])),
    now,
  };
}

export function settingsFromPolicy(
  policy: ConflictPolicy,
  internalDomains: readonly string[],
  users: readonly User[],
): ConflictSettings {
  const timeZones = new Map(policy.scheduling.timeZones);
  for (const user of users)
    if (user.timeZone && !timeZones.has(user.email)) timeZones.set(user.email, user.timeZone);
  return settingsFromScheduling({ ...policy.scheduling, timeZones }, internalDomains);
}
