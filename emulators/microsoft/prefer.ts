/** The `Prefer` header of Graph requests: odata.maxpagesize and outlook.timezone (contract §2.1). */
import { responseZone, type ResponseZone } from './event-fields.js';

export interface Preferences {
  maxPageSize: number | null;
  zone: ResponseZone;
  /** The zone name as the client wrote it, or null when it asked for none. */
  zoneName: string | null;
}

/** Several Prefer headers arrive joined with commas; each preference is found on its own. */
export function readPrefer(header: string | string[] | undefined): Preferences {
  const text = Array.isArray(header) ? header.join(', ') : (header ?? '');
  const size = /odata\.maxpagesize\s*=\s*(\d+)/i.exec(text)?.[1];
  const zoneName =
    /outlook\.timezone\s*=\s*"([^"]*)"/i.exec(text)?.[1] ??
    /outlook\.timezone\s*=\s*([^,;"]+)/i.exec(text)?.[1]?.trim() ??
    null;
  return {
    maxPageSize: size ? Math.max(1, Number(size)) : null,
    zone: responseZone(zoneName ?? undefined),
    zoneName,
  };
}

/** What the response says it applied, as Graph's Preference-Applied header. */
export function preferenceApplied(prefs: Preferences): string | null {
  const applied: string[] = [];
  if (prefs.maxPageSize !== null) applied.push(`odata.maxpagesize=${prefs.maxPageSize}`);
  if (prefs.zoneName !== null) applied.push(`outlook.timezone="${prefs.zoneName}"`);
  return applied.length ? applied.join(', ') : null;
}
