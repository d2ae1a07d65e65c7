import { describe, expect, it } from 'vitest';
import { isSharedCalendarId, mailboxAddress, sharedMailboxesOf } from './exchange-shared.js';

describe('mailboxAddress', () => {
  it('takes an SMTP address, trimmed and in lower case', () => {
    expect(mailboxAddress('  Boss@Corp.Example ')).toBe('boss@corp.example');
    expect(mailboxAddress('sales.team+emea@corp.example')).toBe('sales.team+emea@corp.example');
  });

  it('refuses what is not one address', () => {
    for (const typed of [
      '',
      'boss',
      'boss@corp',
      'boss@@corp.example',
      'Bea Boss <boss@corp.example>',
      'boss@corp.example, ann@corp.example',
      'boss@corp.example;',
      'bo ss@corp.example',
      'boss@corp.',
      `${'a'.repeat(250)}@corp.example`,
    ])
      expect(mailboxAddress(typed), typed).toBeNull();
  });
});

it('a connection’s shared mailboxes are the valid addresses of its setting, once each', () => {
  expect(sharedMailboxesOf({})).toEqual([]);
  expect(sharedMailboxesOf({ sharedMailboxes: 'boss@corp.example' })).toEqual([]);
  expect(
    sharedMailboxesOf({ sharedMailboxes: ['boss@corp.example', 'BOSS@corp.example', 7, 'nope'] }),
  ).toEqual(['boss@corp.example']);
});

it('only an address names another person’s Calendar', () => {
  expect(isSharedCalendarId('boss@corp.example')).toBe(true);
  expect(isSharedCalendarId('calendar')).toBe(false);
  expect(isSharedCalendarId('AAMkFldTeam')).toBe(false);
});
