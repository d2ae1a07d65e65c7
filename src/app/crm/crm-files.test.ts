import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCrmCsv, parseOrganisationFile } from './crm-files.js';
import { parseCsv } from './csv.js';

const ROOT = join(import.meta.dirname, '../../..');

describe('CRM files', () => {
  it("reads the contract's org.json: CRM ids become external ids, accounts are named by theirs", () => {
    const records = parseOrganisationFile(
      JSON.stringify({
        internalDomains: ['northwind.io'],
        accounts: [{ id: 'acc-1', name: 'Acme', domains: ['Acme.com'], stage: 'negotiation' }],
        leads: [{ id: 'lead-1', email: 'jdoe@acme.com', company: 'Acme', accountId: 'acc-1' }],
        contacts: [{ email: 'cfo@acme.com', title: 'CFO', extra: 'ignored' }],
      }),
    );
    expect(records).toEqual({
      internalDomains: ['northwind.io'],
      accounts: [
        { externalId: 'acc-1', name: 'Acme', domains: ['acme.com'], stage: 'negotiation' },
      ],
      leads: [
        {
          externalId: 'lead-1',
          email: 'jdoe@acme.com',
          company: 'Acme',
          accountExternalId: 'acc-1',
        },
      ],
      contacts: [{ email: 'cfo@acme.com', title: 'CFO' }],
    });
    expect(parseOrganisationFile('{}')).toEqual({
      internalDomains: [],
      accounts: [],
      leads: [],
      contacts: [],
    });
  });

  it('skips a byte-order mark at the start of org.json', () => {
    const records = parseOrganisationFile('\uFEFF{"internalDomains": ["northwind.io"]}');
    expect(records.internalDomains).toEqual(['northwind.io']);
  });

  it('reads every organisation file of the corpus', () => {
    for (const org of ['helvetia-analytics', 'lumiere-paie', 'ruta-logistica']) {
      const records = parseOrganisationFile(
        readFileSync(join(ROOT, 'corpus', org, 'org.json'), 'utf8'),
      );
      expect(records.accounts.length).toBeGreaterThan(0);
    }
  });

  it('names the record and field that is wrong', () => {
    expect(() => parseOrganisationFile('{"accounts": [{"name": "A"}, {"domains": []}]}')).toThrow(
      'accounts.1.name',
    );
    expect(() => parseOrganisationFile('{"leads": [{"email": "nope"}]}')).toThrow('leads.0.email');
    expect(() => parseOrganisationFile('not json')).toThrow('not JSON');
  });

  it('reads a CSV of one kind: quoted cells, domain lists, empty cells absent', () => {
    const records = parseCrmCsv(
      'accounts',
      '\uFEFFid,name,domains,stage\r\nacc-1,"Acme, Inc.",acme.com; acme.co.uk,demo\r\n,Solo,,\r\n\r\n',
    );
    expect(records.accounts).toEqual([
      {
        externalId: 'acc-1',
        name: 'Acme, Inc.',
        domains: ['acme.com', 'acme.co.uk'],
        stage: 'demo',
      },
      // An empty cell is absent: an update keeps what is stored, a new account has none.
      { name: 'Solo' },
    ]);
    expect(() => parseCrmCsv('contacts', 'email,accountId\nbad,acc-1\n')).toThrow('row 1.email');
  });

  it('parses RFC 4180 quoting: commas, doubled quotes and line breaks inside quotes', () => {
    expect(parseCsv('a,"b ""quoted""","multi\nline"\nlast,row,\n')).toEqual([
      ['a', 'b "quoted"', 'multi\nline'],
      ['last', 'row', ''],
    ]);
  });
});
