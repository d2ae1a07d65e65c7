import { describe, expect, it } from 'vitest';
import { colleagueAccountError, colleagueOwning } from './colleague-account.js';

const DANA = { id: 'u-dana', email: 'dana@northwind.io', name: 'Dana Reyes' };
const LUKAS = { id: 'u-lukas', email: 'lukas@northwind.io', name: 'Lukas Becker' };
const GMAIL = { id: 'u-gmail', email: 'ana.silva@gmail.com', name: null };
const USERS = [DANA, LUKAS, GMAIL];

describe('colleagueOwning', () => {
  it('finds the colleague whose mailbox the account is, however it is written', () => {
    for (const address of ['lukas@northwind.io', 'Lukas@Northwind.IO', 'lukas+cal@northwind.io'])
      expect(colleagueOwning(address, DANA.id, USERS), address).toBe(LUKAS);
    expect(colleagueOwning('anasilva@googlemail.com', DANA.id, USERS)).toBe(GMAIL);
  });

  it("is nobody for the caller's own account, however it is written", () => {
    expect(colleagueOwning('dana@northwind.io', DANA.id, USERS)).toBeNull();
    expect(colleagueOwning('DANA+work@northwind.io', DANA.id, USERS)).toBeNull();
  });

  it('is nobody for an address no user has, or for a name that is no address', () => {
    expect(colleagueOwning('sales@northwind.io', DANA.id, USERS)).toBeNull();
    expect(colleagueOwning('lukas', DANA.id, USERS)).toBeNull();
    expect(colleagueOwning('lukas@northwind.com', DANA.id, USERS)).toBeNull();
  });

  it('lets the caller through when a colleague shares the mailbox with them', () => {
    const alias = { id: 'u-alias', email: 'dana+crm@northwind.io', name: 'Dana (CRM)' };
    expect(colleagueOwning('dana@northwind.io', DANA.id, [alias, DANA])).toBeNull();
    expect(colleagueOwning('dana@northwind.io', LUKAS.id, [alias, DANA])).toBe(alias);
  });
});

describe('colleagueAccountError', () => {
  it('names the colleague and says the calendar is theirs to connect', () => {
    const error = colleagueAccountError('lukas@northwind.io', LUKAS);
    expect(error.code).toBe('account_belongs_to_colleague');
    expect(error.message).toContain('Lukas Becker (lukas@northwind.io)');
    expect(error.message).toContain('theirs to connect');
    expect(error.message).toContain('free/busy');
    expect(colleagueAccountError('ana.silva@gmail.com', GMAIL).message).toContain(
      'calendar of ana.silva@gmail.com,',
    );
  });
});
