import { describe, expect, it } from 'vitest';
import {
  accountDisplayName,
  conflictKindLabel,
  humanize,
  meetingTypeLabel,
  personLabel,
  providerLabel,
  severityLabel,
} from './labels';

describe('labels', () => {
  it('names meeting types in words', () => {
    expect(meetingTypeLabel('follow_up')).toBe('Follow-up');
    expect(meetingTypeLabel('discovery')).toBe('Discovery');
    expect(meetingTypeLabel(null)).toBe('Not typed');
  });

  it('turns codes into words', () => {
    expect(humanize('at_risk')).toBe('At risk');
    expect(humanize('c_level')).toBe('C-level');
    expect(humanize('it')).toBe('IT');
    expect(humanize('accelerating')).toBe('Accelerating');
  });

  it('names providers and conflicts', () => {
    expect(providerLabel('microsoft')).toBe('Outlook');
    expect(providerLabel('something_new')).toBe('Something new');
    expect(conflictKindLabel('travel')).toBe('Travel time');
    expect(severityLabel('high')).toBe('High severity');
  });

  it('names an account without a name by its domain or address', () => {
    expect(accountDisplayName('Acme', 'acc_1')).toBe('Acme');
    expect(accountDisplayName(null, 'domain:acme.com')).toBe('acme.com');
    expect(accountDisplayName('  ', 'jo@gmail.com')).toBe('jo@gmail.com');
  });

  it('shows a person by name and address, or address alone', () => {
    expect(personLabel({ name: 'Jo Lee', email: 'jo@acme.com' })).toBe('Jo Lee <jo@acme.com>');
    expect(personLabel({ name: null, email: 'jo@acme.com' })).toBe('jo@acme.com');
  });
});
