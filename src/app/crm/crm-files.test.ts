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
      ignored: ['contacts.0.extra'],
    });
    expect(parseOrganisationFile('{}')).toEqual({
      internalDomains: [],
      accounts: [],
      leads: [],
      contacts: [],
    });
  });

  it('leaves out the fields the contract does not name, as it says, and lists them with a likely meaning', () => {
    // QA: "Stage" and "domain" were dropped without a word, the account stored with no stage.
    const records = parseOrganisationFile(
      JSON.stringify({
        accounts: [{ id: 'typo-1', name: 'Typo Co', domain: 'typo.example', Stage: 'demo' }],
        leads: [{ id: 'l-1', email: 'a@typo.example', accountID: 'typo-1' }],
        acounts: [],
      }),
    );
    expect(records.accounts).toEqual([{ externalId: 'typo-1', name: 'Typo Co' }]);
    expect(records.ignored).toEqual([
      'acounts (did you mean "accounts"?)',
      'accounts.0.domain (did you mean "domains"?)',
      'accounts.0.Stage (did you mean "stage"?)',
      'leads.0.accountID (did you mean "accountId"?)',
    ]);
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

  it('refuses a record given twice in a file, naming both positions, instead of merging them', () => {
    const twice = (list: string, items: object[]) =>
      parseOrganisationFile(JSON.stringify({ [list]: items }));
    expect(() =>
      twice('accounts', [
        { id: 'acc-7', name: 'Acme' },
        { id: 'acc-8', name: 'Globex' },
        { id: 'acc-7', name: 'Acme again' },
      ]),
    ).toThrow('accounts.2.externalId: "acc-7" is also item 0\'s; each record once per file');
    // Without a CRM id a lead is its email, whatever its case.
    expect(() =>
      twice('leads', [{ email: 'jdoe@acme.com' }, { email: 'JDoe@Acme.com', name: 'J' }]),
    ).toThrow('leads.1.email: "JDoe@Acme.com" is also item 0\'s (as jdoe@acme.com)');
    expect(() =>
      twice('contacts', [
        { id: 'c-1', email: 'a@acme.com' },
        { id: 'c-1', email: 'b@acme.com' },
      ]),
    ).toThrow('contacts.1.externalId: "c-1" is also item 0\'s');
    // The same person as a lead and as a contact is two records, as are two CRM ids.
    expect(
      parseOrganisationFile(
        JSON.stringify({
          leads: [{ email: 'a@acme.com' }],
          contacts: [
            { id: 'c-1', email: 'a@acme.com' },
            { id: 'c-2', email: 'a@acme.com' },
          ],
        }),
      ).contacts,
    ).toHaveLength(2);
  });

  it('refuses a record given twice in a CSV, naming both rows', () => {
    // Lines of the file, the header and the blank line counted, as an editor numbers them.
    const accounts = 'id,name\nacc-7,Acme\n\nacc-8,Globex\nacc-7,Acme again\n';
    expect(() => parseCrmCsv('accounts', accounts)).toThrow(
      'line 5, column 1 (id): "acc-7" is also line 2\'s; each record once per file',
    );
    expect(() => parseCrmCsv('accounts', 'name\nAcme\nAcme\n')).toThrow(
      'line 3, column 1 (name): "Acme" is also line 2\'s',
    );
    expect(() => parseCrmCsv('contacts', 'email\njdoe@acme.com\nJDOE@acme.com\n')).toThrow(
      'line 3, column 1 (email): "JDOE@acme.com" is also line 2\'s (as jdoe@acme.com)',
    );
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
    expect(() => parseCrmCsv('contacts', 'email,accountId\nbad,acc-1\n')).toThrow(
      'line 2, column 1 (email): Invalid email address',
    );
  });

  it('refuses an unterminated quote instead of reading the rest of the file into one cell', () => {
    const text =
      'id,name,domains,stage\nacc-2,"Globex, Inc,globex.com,demo\nacc-3,Initech,initech.com,demo\n';
    expect(() => parseCrmCsv('accounts', text)).toThrow(
      'line 2: unterminated quoted field (opened on line 2)',
    );
  });

  it('refuses a row with more cells than the header, naming the row', () => {
    const text = 'id,name\nacc-1,Acme\n\nacc-2,Globex, Inc\n';
    // The blank line is still counted: the line named is the one a reader finds in the file.
    expect(() => parseCrmCsv('accounts', text)).toThrow(
      'line 4: 3 cells, but the header names 2 columns',
    );
    // Empty trailing cells, as some spreadsheets export them, hold nothing to lose.
    expect(parseCrmCsv('accounts', 'id,name\nacc-1,Acme,,\n').accounts).toEqual([
      { externalId: 'acc-1', name: 'Acme' },
    ]);
  });

  it('refuses header columns it does not know, listing the ones of the kind', () => {
    const misnamed = 'id,name,domain,Stage\nacc-5,Hooli,hooli.com,demo\n';
    expect(() => parseCrmCsv('accounts', misnamed)).toThrow(
      'header: unknown columns "domain" (did you mean "domains"?), "Stage" (did you mean "stage"?); accounts take id, externalId, name, domains, stage',
    );
    expect(() => parseCrmCsv('contacts', 'email,company\na@b.com,B\n')).toThrow(
      'contacts take id, externalId, email, name, accountId, accountExternalId, title',
    );
    expect(() => parseCrmCsv('leads', 'email,name,name\na@b.com,A,B\n')).toThrow(
      'header: column "name" given twice',
    );
    expect(() => parseCrmCsv('accounts', 'id,name,externalId\nacc-1,A,acc-2\n')).toThrow(
      'header: columns "id" and "externalId" name the same field',
    );
    // A column without a name is refused only where a row puts a value under it.
    expect(parseCrmCsv('leads', 'email,,name\na@b.com,,Al\n').leads).toEqual([
      { email: 'a@b.com', name: 'Al' },
    ]);
    expect(() => parseCrmCsv('leads', 'email,,name\na@b.com,x,Al\n')).toThrow(
      'line 2: a value in column 2, which the header does not name',
    );
  });

  it('names every bad row by its line in the file and its column, and imports none of them', () => {
    // QA: errors named `row 1.email` (counted after the header) and stopped at the first.
    const text =
      'externalId,email,name,accountExternalId\ncon-1,bad,"Carol,\nVP",acc-1\ncon-2,dave@x.com,Dave,acc-1,extra\n\ncon-3,also-bad,Eve,\n';
    expect(() => parseCrmCsv('contacts', text)).toThrow(
      'nothing was imported; fix these rows: line 2, column 2 (email): Invalid email address; ' +
        'line 4: 5 cells, but the header names 4 columns; ' +
        'line 6, column 2 (email): Invalid email address',
    );
  });

  it('locates each record by its line and column, for the checks made when importing', () => {
    const records = parseCrmCsv('leads', 'id,email\nl-1,"a@b.com"\n\nl-2,c@d.com\n');
    expect(records.locate?.leads?.(1, 'externalId')).toBe('line 4, column 1 (id)');
    expect(records.locate?.leads?.(0, 'accountExternalId')).toBe(
      'line 2, accountExternalId (no such column)',
    );
  });

  it('still takes every column the API names, besides the contract ones', () => {
    const records = parseCrmCsv(
      'leads',
      'externalId,email,name,company,accountExternalId\nl-1,a@b.com,A,B,acc-1\n',
    );
    expect(records.leads).toEqual([
      { externalId: 'l-1', email: 'a@b.com', name: 'A', company: 'B', accountExternalId: 'acc-1' },
    ]);
  });

  it('parses RFC 4180 quoting: commas, doubled quotes and line breaks inside quotes', () => {
    expect(parseCsv('a,"b ""quoted""","multi\nline"\nlast,row,\n')).toEqual([
      ['a', 'b "quoted"', 'multi\nline'],
      ['last', 'row', ''],
    ]);
  });
});
