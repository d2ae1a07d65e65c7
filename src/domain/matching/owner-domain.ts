/**
 * The organisation's domains when it names none (an organisation set up without them,
 * `calintel analyze` without --org): the calendar owner's own registrable domain, unless it is
 * free mail. Without it every colleague on the owner's domain counted as external, so an internal
 * meeting read as one with a prospect ("people from brunner-praezision.ch and
 * helvetia-analytics.ch together" for a Helvetia Analytics calendar). Conflicts read colleagues
 * the same way (isInternal in src/domain/conflicts/people.ts).
 */
import { isFreeMailDomain, parseAddress, registrableDomain } from './addresses.js';
import type { CrmIndex } from './crm.js';
import { perIndexMemo } from './per-index-memo.js';

/** The index with one internal domain: made once per index and domain, so its memos are kept. */
const WITH_OWNER_DOMAIN = perIndexMemo(
  (index, domain): CrmIndex => ({ ...index, internalDomains: [domain] }),
  1_000,
);

/** The index to match a copy of `calendarOwner`'s calendar with. */
export function indexForOwner(index: CrmIndex, calendarOwner: string | null): CrmIndex {
  if (index.internalDomains.length > 0 || !calendarOwner) return index;
  const owner = parseAddress(calendarOwner);
  if (!owner || isFreeMailDomain(owner.domain)) return index;
  return WITH_OWNER_DOMAIN(index, registrableDomain(owner.domain));
}
