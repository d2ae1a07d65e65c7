import { describe, expect, it } from 'vitest';
import { makeConflictEvent, type ConflictEventInput } from './make-event.js';
import { meetingPriority } from './priority.js';
import { conflictSettings } from './settings.js';

const ANA = 'ana@northwind.io';
const settings = conflictSettings({ internalDomains: ['northwind.io'] });

const event = (fields: Partial<ConflictEventInput>) =>
  makeConflictEvent({ id: 'e', owner: ANA, title: 'Meeting', start: 0, end: 3_600_000, ...fields });

const sales = (meetingType: string, accountStage: string | null) => ({
  isSalesMeeting: true,
  confidence: 0.92,
  meetingType,
  accountId: 'acc-1',
  accountStage,
});

describe('meetingPriority', () => {
  const closing = event({
    title: 'Acme: order form signature',
    organizer: { email: 'cfo@acme.com' },
    attendees: [{ email: ANA, responseStatus: 'accepted' }, { email: 'cfo@acme.com' }],
    meeting: sales('closing', 'negotiation'),
  });
  const discovery = event({
    organizer: { email: ANA },
    attendees: [{ email: ANA }, { email: 'lead@prospect.example' }],
    meeting: sales('discovery', 'prospecting'),
  });
  const recurringInternal = event({
    title: 'Team sync',
    seriesId: 's-1',
    attendees: [{ email: ANA, responseStatus: 'accepted' }, { email: 'ben@northwind.io' }],
  });
  const oneOffInternal = event({
    title: 'Hiring debrief',
    attendees: [{ email: ANA }, { email: 'ben@northwind.io' }],
  });
  const hold = event({ title: 'Focus time' });

  it('orders a customer-organised closing call above discovery, internal meetings and holds', () => {
    const scores = [closing, discovery, oneOffInternal, recurringInternal, hold].map(
      (e) => meetingPriority(e, settings).score,
    );
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    expect(new Set(scores).size).toBe(scores.length);
  });

  it('says why, the weightiest reason first', () => {
    const { score, reasons } = meetingPriority(closing, settings);
    expect(score).toBe(100);
    expect(reasons[0]).toBe('a sales meeting (92% sure) (+25)');
    expect(reasons).toContain('a closing meeting (+20)');
    expect(reasons).toContain('the account is at the negotiation stage (+10)');
    expect(reasons).toContain('organised by cfo@acme.com (their meeting) (+10)');
    expect(meetingPriority(recurringInternal, settings).reasons).toContain(
      'a recurring internal meeting: one instance can move (-10)',
    );
    expect(meetingPriority(oneOffInternal, settings).reasons).toEqual([
      'a one-off internal meeting',
    ]);
    expect(meetingPriority(hold, settings).reasons[0]).toBe('your own hold or focus block (-25)');
  });

  it('counts the crowd, and lowers tentative, unanswered and optional invitations', () => {
    const crowd = event({
      attendees: Array.from({ length: 12 }, (_, i) => ({ email: `p${i}@northwind.io` })),
    });
    expect(meetingPriority(crowd, settings).reasons).toContain('13 people invited (+8)');
    const base = meetingPriority(oneOffInternal, settings).score;
    const unsure = event({
      status: 'tentative',
      attendees: [
        { email: ANA, responseStatus: 'needsAction', optional: true },
        { email: 'ben@northwind.io' },
      ],
    });
    expect(meetingPriority(unsure, settings).score).toBe(base - 13);
  });
});
