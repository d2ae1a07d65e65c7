import { describe, expect, it } from 'vitest';
import { NO_AVAILABILITY } from './availability.js';
import { makeConflictEvent } from './make-event.js';
import { conflictSettings } from './settings.js';
import { delegate, type SuggestionContext } from './suggestions.js';

const ANA = 'ana@northwind.io';
const context: SuggestionContext = {
  settings: conflictSettings({ internalDomains: ['northwind.io'] }),
  availability: NO_AVAILABILITY,
  now: 0,
  ownerBusy: [],
  priorityOf: () => ({ score: 0, reasons: [] }),
};
const review = (attendees: { email: string; name?: string; responseStatus?: 'accepted' }[]) =>
  makeConflictEvent({
    id: 'review',
    owner: ANA,
    title: 'Pipeline review',
    start: 10,
    end: 20,
    organizer: { email: 'lee@northwind.io' },
    attendees: [{ email: ANA, responseStatus: 'accepted' }, ...attendees],
  });

describe('the delegate is named', () => {
  it('by name where the name is unique among the attendees', () => {
    const s = delegate(review([{ email: 'sam.k@northwind.io', name: 'Sam' }]), context);
    expect(s?.delegateName).toBe('Sam');
  });

  it('by name and email when two invited colleagues share the name', () => {
    const s = delegate(
      review([
        { email: 'sam.k@northwind.io', name: 'Sam', responseStatus: 'accepted' },
        { email: 'sam.l@northwind.io', name: ' sam ' },
      ]),
      context,
    );
    expect(s?.delegateTo).toBe('sam.k@northwind.io');
    expect(s?.delegateName).toBe('Sam (sam.k@northwind.io)');
  });
});
