/**
 * The signed-in user's own profile: who they are, and the time zone their times are read in.
 * Only the caller's own profile is reachable here (the scope is theirs); an admin changes other
 * users through the CLI.
 */
import { AppError } from '../../domain/errors.js';
import { isIanaZone } from '../../domain/viewer-dates.js';
import type { Scope, Store, User, UserRole } from '../../store/store.js';

export interface ProfileView {
  id: string;
  email: string;
  name: string | null;
  timeZone: string | null;
  role: UserRole;
}

/** The audit log's action for a changed time zone (details: from, to). */
export const TIME_ZONE_AUDIT = 'user.time_zone_changed';

/**
 * What reads the user's zone and keeps its result: detection (an event's local time of day when
 * neither it nor its calendar names a zone) and conflicts (working hours and suggested slots, for
 * the user and for the colleagues who meet them). Run after the change has committed; it must
 * not undo the change when the queue is unavailable for a moment.
 */
export type AfterZoneChange = (scope: Scope) => Promise<void>;

export class ProfileService {
  constructor(
    private readonly store: Store,
    private readonly afterZoneChange: AfterZoneChange,
  ) {}

  async get(scope: Scope): Promise<ProfileView> {
    return viewOf(await this.user(scope));
  }

  /**
   * Sets the user's IANA zone (null: none; the dashboard then shows the browser's). The name is
   * stored as the runtime spells it (`asia/tokyo` as `Asia/Tokyo`); an unknown one is refused
   * with `unknown_time_zone`. A change is audited, and what was found in the old zone is found
   * again (see AfterZoneChange); the same zone again changes nothing.
   */
  async setTimeZone(scope: Scope, requested: string | null, by: string | null = scope.userId) {
    const timeZone = requested === null ? null : canonicalZone(requested);
    // The row is read and written under one lock: the audit's `from` is the zone replaced, also
    // when two changes come at once.
    const { user, changed } = await this.store.transaction(async (tx) => {
      const set = await tx.users.setTimeZone(scope, timeZone);
      if (!set) throw new AppError('not_found', 'the user no longer exists');
      const changed = set.replaced !== timeZone;
      if (changed)
        await tx.audit.append(
          { orgId: scope.orgId, userId: by },
          {
            action: TIME_ZONE_AUDIT,
            target: scope.userId,
            details: { from: set.replaced, to: timeZone },
          },
        );
      return { user: await this.user(scope, tx), changed };
    });
    if (changed) await this.afterZoneChange(scope);
    return viewOf(user);
  }

  private async user(scope: Scope, store: Store = this.store): Promise<User> {
    const user = await store.users.get(scope);
    if (!user) throw new AppError('not_found', 'the user no longer exists');
    return user;
  }
}

/** The zone's name as the runtime spells it, or `unknown_time_zone`. */
export function canonicalZone(zone: string): string {
  const trimmed = zone.trim();
  if (!isIanaZone(trimmed))
    throw new AppError(
      'unknown_time_zone',
      `time zone: "${zone}" is not an IANA time zone, such as Europe/Berlin or America/New_York`,
    );
  return new Intl.DateTimeFormat('en', { timeZone: trimmed }).resolvedOptions().timeZone;
}

function viewOf(user: User): ProfileView {
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    timeZone: user.timeZone,
    role: user.role,
  };
}
