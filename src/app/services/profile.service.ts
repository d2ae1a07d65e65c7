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
    const before = await this.user(scope);
    if (before.timeZone === timeZone) return viewOf(before);
    await this.store.transaction(async (tx) => {
      await tx.users.setTimeZone(scope, timeZone);
      await tx.audit.append(
        { orgId: scope.orgId, userId: by },
        {
          action: TIME_ZONE_AUDIT,
          target: scope.userId,
          details: { from: before.timeZone, to: timeZone },
        },
      );
    });
    await this.afterZoneChange(scope);
    return viewOf({ ...before, timeZone });
  }

  private async user(scope: Scope): Promise<User> {
    const user = await this.store.users.get(scope);
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
