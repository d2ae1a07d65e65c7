import { apiRequest } from './client';

export interface Profile {
  id: string;
  email: string;
  name: string | null;
  timeZone: string | null;
  role: 'admin' | 'member';
}

/** Sets the signed-in user's own time zone (an IANA name, or null for none). */
export function setProfileTimeZone(timeZone: string | null): Promise<Profile> {
  return apiRequest<Profile>('/api/v1/me/', { method: 'PATCH', body: { timeZone } });
}
